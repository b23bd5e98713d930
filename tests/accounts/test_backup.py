import io
import json
import tarfile

import pytest
from django.core.management import call_command

from actionplan.cli import main
from actionplan.plans.models import Action, ChangeEvent, Membership, Plan, ProgressNote
from actionplan.plans.writes import record_update, save_draft
from actionplan.plans.writes.admin import archive_plan

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def uploads(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    (settings.MEDIA_ROOT / "evidence" / "2025" / "03").mkdir(parents=True)
    (settings.MEDIA_ROOT / "evidence" / "2025" / "03" / "panel-minutes.pdf").write_bytes(b"%PDF-1.7 minutes")
    (settings.MEDIA_ROOT / "evidence" / "2025" / "03" / "tracker.csv").write_text("a,b\n1,2\n")
    return settings.MEDIA_ROOT


def snapshot(uploads) -> dict:
    """Everything a restore must bring back, as plain values."""
    return {
        "plans": list(Plan.objects.order_by("id").values_list("id", "title", "archived_at", "version")),
        "actions": list(Action.objects.order_by("id").values_list("id", "rag", "version")),
        "notes": list(
            ProgressNote.objects.order_by("id").values_list("id", "action_id", "text", "author_name")
        ),
        "events": list(
            ChangeEvent.objects.order_by("id").values_list("id", "kind", "field", "old", "new", "actor_name")
        ),
        "roles": list(Membership.objects.order_by("id").values_list("user__username", "plan_id", "role")),
        "files": {
            p.relative_to(uploads).as_posix(): p.read_bytes() for p in uploads.rglob("*") if p.is_file()
        },
    }


def change_everything(seed_plan, mary, uploads, seed_draft):
    action = seed_plan.actions.order_by("id").first()
    record_update(action, mary, text="Written after the backup", rag="red", reason="Slipped",
                  expected_version=action.version)  # fmt: skip
    archive_plan(Plan.objects.get(pk=seed_plan.pk), mary, "Tidy up")
    save_draft(seed_draft)
    (uploads / "evidence" / "2025" / "03" / "panel-minutes.pdf").unlink()
    (uploads / "stray.txt").write_text("new file")


def test_restore_brings_back_every_plan_note_event_and_file(
    tmp_path, capsys, seed_plan, seed_draft, mary, uploads
):
    action = seed_plan.actions.order_by("id").first()
    record_update(
        action, mary, text="Panel met", rag="amber", reason="Late start", expected_version=action.version
    )
    before = snapshot(uploads)
    path = tmp_path / "backup.tar.gz"

    assert main(["backup", str(path)]) == 0, capsys.readouterr().err
    assert "2 files" in capsys.readouterr().out
    with tarfile.open(path) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["counts"]["plans"] == 1 and len(manifest["files"]) == 2

    change_everything(seed_plan, mary, uploads, seed_draft)
    assert snapshot(uploads) != before

    assert main(["restore", str(path)]) == 2
    assert "--force" in capsys.readouterr().err
    assert main(["restore", str(path), "--force"]) == 0, capsys.readouterr().err
    assert snapshot(uploads) == before


def test_restore_into_an_empty_database_needs_no_force(tmp_path, capsys, seed_plan, mary, uploads):
    before = snapshot(uploads)
    path = tmp_path / "backup.tar.gz"
    assert main(["backup", str(path)]) == 0
    call_command("flush", interactive=False, verbosity=0)
    assert Plan.objects.count() == 0
    assert main(["restore", str(path)]) == 0, capsys.readouterr().err
    assert snapshot(uploads) == before


def test_a_damaged_backup_is_refused_before_anything_changes(tmp_path, capsys, seed_plan, uploads):
    path = tmp_path / "backup.tar.gz"
    assert main(["backup", str(path)]) == 0
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(path) as src, tarfile.open(damaged, "w:gz") as dest:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            if member.name.endswith("tracker.csv"):
                data, member.size = b"x,y\n", 4
            dest.addfile(member, io.BytesIO(data))
    before = snapshot(uploads)
    assert main(["restore", str(damaged), "--force"]) == 2
    assert "damaged" in capsys.readouterr().err
    assert snapshot(uploads) == before


def test_restore_of_something_else_is_one_line(tmp_path, capsys, db):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not a tarball")
    assert main(["restore", str(junk)]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert main(["restore", str(tmp_path / "missing.tar.gz")]) == 2
    assert "no such file" in capsys.readouterr().err
