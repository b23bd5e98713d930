"""`actionplan backup PATH` and `actionplan restore PATH`: the database and the uploaded files in
one .tar.gz with a manifest.

The database copy is consistent while the service runs: SQLite's online backup API, or pg_dump
(custom format, one snapshot) for PostgreSQL. Restore refuses to overwrite a database that holds
anything unless forced, checks every file against the manifest's checksum before touching
anything, and brings the schema up to date afterwards (a backup from an older release)."""

from __future__ import annotations

import glob
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connections
from django.utils import timezone

FORMAT = "actionplan-backup/1"
DB_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
UPLOADS = "uploads"


class BackupError(Exception):
    """Something the operator must fix, said in one line."""


def _connection():
    return connections["default"]


def _tool(name: str) -> str:
    """pg_dump / pg_restore from PATH, else the newest /usr/lib/postgresql/*/bin."""
    found = shutil.which(name)
    if found:
        return found
    candidates = glob.glob(f"/usr/lib/postgresql/*/bin/{name}")
    if not candidates:
        raise BackupError(f"{name} is not installed (PostgreSQL client tools are needed).")
    return max(candidates, key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)


def _pg_args(settings_dict: dict) -> tuple[list[str], dict]:
    args = ["--dbname", settings_dict["NAME"]]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            args += [option, str(settings_dict[key])]
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return args, env


def _run(argv: list[str], env: dict) -> None:
    result = subprocess.run(argv, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["failed"])[-1]
        raise BackupError(f"{Path(argv[0]).name}: {last}")


def _dump_database(target: Path) -> None:
    conn = _connection()
    if conn.vendor == "sqlite":
        conn.ensure_connection()
        dest = sqlite3.connect(target)
        try:
            conn.connection.backup(dest)
        finally:
            dest.close()
    elif conn.vendor == "postgresql":
        args, env = _pg_args(conn.settings_dict)
        _run([_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(target), *args], env)
    else:
        raise BackupError(f"Backups of {conn.vendor} databases are not supported.")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _upload_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def _counts() -> dict:
    from django.contrib.auth import get_user_model

    from actionplan.plans.models import Action, ChangeEvent, Plan, ProgressNote

    models = {"plans": Plan, "actions": Action, "notes": ProgressNote, "events": ChangeEvent,
              "users": get_user_model()}  # fmt: skip
    return {name: model.objects.count() for name, model in models.items()}


def _manifest(db_name: str, db_path: Path, files: list[Path]) -> dict:
    root = Path(settings.MEDIA_ROOT)
    return {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "engine": _connection().vendor,
        "database": {"path": db_name, "sha256": _sha256(db_path)},
        "counts": _counts(),
        "files": [
            {
                "path": f"{UPLOADS}/{p.relative_to(root).as_posix()}",
                "size": p.stat().st_size,
                "sha256": _sha256(p),
            }
            for p in files
        ],
    }


def create_backup(path: str | os.PathLike) -> dict:
    """Write the backup to path (atomically: a half-written backup never has the final name)."""
    path = Path(path)
    if path.is_dir():
        raise BackupError(f"{path}: is a folder; give the backup file's name.")
    with tempfile.TemporaryDirectory(prefix="actionplan-backup-") as work:
        db_name = DB_FILES.get(_connection().vendor, "database")
        db_path = Path(work) / db_name
        _dump_database(db_path)
        files = _upload_files()
        manifest = _manifest(db_name, db_path, files)
        partial = path.with_name(f".{path.name}.part")
        try:
            _write_tar(partial, manifest, db_path, files)
            os.replace(partial, path)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise BackupError(f"{path}: cannot be written ({exc.strerror}).") from None
    return manifest


def _write_tar(target: Path, manifest: dict, db_path: Path, files: list[Path]) -> None:
    root = Path(settings.MEDIA_ROOT)
    with tarfile.open(target, "w:gz") as tar:
        data = json.dumps(manifest, indent=2).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size, info.mtime = len(data), int(timezone.now().timestamp())
        tar.addfile(info, io.BytesIO(data))
        tar.add(db_path, arcname=manifest["database"]["path"])
        for file in files:
            tar.add(file, arcname=f"{UPLOADS}/{file.relative_to(root).as_posix()}")


