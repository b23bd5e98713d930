"""Due dates, suggested RAG and roll-up, with the day fixed."""

import datetime as dt
from types import SimpleNamespace

import pytest

from actionplan.plans import status

TODAY = dt.date(2018, 5, 10)


def action(due=None, baseline=None, completed=False, rag=None):
    return SimpleNamespace(
        due_date=due,
        baseline_due_date=baseline or due,
        rag=rag,
        completed_at=dt.datetime(2018, 5, 1) if completed else None,
        signed_off_at=None,
    )


def test_past_due_and_not_complete_is_overdue_and_suggested_red():
    a = action(due=dt.date(2018, 4, 30))
    assert status.is_overdue(a, TODAY)
    suggestion = status.suggest_rag(a, TODAY, updated_this_cycle=True, cycles_since_update=0)
    assert suggestion.rag == "red" and "Past its due date (30 April 2018)" in suggestion.rule


def test_due_today_is_not_overdue():
    assert not status.is_overdue(action(due=TODAY), TODAY)


def test_completed_action_is_never_overdue_and_suggested_blue():
    a = action(due=dt.date(2018, 4, 30), completed=True)
    assert not status.is_overdue(a, TODAY)
    assert status.suggest_rag(a, TODAY, updated_this_cycle=False, cycles_since_update=5).rag == "blue"


def test_due_within_30_days_without_update_this_cycle_is_amber():
    a = action(due=dt.date(2018, 6, 1))
    assert status.suggest_rag(a, TODAY, updated_this_cycle=False, cycles_since_update=0).rag == "amber"
    assert status.suggest_rag(a, TODAY, updated_this_cycle=True, cycles_since_update=0).rag is None


def test_due_soon_window_is_configurable_per_plan():
    a = action(due=dt.date(2018, 6, 1))
    suggestion = status.suggest_rag(
        a, TODAY, updated_this_cycle=False, cycles_since_update=0, rules={"due_soon_days": 7}
    )
    assert suggestion.rag is None


def test_no_update_for_two_cycles_is_amber():
    a = action(due=dt.date(2019, 1, 31))
    suggestion = status.suggest_rag(a, TODAY, updated_this_cycle=False, cycles_since_update=2)
    assert suggestion.rag == "amber" and "2 cycles" in suggestion.rule


def test_words_without_a_date_never_become_overdue():
    a = action(due=None)
    assert not status.is_overdue(a, TODAY)
    assert status.suggest_rag(a, TODAY, updated_this_cycle=False, cycles_since_update=None).rag is None


def test_suggestion_disagreement_is_flagged_only_when_rules_have_a_view():
    assert status.Suggestion("red", "x").disagrees_with("green")
    assert not status.Suggestion("red", "x").disagrees_with("red")
    assert not status.Suggestion(None, "x").disagrees_with("green")


def test_slippage_describes_moves():
    a = action(due=dt.date(2018, 9, 30), baseline=dt.date(2018, 4, 30))
    assert str(status.slippage(a, 2)) == "30 April 2018 -> 30 September 2018, moved twice"
    assert status.slippage(a, 0) is None
    assert status.slippage(action(due=dt.date(2018, 4, 30)), 2) is None  # moved back to the baseline


@pytest.mark.parametrize(
    ("rags", "rule", "expected"),
    [
        (["green", "amber", "red"], "worst", "red"),
        (["green", "blue", None], "worst", "green"),
        (["blue", "blue"], "worst", "blue"),
        ([None, None], "worst", None),
        (["green", "green", "red"], "majority", "green"),
        (["green", "red"], "majority", "red"),  # a tie goes to the worse
        (["amber", "amber", "green", None, None, None], "majority", "amber"),
    ],
)
def test_rollup_rules(rags, rule, expected):
    assert status.rollup(rags, rule) == expected


def test_rag_counts_include_not_rated():
    assert status.rag_counts(["red", None, "red"]) == {"red": 2, "amber": 0, "green": 0, "blue": 0, None: 1}
