"""Plan settings (cycle, deadline, RAG rules, roll-up, sign-off) and custom reporting cycles."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from freezegun import freeze_time

from actionplan.plans import writes
from actionplan.plans.concurrency import StaleEdit
from actionplan.plans.models import ChangeEvent, ReportingCycle
from actionplan.plans.writes import cycles
from actionplan.plans.writes import structure as ws
from tests.editing.conftest import actions_of

pytestmark = pytest.mark.django_db

D = dt.date


def plan_events(plan, **filters):
    return list(
        ChangeEvent.objects.filter(plan=plan, action__isnull=True, recommendation__isnull=True, **filters)
    )


def test_each_changed_setting_is_recorded(seed_plan, mary):
    ws.update_plan_settings(
        seed_plan,
        mary,
        expected_version=1,
        reason="Board decision",
        rollup_rule="majority",
        requires_sign_off=False,
        update_deadline_days=5,
        rag_rules={"overdue_red": True, "due_soon_days": 14},
    )
    seed_plan.refresh_from_db()
    assert seed_plan.rag_rules == {"due_soon_days": 14}  # only what differs from the defaults
    changes = {e.field: (e.old, e.new) for e in plan_events(seed_plan, kind="changed")}
    assert changes == {
        "rollup_rule": ("worst", "majority"),
        "requires_sign_off": (True, False),
        "rag_rules": ({}, {"due_soon_days": 14}),
    }
    assert {e.reason for e in plan_events(seed_plan, kind="changed")} == {"Board decision"}
    assert seed_plan.version == 2


def test_bad_settings_are_refused(seed_plan, mary):
    with pytest.raises(ValidationError) as exc:
        ws.update_plan_settings(
            seed_plan, mary, cycle_kind="weekly", update_deadline_days=-1, rag_rules={"stale_cycles": "two"}
        )
    assert {"cycle_kind", "update_deadline_days"} <= set(exc.value.message_dict)
    with pytest.raises(ValidationError) as exc:
        ws.update_plan_settings(seed_plan, mary, rag_rules={"stale_cycles": 100})
    assert "stale_cycles" in exc.value.message_dict


def test_stale_settings_are_refused(seed_plan, mary, alice):
    ws.update_plan_settings(seed_plan, mary, expected_version=1, rollup_rule="majority")
    with pytest.raises(StaleEdit) as exc:
        ws.update_plan_settings(seed_plan, alice, expected_version=1, requires_sign_off=False)
    assert [c.field for c in exc.value.changes] == ["rollup_rule"]


@freeze_time("2018-03-14 10:00")
def test_changing_the_cycle_drops_unused_cycles_and_new_notes_follow_it(seed_plan, mary):
    action = actions_of(seed_plan, "1")[0]
    writes.record_update(action, mary, text="March update")  # makes and uses the March 2018 cycle
    cycles.cycle_for(seed_plan, D(2018, 4, 10))  # an April cycle nobody has reported in yet
    ws.update_plan_settings(seed_plan, mary, cycle_kind="quarterly")
    assert list(ReportingCycle.objects.filter(plan=seed_plan).values_list("label", flat=True)) == [
        "March 2018"
    ]
    with freeze_time("2018-04-10"):
        note = writes.record_update(action, mary, text="April update")
    assert note.cycle.label == "Apr–Jun 2018"


@freeze_time("2018-03-14 10:00")
def test_changing_deadline_days_moves_open_cycle_deadlines(seed_plan, mary):
    writes.record_update(actions_of(seed_plan, "1")[0], mary, text="March update")
    ws.update_plan_settings(seed_plan, mary, update_deadline_days=10)
    assert ReportingCycle.objects.get(plan=seed_plan).deadline == D(2018, 4, 10)


def custom(plan, mary):
    ws.update_plan_settings(plan, mary, cycle_kind="custom")
    return cycles.add_custom_cycle(plan, mary, "Spring term", D(2018, 1, 8), D(2018, 3, 29), D(2018, 4, 13))


def test_custom_cycle_is_added_recorded_and_used_for_notes(seed_plan, mary):
    cycle = custom(seed_plan, mary)
    event = plan_events(seed_plan, kind="cycle_added")[0]
    assert event.new == {
        "label": "Spring term",
        "starts": "2018-01-08",
        "ends": "2018-03-29",
        "deadline": "2018-04-13",
    }
    with freeze_time("2018-02-01"):
        note = writes.record_update(actions_of(seed_plan, "1")[0], mary, text="In term")
    assert note.cycle == cycle


@pytest.mark.parametrize(
    "starts, ends, deadline, field",
    [
        (D(2018, 3, 1), D(2018, 5, 31), D(2018, 6, 5), "starts"),  # overlaps Spring term
        (D(2018, 5, 1), D(2018, 4, 1), D(2018, 6, 5), "ends"),  # ends before it starts
        (D(2018, 4, 16), D(2018, 7, 20), D(2018, 7, 1), "deadline"),  # deadline before the end
        (D(2018, 4, 16), D(2019, 7, 20), D(2019, 8, 1), "ends"),  # longer than a year
    ],
)
def test_bad_custom_cycles_are_refused(seed_plan, mary, starts, ends, deadline, field):
    custom(seed_plan, mary)
    with pytest.raises(ValidationError) as exc:
        cycles.add_custom_cycle(seed_plan, mary, "Summer term", starts, ends, deadline)
    assert field in exc.value.message_dict


def test_custom_cycles_need_a_custom_plan(seed_plan, mary):
    with pytest.raises(ValidationError, match="Switch the plan to custom dates"):
        cycles.add_custom_cycle(seed_plan, mary, "Spring", D(2018, 1, 1), D(2018, 3, 31), D(2018, 4, 5))


def test_cycle_with_notes_cannot_be_removed_but_an_empty_one_can(seed_plan, mary):
    cycle = custom(seed_plan, mary)
    with freeze_time("2018-02-01"):
        writes.record_update(actions_of(seed_plan, "1")[0], mary, text="In term")
    with pytest.raises(ValidationError, match="has progress notes"):
        cycles.remove_cycle(cycle, mary)
    summer = cycles.add_custom_cycle(
        seed_plan, mary, "Summer", D(2018, 4, 16), D(2018, 7, 20), D(2018, 7, 27)
    )
    cycles.remove_cycle(summer, mary)
    assert not ReportingCycle.objects.filter(pk=summer.pk).exists()
    assert plan_events(seed_plan, kind="cycle_removed")[0].old["label"] == "Summer"