# Restore -------------------------------------------------------------------------------------


def _safe_member(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(f"The backup holds an unsafe path: {name}")
    return path


def _unpack(path: Path, work: Path) -> dict:
    """Extract the manifest's files only, each checked against its checksum."""
    try:
        with tarfile.open(path, "r:gz") as tar:
            manifest = json.load(tar.extractfile("manifest.json"))
            if manifest.get("format") != FORMAT:
                raise BackupError(f"{path}: not an actionplan backup (format {manifest.get('format')!r}).")
            wanted = [manifest["database"], *manifest["files"]]
            if manifest["database"]["path"] not in DB_FILES.values() or any(
                not f["path"].startswith(f"{UPLOADS}/") for f in manifest["files"]
            ):
                raise BackupError(f"{path}: the manifest names files that have no place in a backup.")
            for entry in wanted:
                target = work / _safe_member(entry["path"])
                target.parent.mkdir(parents=True, exist_ok=True)
                with tar.extractfile(entry["path"]) as src, target.open("wb") as dest:
                    shutil.copyfileobj(src, dest)
                if _sha256(target) != entry["sha256"]:
                    raise BackupError(f"{path}: {entry['path']} is damaged (checksum differs).")
    except (tarfile.TarError, KeyError, OSError, ValueError) as exc:
        raise BackupError(f"{path}: cannot be read as a backup ({exc}).") from None
    return manifest


def database_has_data() -> bool:
    conn = _connection()
    tables = set(conn.introspection.table_names())
    with conn.cursor() as cursor:
        for table in ("plans_plan", "auth_user"):
            if table in tables:
                cursor.execute(f"SELECT 1 FROM {conn.ops.quote_name(table)} LIMIT 1")
                if cursor.fetchone():
                    return True
    return False


def _load_database(manifest: dict, db_file: Path) -> None:
    conn = _connection()
    if manifest["engine"] != conn.vendor:
        raise BackupError(f"The backup is of a {manifest['engine']} database; this one is {conn.vendor}.")
    if conn.vendor == "sqlite":
        # Copy page by page into the open database: works for a file or an in-memory database alike.
        conn.ensure_connection()
        source = sqlite3.connect(db_file)
        try:
            source.backup(conn.connection)
        finally:
            source.close()
    else:
        connections.close_all()  # pg_restore drops and recreates tables: no session may hold them
        args, env = _pg_args(conn.settings_dict)
        _run([_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
              "--single-transaction", *args, str(db_file)], env)  # fmt: skip


def _replace_uploads(unpacked: Path) -> None:
    """Swap the uploads folder for the backup's, keeping the old one until the new is in place."""
    root = Path(settings.MEDIA_ROOT)
    aside = root.with_name(f".{root.name}-before-restore")
    shutil.rmtree(aside, ignore_errors=True)
    if root.exists():
        os.replace(root, aside)
    if unpacked.is_dir():
        shutil.move(str(unpacked), str(root))
    else:
        root.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(aside, ignore_errors=True)


def restore_backup(path: str | os.PathLike, force: bool = False) -> dict:
    """Replace the database and uploaded files with the backup's. Refuses when the database
    already holds plans or users, unless force=True."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command

    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: no such file.")
    if not force and database_has_data():
        raise BackupError(
            "The database is not empty: add --force to replace everything in it with the backup."
        )
    with tempfile.TemporaryDirectory(prefix="actionplan-restore-") as work:
        manifest = _unpack(path, Path(work))
        _load_database(manifest, Path(work) / manifest["database"]["path"])
        _replace_uploads(Path(work) / UPLOADS)
    ContentType.objects.clear_cache()
    call_command("migrate", verbosity=0, interactive=False)  # a backup from an older release
    return manifest
