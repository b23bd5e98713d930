import datetime as dt

import pytest
from freezegun import freeze_time

from actionplan.plans.asat import PlanHistory, actions_as_at, cutoff, plan_as_at
from actionplan.plans.queries import plan_to_draft
from tests.exports.history import FEB_NOTE, MARCH_NOTE, action

pytestmark = pytest.mark.django_db


def _action(draft, number, index=0):
    rec = next(r for r in draft.recommendations if r.number == number)
    return rec.actions[index]


def test_as_at_now_is_the_plan_as_it_stands(history_plan):
    assert plan_as_at(history_plan).to_dict() == plan_to_draft(history_plan).to_dict()


def test_as_at_before_any_update_is_the_imported_plan(history_plan, seed_draft):
    assert plan_as_at(history_plan, dt.date(2018, 1, 31)).to_dict() == seed_draft.to_dict()


def test_as_at_between_updates_has_the_values_known_then(history_plan):
    february = plan_as_at(history_plan, dt.date(2018, 2, 28))
    first = _action(february, "1")
    assert first.rag == "amber"
    assert FEB_NOTE in first.notes and MARCH_NOTE not in first.notes
    assert _action(february, "3").rag == "green"
    assert _action(february, "4").due.date == "2018-04-30" and _action(february, "4").due.text == "April 2018"


def test_as_at_after_updates_has_the_latest_values(history_plan):
    april = plan_as_at(history_plan, dt.date(2018, 4, 1))
    assert _action(april, "1").rag == "green" and MARCH_NOTE in _action(april, "1").notes
    assert _action(april, "3").rag == "blue"
    assert _action(april, "4").due.date == "2018-07-31"


def test_a_date_means_the_end_of_that_day_in_london(history_plan):
    # 15 February is winter time; the update at 10:00 is in, the day before it is not.
    assert _action(plan_as_at(history_plan, dt.date(2018, 2, 15)), "1").rag == "amber"
    assert _action(plan_as_at(history_plan, dt.date(2018, 2, 14)), "1").rag is None


def test_end_of_day_follows_british_summer_time():
    end = cutoff(dt.date(2018, 7, 1))
    assert end.utcoffset() == dt.timedelta(hours=1)
    assert end.astimezone(dt.UTC) == dt.datetime(2018, 7, 1, 22, 59, 59, 999999, tzinfo=dt.UTC)


def test_before_the_plan_existed_it_has_no_recommendations(history_plan):
    assert plan_as_at(history_plan, dt.date(2017, 12, 31)).recommendations == []


def test_the_same_as_at_gives_the_same_content_later(history_plan, mary):
    from actionplan.plans.writes import record_update

    before = plan_as_at(history_plan, dt.date(2018, 3, 31)).to_dict()
    with freeze_time("2018-05-02 12:00"):
        record_update(
            action(history_plan, "1.1"), mary, text="May: audit done", rag="amber", reason="Slipped"
        )
    assert plan_as_at(history_plan, dt.date(2018, 3, 31)).to_dict() == before


def test_a_corrected_note_shows_the_version_known_then(history_plan, mary):
    from actionplan.plans.models import ProgressNote
    from actionplan.plans.writes import correct_note

    note = ProgressNote.objects.get(text=FEB_NOTE)
    with freeze_time("2018-04-10 12:00"):
        correct_note(note, mary, text="February: terms of reference agreed (corrected)")
    assert FEB_NOTE in _action(plan_as_at(history_plan, dt.date(2018, 4, 9)), "1").notes
    april = _action(plan_as_at(history_plan, dt.date(2018, 4, 10)), "1").notes
    assert FEB_NOTE not in april and "February: terms of reference agreed (corrected)" in april


def test_leads_changed_later_are_shown_as_they_were(history_plan, mary):
    from actionplan.plans.writes import change_leads

    with freeze_time("2018-04-10 12:00"):
        change_leads(action(history_plan, "2.1"), mary, names=["Jenny Brennan"], reason="April left")
    assert _action(plan_as_at(history_plan, dt.date(2018, 4, 9)), "2").leads == [
        "April Bald",
        "Jenny Brennan",
    ]
    assert _action(plan_as_at(history_plan, dt.date(2018, 4, 10)), "2").leads == ["Jenny Brennan"]


def _texts(plan, number, day):
    return [
        a.text for a in next(r for r in plan_as_at(plan, day).recommendations if r.number == number).actions
    ]


def test_an_action_added_later_is_left_out_and_an_archived_one_kept_until_archived(history_plan, mary):
    from actionplan.plans.writes import structure as writes_structure

    mash = "Embed new MASH and Early Help referral forms."
    rec = action(history_plan, "2.1").recommendation
    with freeze_time("2018-04-10 12:00"):
        writes_structure.add_action(
            rec, mary, text="Brand new action", leads=["Jenny Brennan"], due_text="June 2018"
        )
    with freeze_time("2018-04-20 12:00"):
        writes_structure.archive_action(action(history_plan, "2.2"), mary, reason="Merged")
    assert "Brand new action" not in _texts(history_plan, "2", dt.date(2018, 4, 9))
    assert "Brand new action" in _texts(history_plan, "2", dt.date(2018, 4, 10))
    assert mash in _texts(history_plan, "2", dt.date(2018, 4, 19))
    assert mash not in _texts(history_plan, "2", dt.date(2018, 4, 20))


def test_refs_and_baselines_come_with_each_action(history_plan):
    found = {a.ref: a for a in actions_as_at(history_plan, dt.date(2018, 4, 1))}
    assert found["4.1"].baseline_due == dt.date(2018, 4, 30) and found["4.1"].due_date == dt.date(2018, 7, 31)
    assert len(found) == 18


def test_one_history_answers_many_dates_in_a_fixed_number_of_queries(
    history_plan, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        history = PlanHistory(history_plan)
        for month in range(1, 13):
            history.actions_at(dt.date(2018, month, 28))


def test_moved_and_reordered_actions_sit_where_they_were_then(history_plan, mary):
    from actionplan.plans.writes import structure as writes_structure

    before = plan_as_at(history_plan, dt.date(2018, 4, 9)).to_dict()
    with freeze_time("2018-04-10 12:00"):
        writes_structure.move_action(action(history_plan, "3.3"), mary, direction="up")
        writes_structure.move_action(
            action(history_plan, "2.1"), mary, recommendation=action(history_plan, "4.1").recommendation
        )
    assert plan_as_at(history_plan, dt.date(2018, 4, 9)).to_dict() == before
    after = plan_as_at(history_plan, dt.date(2018, 4, 10))
    assert len(_rec(after, "2").actions) == 1
    assert len(_rec(after, "4").actions) == 2
    assert after.to_dict() == plan_to_draft(history_plan).to_dict()


def _rec(draft, number):
    return next(r for r in draft.recommendations if r.number == number)
