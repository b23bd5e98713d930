"""List pages run a fixed number of queries whatever the plan's size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplan.core.draft import ActionDraft, Due, PlanDraft, RecommendationDraft
from actionplan.plans import writes

pytestmark = pytest.mark.django_db


def big_draft(recs: int, actions_per_rec: int) -> PlanDraft:
    return PlanDraft(
        title=f"Plan with {recs * actions_per_rec} actions",
        recommendations=[
            RecommendationDraft(
                number=str(r),
                text=f"Recommendation {r}",
                actions=[
                    ActionDraft(
                        text=f"Action {r}.{a}",
                        leads=["April Bald", f"Lead {a}"],
                        due=Due("April 2018", "2018-04-30"),
                        rag="green",
                        notes=[f"n{a}", "m"],
                    )
                    for a in range(actions_per_rec)
                ],
            )
            for r in range(recs)
        ],
    )


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("query", ["", "?q=panel", "?rag=green&lead=April+Bald", "?no_update=1&overdue=1"])
def test_plan_overview_query_count_does_not_grow_with_the_plan(client, mary, query):
    small = writes.save_draft(big_draft(2, 2))
    large = writes.save_draft(big_draft(12, 10))
    client.force_login(mary)
    counts = {queries_for(client, reverse("plan", args=[p.id]) + query) for p in (small, large)}
    assert len(counts) == 1, counts
    assert counts.pop() <= 14


def test_my_actions_and_people_query_counts_do_not_grow(client, mary, seed_plan):
    from tests.conftest import make_user

    april = make_user("april", "lead", person="April Bald")
    client.force_login(april)
    before = {name: queries_for(client, reverse(name)) for name in ("my_actions", "people", "home")}
    writes.save_draft(big_draft(8, 10))
    writes.save_draft(big_draft(3, 5))
    after = {name: queries_for(client, reverse(name)) for name in ("my_actions", "people", "home")}
    assert before == after


def test_action_page_query_count_does_not_grow_with_its_timeline(client, mary, seed_plan):
    action = seed_plan.actions.first()
    client.force_login(mary)
    url = reverse("action", args=[seed_plan.id, action.id])
    before = queries_for(client, url)
    for i in range(15):
        writes.record_update(action, mary, text=f"Update {i}", rag=["red", "amber"][i % 2], reason="moved")
    assert queries_for(client, url) == before
