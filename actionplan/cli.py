"""`actionplan` command line: the contract in design.md. Bad input gives one line on stderr and
exit status 2, never a traceback."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from actionplan.errors import EXIT_BAD_INPUT, CommandError


def _django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "actionplan.settings")
    import django

    django.setup()


def _read_file(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise CommandError(f"{path}: no such file.") from None
    except IsADirectoryError:
        raise CommandError(f"{path}: is a folder, not a file.") from None
    except OSError as exc:
        raise CommandError(f"{path}: cannot be read ({exc.strerror}).") from None


def _mapping(pairs: list[str]) -> dict[str, str]:
    mapping = {}
    for pair in pairs or []:
        header, sep, field = pair.partition("=")
        if not sep or not header.strip() or not field.strip():
            raise CommandError(f'--map {pair!r}: write it as "Header=field".')
        mapping[header.strip()] = field.strip()
    return mapping


def _parse(path: str, map_pairs: list[str]):
    from actionplan.ingest import ReadError, parse

    mapping = _mapping(map_pairs)
    try:
        result = parse(_read_file(path), Path(path).name, mapping)
    except ReadError as exc:
        raise CommandError(f"{path}: {exc}") from None
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return result


def cmd_parse(args):
    sys.stdout.write(_parse(args.file, args.map).draft.to_json())


def cmd_import(args):
    if args.into:
        return _import_into(args)
    result = _parse(args.file, args.map)
    _django()
    from actionplan.plans.writes import save_draft

    plan = save_draft(result.draft, source_filename=Path(args.file).name)
    print(plan.id)


def _import_into(args):
    """Update an existing plan from a newer version of its document (the web's merge); print the report."""
    _django()
    from actionplan.imports.merge import apply_import_update

    plan = _get_plan(args.into)
    result = _parse(args.file, args.map)
    for line in apply_import_update(plan, result.draft, None, Path(args.file).name).lines():
        print(line)


def cmd_plans(args):
    _django()
    from actionplan.plans.models import Plan

    for plan in Plan.objects.filter(archived_at__isnull=True).order_by("id"):
        print(f"{plan.id}\t{plan.title}")


def _get_plan(plan_id):
    from actionplan.plans.models import Plan

    try:
        return Plan.objects.get(pk=int(plan_id))
    except (ValueError, Plan.DoesNotExist):
        raise CommandError(f"There is no plan {plan_id}: `actionplan plans` lists them.") from None


def _as_at(text):
    import datetime as dt

    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--as-at {text!r}: write the date as YYYY-MM-DD.") from None


def cmd_export(args):
    _django()
    from actionplan.exports import export, exporters

    if args.format not in exporters():
        raise CommandError(f"Unknown format {args.format!r}: choose one of {', '.join(sorted(exporters()))}.")
    data = export(_get_plan(args.id), args.format, _as_at(args.as_at))
    if args.output:
        _write_atomically(Path(args.output), data)
    else:
        sys.stdout.buffer.write(data)


def _write_atomically(path: Path, data: bytes):
    # Write beside the target and rename, so a killed export never leaves a half-written file.
    tmp = path.with_name(f".{path.name}.part")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise CommandError(f"{path}: cannot be written ({exc.strerror}).") from None


def _bench_generator():
    """bench/ is not part of the installed product: it is found beside the package in a checkout."""
    checkout = Path(__file__).resolve().parents[1]
    if (checkout / "bench" / "portfolio.py").is_file() and str(checkout) not in sys.path:
        sys.path.append(str(checkout))
    try:
        from bench.portfolio import generate
    except ImportError:
        raise CommandError(
            "generate needs the bench/ folder of a source checkout, which is not here."
        ) from None
    return generate


def cmd_generate(args):
    _django()
    import json

    from django.core.management import call_command
    from django.db import connection

    generate = _bench_generator()
    if args.size == "large" and connection.vendor != "postgresql" and not args.force:
        raise CommandError("--size large is for PostgreSQL (set DATABASE_URL), or add --force.")
    call_command("migrate", verbosity=0, interactive=False)
    try:
        info = generate(args.size, args.seed, progress=lambda line: print(line, file=sys.stderr, flush=True))
    except RuntimeError as exc:
        raise CommandError(str(exc)) from None
    print(json.dumps(info, indent=2))


def cmd_demo(args):
    _django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from actionplan.demo import load_demo

    for line in load_demo():
        print(line)


def cmd_serve(args):
    _django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    workers = os.environ.get("ACTIONPLAN_WORKERS", "3")
    threads = os.environ.get("ACTIONPLAN_THREADS", "4")
    argv = [
        sys.executable, "-m", "gunicorn", "actionplan.wsgi:application",
        "--bind", f"{args.host}:{args.port}",
        "--workers", workers, "--threads", threads, "--worker-class", "gthread",
        "--access-logfile", "-", "--graceful-timeout", "10", "--timeout", "120",
    ]  # fmt: skip
    print(f"Serving actionplan on http://{args.host}:{args.port}/", flush=True)
    os.execv(sys.executable, argv)


def cmd_manage(args):
    _django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["actionplan manage", *args.rest])


def cmd_user_add(args):
    _django()
    from actionplan.accounts.commands import add_user

    if not args.role:
        raise CommandError("--role is needed: admin, manager, lead or viewer.")
    print(add_user(args.name, args.role, args.plan, args.person, args.full_name or "", args.email or ""))


def cmd_user_list(args):
    _django()
    from actionplan.accounts.commands import list_users

    for line in list_users():
        print(line)


