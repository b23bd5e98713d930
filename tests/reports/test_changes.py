import datetime as dt

import pytest
from freezegun import freeze_time

from actionplan.reports.changes import changes_between
from tests.exports.history import FEB_NOTE, MARCH_NOTE, action

pytestmark = pytest.mark.django_db


def _refs(changes):
    return sorted(c.ref for c in changes)


def test_changes_in_february_are_the_february_updates(history_plan):
    changes = changes_between(history_plan, dt.date(2018, 1, 31), dt.date(2018, 2, 28))
    moves = {c.ref: (c.old, c.new, c.direction) for c in changes.rag_moves}
    # Not rated -> rated is neither better nor worse.
    assert moves == {"1.1": (None, "amber", ""), "3.1": (None, "green", ""), "11.3": (None, "red", "")}
    assert [c.new for c in changes.notes] == [FEB_NOTE]
    assert changes.due_dates == [] and changes.completed == [] and changes.new_actions == []


def test_march_brings_improvements_completion_sign_off_and_a_slipped_date(history_plan):
    changes = changes_between(history_plan, dt.date(2018, 2, 28), dt.date(2018, 3, 31))
    assert _refs(changes.improving) == ["1.1", "11.3", "3.1"]
    assert changes.worsening == []
    assert _refs(changes.completed) == ["3.1"] and _refs(changes.signed_off) == ["3.1"]
    (slipped,) = changes.slipped
    assert (slipped.ref, slipped.old, slipped.new) == ("4.1", "2018-04-30", "2018-07-31")
    assert slipped.detail == "Waiting for the new provider"
    assert [c.new for c in changes.notes] == [MARCH_NOTE]


def test_a_rating_that_went_down_is_worsening(history_plan, mary):
    from actionplan.plans.writes import record_update

    with freeze_time("2018-04-05 09:00"):
        record_update(action(history_plan, "1.1"), mary, rag="red", reason="Workflow withdrawn")
    changes = changes_between(history_plan, dt.date(2018, 3, 31), dt.date(2018, 4, 30))
    assert [(c.ref, c.old, c.new) for c in changes.worsening] == [("1.1", "green", "red")]
    assert changes.rag_moves[0].who == "Mary Okafor"


def test_moves_that_cancel_out_are_not_reported(history_plan, mary):
    from actionplan.plans.writes import record_update

    with freeze_time("2018-04-05 09:00"):
        record_update(action(history_plan, "1.1"), mary, rag="red", reason="Wrong")
    with freeze_time("2018-04-06 09:00"):
        record_update(action(history_plan, "1.1"), mary, rag="green", reason="Put back")
    assert changes_between(history_plan, dt.date(2018, 3, 31), dt.date(2018, 4, 30)).rag_moves == []


def test_across_the_whole_period_the_changes_are_net(history_plan):
    changes = changes_between(history_plan, dt.date(2018, 1, 10), dt.date(2018, 3, 31))
    moves = {c.ref: (c.old, c.new) for c in changes.rag_moves}
    assert moves == {"1.1": (None, "green"), "3.1": (None, "blue"), "11.3": (None, "amber")}


def test_new_and_archived_actions_are_listed(history_plan, mary):
    from actionplan.plans.writes import structure as writes_structure

    rec = action(history_plan, "2.1").recommendation
    with freeze_time("2018-04-10 12:00"):
        writes_structure.add_action(rec, mary, text="Brand new action", leads=["Jenny Brennan"])
        writes_structure.archive_action(action(history_plan, "2.2"), mary, reason="Merged")
    changes = changes_between(history_plan, dt.date(2018, 4, 1), dt.date(2018, 4, 30))
    assert [c.action_text for c in changes.new_actions] == ["Brand new action"]
    assert [c.ref for c in changes.archived_actions] == ["2.2"]  # its number before it was archived


def test_what_came_with_the_import_is_not_news(history_plan):
    changes = changes_between(history_plan, dt.date(2018, 1, 1), dt.date(2018, 1, 31))
    assert changes.new_actions == [] and changes.notes == []
    assert changes.is_empty()
