"""Editing a plan's structure through the write layer: every change recorded, nothing lost."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from actionplan.plans import writes
from actionplan.plans.concurrency import StaleEdit
from actionplan.plans.models import Action, ChangeEvent, ProgressNote
from actionplan.plans.queries import live_actions
from actionplan.plans.writes import structure as ws
from tests.editing.conftest import actions_of, rec_of

pytestmark = pytest.mark.django_db


def events_of(obj, **filters):
    key = "action" if isinstance(obj, Action) else "recommendation"
    events = ChangeEvent.objects.filter(**{key: obj}, **filters)
    if key == "recommendation":
        events = events.filter(action__isnull=True)
    return list(events.order_by("id"))


# Recommendations ------------------------------------------------------------------------------


def test_add_recommendation_goes_at_the_end_and_is_recorded(seed_plan, mary):
    rec = ws.add_recommendation(seed_plan, mary, "12.", "  Improve the front door  ")
    assert (rec.number, rec.text, rec.position) == ("12", "Improve the front door", 12)
    (event,) = events_of(rec)
    assert (event.kind, event.new, event.actor_name, event.object_version) == (
        "created",
        {"number": "12", "text": "Improve the front door"},
        "Mary Okafor",
        1,
    )


def test_duplicate_or_blank_recommendation_is_refused(seed_plan, mary):
    with pytest.raises(ValidationError) as exc:
        ws.add_recommendation(seed_plan, mary, "3", "")
    assert set(exc.value.message_dict) == {"number", "text"}


def test_edit_recommendation_records_old_and_new_for_each_field(seed_plan, mary):
    rec = rec_of(seed_plan, "2")
    old_text = rec.text
    ws.edit_recommendation(rec, mary, "2a", "Reworded", expected_version=1, reason="Board asked")
    rec.refresh_from_db()
    assert (rec.number, rec.text, rec.version) == ("2a", "Reworded", 2)
    changes = {e.field: (e.old, e.new, e.reason, e.object_version) for e in events_of(rec, kind="changed")}
    assert changes == {
        "number": ("2", "2a", "Board asked", 2),
        "text": (old_text, "Reworded", "Board asked", 2),
    }


def test_stale_recommendation_edit_is_refused_with_what_changed(seed_plan, mary, alice):
    rec = rec_of(seed_plan, "2")
    ws.edit_recommendation(rec, mary, "2", "Mary's words", expected_version=1)
    with pytest.raises(StaleEdit) as exc:
        ws.edit_recommendation(rec, alice, "2", "Alice's words", expected_version=1)
    assert [(c.field, c.new) for c in exc.value.changes] == [("text", "Mary's words")]
    rec.refresh_from_db()
    assert rec.text == "Mary's words"


def test_unchanged_recommendation_records_nothing(seed_plan, mary):
    rec = rec_of(seed_plan, "2")
    assert ws.edit_recommendation(rec, mary, rec.number, rec.text, expected_version=1) == []
    assert events_of(rec, kind="changed") == []


def test_move_recommendation_swaps_positions_and_records_both(seed_plan, mary):
    two, three = rec_of(seed_plan, "2"), rec_of(seed_plan, "3")
    ws.move_recommendation(three, mary, "up")
    two.refresh_from_db(), three.refresh_from_db()
    assert (two.position, three.position) == (3, 2)
    assert [(e.old, e.new) for e in events_of(three, field="position")] == [(3, 2)]
    assert [(e.old, e.new) for e in events_of(two, field="position")] == [(2, 3)]
    with pytest.raises(ValidationError, match="already the first"):
        ws.move_recommendation(rec_of(seed_plan, "1"), mary, "up")


def test_archived_recommendation_takes_its_actions_and_brings_them_back(seed_plan, mary):
    rec = rec_of(seed_plan, "3")
    first, second, third = actions_of(seed_plan, "3")
    ws.archive_action(third, mary, reason="Duplicate")
    ws.archive_recommendation(rec, mary, reason="Merged into 2")
    assert not live_actions().filter(recommendation=rec).exists()
    assert live_actions(include_archived=True).filter(recommendation=rec).count() == 3
    assert events_of(rec, kind="archived")[0].reason == "Merged into 2"
    ws.restore_recommendation(rec, mary)
    assert set(live_actions().filter(recommendation=rec)) == {first, second}  # third was archived before


def test_action_cannot_be_restored_under_an_archived_recommendation(seed_plan, mary):
    rec = rec_of(seed_plan, "4")
    ws.archive_recommendation(rec, mary)
    with pytest.raises(ValidationError, match="Restore recommendation 4 first"):
        ws.restore_action(actions_of(seed_plan, "4")[0], mary)


# Actions --------------------------------------------------------------------------------------


def test_add_action_reads_the_due_date_and_records_it(seed_plan, mary):
    rec = rec_of(seed_plan, "1")
    action = ws.add_action(
        rec, mary, "Audit case files", ["Jackie Cook", " April Bald ", "Jackie Cook"], "Q2 2018/19"
    )
    assert (action.position, action.due_text) == (2, "Q2 2018/19")
    assert action.baseline_due_date == action.due_date == dt.date(2018, 9, 30)
    assert [p.name for p in action.lead_people] == ["Jackie Cook", "April Bald"]
    (event,) = events_of(action)
    assert event.kind == "created" and event.new["due"] == {"text": "Q2 2018/19", "date": "2018-09-30"}


def test_add_action_at_a_position_shifts_the_rest(seed_plan, mary):
    rec = rec_of(seed_plan, "3")
    old_first = actions_of(seed_plan, "3")[0]
    action = ws.add_action(rec, mary, "New first step", ["April Bald"], "Ongoing", position=1)
    assert [a.pk for a in actions_of(seed_plan, "3")][:2] == [action.pk, old_first.pk]
    assert action.due_date is None
    assert [(e.old, e.new) for e in events_of(old_first, field="position")] == [(1, 2)]


def test_add_action_needs_text_and_a_lead(seed_plan, mary):
    with pytest.raises(ValidationError) as exc:
        ws.add_action(rec_of(seed_plan, "1"), mary, " ", [" "], "")
    assert set(exc.value.message_dict) == {"text", "leads"}


def test_edit_action_text_records_old_new_and_reason(seed_plan, mary):
    action = actions_of(seed_plan, "1")[0]
    old = action.text
    ws.edit_action_text(action, mary, "Shorter text", expected_version=1, reason="Plain English")
    (event,) = events_of(action, field="text")
    assert (event.old, event.new, event.reason, event.object_version) == (
        old,
        "Shorter text",
        "Plain English",
        2,
    )


def test_stale_action_edit_is_refused_and_changes_nothing(seed_plan, mary, alice):
    action = actions_of(seed_plan, "1")[0]
    writes.record_update(action, alice, text="Alice got there first", expected_version=1)
    with pytest.raises(StaleEdit):
        ws.edit_action(action, mary, "Mary's text", ["Jenny Brennan"], expected_version=1)
    action.refresh_from_db()
    assert action.text != "Mary's text" and [p.name for p in action.lead_people][0] == "April Bald"


def test_edit_action_changes_text_and_leads_together(seed_plan, mary):
    action = actions_of(seed_plan, "1")[0]
    assert ws.edit_action(action, mary, "New text", ["April Bald", "Jenny Brennan"], expected_version=1)
    action.refresh_from_db()
    assert action.version == 3 and action.text == "New text"
    leads = events_of(action, field="leads")[0]
    assert (leads.old, leads.new) == (["April Bald", "Elaine Allegretti"], ["April Bald", "Jenny Brennan"])


def test_move_action_down_swaps_positions(seed_plan, mary):
    first, second, _ = actions_of(seed_plan, "3")
    ws.move_action(first, mary, direction="down")
    assert [a.pk for a in actions_of(seed_plan, "3")][:2] == [second.pk, first.pk]
    assert [(e.old, e.new) for e in events_of(first, field="position")] == [(1, 2)]
    with pytest.raises(ValidationError, match="already the last"):
        ws.move_action(actions_of(seed_plan, "3")[-1], mary, direction="down")


def test_move_action_to_another_recommendation_renumbers_both(seed_plan, mary):
    first, second, third = actions_of(seed_plan, "3")
    ws.move_action(first, mary, recommendation=rec_of(seed_plan, "4"), position=1)
    assert [a.position for a in actions_of(seed_plan, "3")] == [1, 2]
    assert [a.pk for a in actions_of(seed_plan, "4")][0] == first.pk
    moved = events_of(first, field="recommendation")[0]
    assert (moved.old, moved.new, moved.recommendation.number) == ("3", "4", "4")


def test_split_keeps_notes_on_the_original_and_copies_leads_due_and_rag(seed_plan, mary):
    action, following = actions_of(seed_plan, "2")
    writes.record_update(action, mary, rag="amber", reason="Slipping")
    notes = set(ProgressNote.objects.filter(action=action).values_list("id", flat=True))
    original, new = ws.split_action(action, mary, ["Part one", "", "Part two"], reason="Two owners")
    assert [a.pk for a in actions_of(seed_plan, "2")] == [original.pk, new.pk, following.pk]
    new.refresh_from_db()
    assert (new.text, new.rag, new.due_date, new.baseline_due_date) == (
        "Part two",
        "amber",
        action.due_date,
        action.baseline_due_date,
    )
    assert [p.name for p in new.lead_people] == [p.name for p in action.lead_people]
    assert set(ProgressNote.objects.filter(action=original).values_list("id", flat=True)) == notes
    assert not ProgressNote.objects.filter(action=new).exists()
    text_change = events_of(original, field="text")[0]
    assert text_change.new == "Part one" and text_change.reason == "Split into 2 actions: Two owners"
    assert events_of(new, kind="created")[0].new == {"text": "Part two", "split_from": original.pk}


def test_split_needs_two_parts(seed_plan, mary):
    with pytest.raises(ValidationError, match="at least two parts"):
        ws.split_action(actions_of(seed_plan, "1")[0], mary, ["Only one", "  "])


def test_archived_action_is_kept_and_found_with_include_archived(seed_plan, mary):
    action = actions_of(seed_plan, "1")[0]
    ws.archive_action(action, mary, reason="Superseded")
    assert not live_actions().filter(pk=action.pk).exists()
    assert live_actions(include_archived=True).filter(pk=action.pk).exists()
    archived = events_of(action, kind="archived")[0]
    assert archived.reason == "Superseded" and archived.object_version == 2
    with pytest.raises(ValidationError, match="already archived"):
        ws.archive_action(action, mary)
    ws.restore_action(action, mary)
    assert live_actions().filter(pk=action.pk).exists()
    assert [e.kind for e in events_of(action)][-2:] == ["archived", "restored"]