def cmd_backup(args):
    _django()
    from actionplan.backup import BackupError, create_backup

    try:
        manifest = create_backup(args.path)
    except BackupError as exc:
        raise CommandError(str(exc)) from None
    counts = ", ".join(f"{n} {k}" for k, n in manifest["counts"].items())
    print(f"Backed up {counts} and {len(manifest['files'])} files to {args.path}")


def cmd_restore(args):
    _django()
    from actionplan.backup import BackupError, restore_backup

    try:
        manifest = restore_backup(args.path, force=args.force)
    except BackupError as exc:
        raise CommandError(str(exc)) from None
    print(f"Restored the backup of {manifest['created_at']} ({len(manifest['files'])} files).")


def _moment(text):
    """--now YYYY-MM-DDTHH:MM, local time."""
    import datetime as dt

    from django.utils import timezone

    if not text:
        return timezone.now()
    try:
        moment = dt.datetime.strptime(text, "%Y-%m-%dT%H:%M")
    except ValueError:
        raise CommandError(f"--now {text!r}: write it as YYYY-MM-DDTHH:MM, e.g. 2018-03-01T08:00.") from None
    return timezone.make_aware(moment)


def cmd_remind(args):
    """Send what is due now: update requests, reminders, overdue notices, digests (docs/reminders.md)."""
    _django()
    from actionplan.notifications.outbox import send_due

    outcomes = send_due(_moment(args.now), dry_run=args.dry_run)
    for outcome in outcomes:
        print(outcome.line(), file=sys.stderr if outcome.status == "failed" else sys.stdout)
    return 1 if any(o.status == "failed" for o in outcomes) else 0


def _add_account_commands(sub) -> None:
    p = sub.add_parser("user", help="add or list users")
    users = p.add_subparsers(dest="user_command", required=True)
    p = users.add_parser("add", help="add a user, or give an existing user another role")
    p.add_argument("name")
    p.add_argument("--role", help="admin, manager, lead or viewer")
    p.add_argument("--plan", metavar="ID", help="the role holds on this plan only (default: every plan)")
    p.add_argument("--person", metavar="FULL NAME", help="link to the lead officer of this name")
    p.add_argument("--full-name", metavar="NAME")
    p.add_argument("--email")
    p.set_defaults(func=cmd_user_add)
    p = users.add_parser("list", help="one line per user: USERNAME<TAB>ROLES<TAB>LEAD OFFICER<TAB>STATE")
    p.set_defaults(func=cmd_user_list)

    p = sub.add_parser("backup", help="write the database and uploaded files to one .tar.gz")
    p.add_argument("path")
    p.set_defaults(func=cmd_backup)
    p = sub.add_parser("restore", help="replace the database and uploaded files with a backup's")
    p.add_argument("path")
    p.add_argument("--force", action="store_true", help="even over a database that holds plans or users")
    p.set_defaults(func=cmd_restore)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="actionplan", description="Track post-inspection action plans.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("parse", help="print a document as actionplan/1 JSON")
    p.add_argument("file")
    p.add_argument("--map", action="append", metavar="HEADER=field", help="say what a column holds")
    p.set_defaults(func=cmd_parse)

    p = sub.add_parser("import", help="save a document as a new plan and print its id")
    p.add_argument("file")
    p.add_argument("--map", action="append", metavar="HEADER=field", help="say what a column holds")
    p.add_argument(
        "--into", metavar="PLAN_ID",
        help="update this plan from a newer version of its document instead, and print what changed",
    )  # fmt: skip
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("plans", help="list plans: ID<TAB>TITLE")
    p.set_defaults(func=cmd_plans)

    p = sub.add_parser("export", help="write a plan in a format")
    p.add_argument("id")
    p.add_argument("--format", default="json")
    p.add_argument("-o", "--output", metavar="PATH")
    p.add_argument("--as-at", metavar="DATE", help="the plan as it stood at the end of DATE (YYYY-MM-DD)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("demo", help="load the seed plan and a `demo` administrator (safe to run twice)")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("generate", help="fill an empty database with a realistic portfolio (benchmarks)")
    p.add_argument("--size", choices=["small", "council", "large"], default="small")
    p.add_argument("--seed", type=int, default=1, help="the same seed makes the same portfolio")
    p.add_argument("--force", action="store_true", help="allow --size large on SQLite")
    p.set_defaults(func=cmd_generate)

    p = sub.add_parser("serve", help="serve the web application with gunicorn")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser(
        "remind", help="send the update requests, reminders and digests due now (run it every few minutes)"
    )
    p.add_argument("--dry-run", action="store_true", help="list what would be sent; send and write nothing")
    p.add_argument("--now", metavar="YYYY-MM-DDTHH:MM", help="act as if it were this local time (testing)")
    p.set_defaults(func=cmd_remind)

    p = sub.add_parser("manage", help="run any Django management command", add_help=False)
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(func=cmd_manage)
    _add_account_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    from django.core.exceptions import ImproperlyConfigured
    from django.db import DatabaseError

    args = build_parser().parse_args(argv)
    try:
        status = args.func(args)
    except (CommandError, ImproperlyConfigured) as exc:  # ImproperlyConfigured: a bad environment variable
        print(f"actionplan: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except DatabaseError as exc:  # e.g. a new, empty data dir: one line, never a traceback
        print(
            f"actionplan: the database is not ready ({exc}); run `actionplan manage migrate`", file=sys.stderr
        )
        return 1
    except KeyboardInterrupt:
        return 130
    return status if isinstance(status, int) else 0  # a command may return its exit status


if __name__ == "__main__":
    sys.exit(main())
