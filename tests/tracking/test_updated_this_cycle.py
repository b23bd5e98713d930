"""One definition of "updated this cycle" (plans.cycles.counted_updates): a progress note or a RAG
change counts, for the plan overview, the suggested RAG and the reminders alike."""

import datetime as dt

import pytest
from django.urls import reverse
from freezegun import freeze_time

from actionplan.notifications.due import missing_by_lead
from actionplan.plans import writes
from actionplan.plans.cycles import updated_action_ids
from actionplan.plans.writes.cycles import cycle_for

pytestmark = pytest.mark.django_db


def rows_by_action(html: str) -> dict[int, str]:
    """The overview's table rows, by the action id in their data-action hook."""
    rows = {}
    for part in html.split('data-action="')[1:]:
        action_id, _, rest = part.partition('"')
        rows[int(action_id)] = rest.split("</tr>")[0]
    return rows


@freeze_time("2018-03-14 10:00")
def test_a_rag_only_update_counts_on_the_overview_and_the_lead_is_not_chased(seed_plan, mary, client):
    updated, untouched = seed_plan.actions.order_by("recommendation__position", "position")[:2]
    writes.record_update(updated, mary, rag="amber", reason="Staffing gaps")

    client.force_login(mary)
    rows = rows_by_action(client.get(reverse("plan", args=[seed_plan.pk])).content.decode())
    assert "No update for March 2018" not in rows[updated.id]
    assert "No update for March 2018" in rows[untouched.id]

    cycle = cycle_for(seed_plan, dt.date(2018, 3, 14))
    assert updated.id in updated_action_ids(seed_plan, cycle)
    chased = {action.id for actions in missing_by_lead(seed_plan, cycle).values() for action in actions}
    assert updated.id not in chased and untouched.id in chased


@freeze_time("2018-03-14 10:00")
def test_a_corrected_note_does_not_count_as_an_update(seed_plan, mary):
    action = seed_plan.actions.filter(recommendation__number="2").order_by("position").first()
    note = action.notes.order_by("id").first()  # an imported key point: imports never count either
    writes.correct_note(note, mary, text="Reworded key point")
    cycle = cycle_for(seed_plan, dt.date(2018, 3, 14))
    assert action.id not in updated_action_ids(seed_plan, cycle)
