"""Importing a newer version of a plan's document into the plan: matched, added, changed, unplaced,
through the write layer, and nothing twice."""

import datetime as dt

import pytest

from actionplan.imports.merge import apply_import_update, plan_import_diff, similarity
from actionplan.ingest import parse
from actionplan.plans.models import Action, ChangeEvent, Evidence, ProgressNote, Recommendation
from tests.conftest import SEED_TXT
from tests.imports.conftest import NEW_ACTION, NEW_NOTE, NEW_REC

pytestmark = pytest.mark.django_db


def draft_of(data: bytes):
    return parse(data, SEED_TXT.name).draft


def action(plan, number, position):
    return Action.objects.get(plan=plan, recommendation__number=number, position=position)


def counts(plan):
    return (
        Recommendation.objects.filter(plan=plan).count(),
        Action.objects.filter(plan=plan).count(),
        ProgressNote.objects.filter(action__plan=plan).count(),
        ChangeEvent.objects.filter(plan=plan).count(),
    )


def test_similarity_ignores_case_punctuation_and_bullets():
    assert similarity("- Embed new MASH forms.", "embed new MASH forms") == 1.0
    assert similarity("Embed new MASH forms", "Write to every care leaver") < 0.3


def test_the_same_document_again_matches_everything_and_changes_nothing(seed_plan, seed_draft, mary):
    diff = plan_import_diff(seed_plan, seed_draft)
    assert len(diff.matched_recommendations) == 11 and len(diff.actions) == 18
    assert diff.is_empty and not diff.unplaced and not diff.not_in_document
    before = counts(seed_plan)
    report = apply_import_update(seed_plan, seed_draft, mary, SEED_TXT.name)
    assert not report.changed_anything
    assert counts(seed_plan) == before


def test_diff_reads_and_writes_nothing(seed_plan, updated_bytes):
    before = counts(seed_plan)
    diff = plan_import_diff(seed_plan, draft_of(updated_bytes))
    assert counts(seed_plan) == before
    assert [c.label for c in diff.applicable] == ["1.1", "2.1", "10.1"]
    assert diff.applicable[0].new_notes == [NEW_NOTE]
    assert diff.applicable[0].rag == (None, "amber")
    assert diff.applicable[1].due[1].date == "2018-12-31"
    assert [n.label for n in diff.new_actions] == ["11.4", "12.1"]
    assert [m.draft.number for m in diff.new_recommendations] == ["12"]
    assert [(u.where, u.reason) for u in diff.unplaced] == [
        ("recommendation 12, action 2", "The action names no lead officer, and every action needs one: "
         "add it on the plan page.")
    ]  # fmt: skip


def test_update_adds_new_notes_and_records_rag_and_date_changes(seed_plan, mary, updated_bytes):
    report = apply_import_update(seed_plan, draft_of(updated_bytes), mary, "plan-november.txt")

    first = action(seed_plan, "1", 1)
    assert first.rag == "amber"
    assert ProgressNote.objects.filter(action=first, text=NEW_NOTE).count() == 1
    assert ProgressNote.objects.filter(action=first).count() == 5  # the 4 imported, and the new one
    rag = ChangeEvent.objects.get(action=first, field="rag")
    assert (rag.old, rag.new, rag.reason, rag.user) == (
        None,
        "amber",
        "Imported from plan-november.txt",
        mary,
    )
    assert ChangeEvent.objects.filter(action=first, kind="note", new__text=NEW_NOTE).exists()

    moved = action(seed_plan, "2", 1)
    assert moved.due_date == dt.date(2018, 12, 31) and moved.baseline_due_date == dt.date(2018, 9, 30)
    due = ChangeEvent.objects.get(action=moved, field="due_date")
    assert (due.old, due.new, due.reason) == ("2018-09-30", "2018-12-31", "Imported from plan-november.txt")

    complete = action(seed_plan, "10", 1)
    assert complete.rag == "blue" and complete.completed_at is not None
    assert Evidence.objects.get(action=complete).note == "Marked complete in the imported document"

    guide = Action.objects.get(plan=seed_plan, text=NEW_ACTION)
    assert (
        guide.recommendation.number == "11"
        and guide.rag == "green"
        and guide.due_date == dt.date(2018, 6, 30)
    )
    assert [p.name for p in guide.lead_people] == ["Jackie Cook"]
    assert list(guide.notes.values_list("text", flat=True)) == ["Draft guide shared with young people"]
    rec12 = Recommendation.objects.get(plan=seed_plan, number="12")
    assert rec12.text.startswith(NEW_REC) and rec12.actions.count() == 1

    assert report.matched_recommendations == 11 and report.matched_actions == 18
    assert report.added_recommendations == ["12"] and report.added_actions == ["11.4", "12.1"]
    assert [label for label, _old, _new in report.rag_changes] == ["1.1", "10.1", "11.4"]
    assert [u.where for u in report.unplaced] == ["recommendation 12, action 2"]
    assert "could not be placed" in report.summary()


def test_importing_the_updated_document_twice_adds_nothing_the_second_time(seed_plan, mary, updated_bytes):
    apply_import_update(seed_plan, draft_of(updated_bytes), mary, "plan-november.txt")
    after_first = counts(seed_plan)
    report = apply_import_update(seed_plan, draft_of(updated_bytes), mary, "plan-november.txt")
    assert counts(seed_plan) == after_first
    assert not report.changed_anything
    assert report.matched_actions == 20  # the 18, and the two added the first time
    assert [u.where for u in report.unplaced] == [
        "recommendation 12, action 2"
    ]  # still reported, never added


def test_reworded_and_renumbered_items_still_match(seed_plan, seed_draft, mary):
    rec = seed_draft.recommendations[1]
    rec.number = "2a"  # renumbered, same wording
    rec.actions[0].text = rec.actions[0].text.replace("Undertake", "Carry out")  # lightly reworded
    seed_draft.recommendations[2].actions.reverse()  # reordered
    diff = plan_import_diff(seed_plan, seed_draft)
    assert diff.recommendations[1].how == "renumbered" and diff.recommendations[1].rec.number == "2"
    assert diff.for_key((1, 0)).label == "2.1" and diff.for_key((1, 0)).how == "reworded"
    assert [diff.for_key((2, i)).label for i in range(3)] == ["3.3", "3.2", "3.1"]
    assert diff.is_empty and not diff.new_actions


def test_a_reworded_key_point_is_not_a_new_note(seed_plan, seed_draft, mary):
    notes = seed_draft.recommendations[0].actions[0].notes
    notes[0] = notes[0].rstrip(".") + "."
    assert plan_import_diff(seed_plan, seed_draft).is_empty


def test_an_unrated_document_keeps_the_plans_rag(seed_plan, seed_draft, mary):
    from actionplan.plans import writes

    writes.record_update(action(seed_plan, "1", 1), mary, rag="green", reason="On track")
    assert plan_import_diff(seed_plan, seed_draft).is_empty


def test_a_failure_part_way_leaves_the_plan_as_it_was(seed_plan, mary, updated_bytes, monkeypatch):
    from actionplan.plans import writes

    before = counts(seed_plan)
    real = writes.revise_due_date

    def broken(*args, **kwargs):
        real(*args, **kwargs)
        raise RuntimeError("disk full")

    monkeypatch.setattr(writes, "revise_due_date", broken)
    with pytest.raises(RuntimeError):
        apply_import_update(seed_plan, draft_of(updated_bytes), mary, "plan-november.txt")
    assert counts(seed_plan) == before
    assert action(seed_plan, "1", 1).rag is None
