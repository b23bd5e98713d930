import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time

from actionplan.plans.models import AdminEvent, ChangeEvent, Plan
from actionplan.plans.writes import record_update
from actionplan.plans.writes.admin import PlanStateError, archive_plan, delete_plan, restore_plan
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def changed_plan(seed_plan, mary, april):
    """Two people changed two actions on different days."""
    first, second = seed_plan.actions.order_by("recommendation__position", "position")[:2]
    with freeze_time("2025-03-03 10:42"):
        record_update(first, mary, rag="amber", reason="Recruitment slipped", expected_version=first.version)
    with freeze_time("2025-04-10 09:00"):
        record_update(second, april, text='=HYPERLINK("http://evil")', expected_version=second.version)
    return seed_plan, first, second


def history(client, plan, **params):
    return client.get(reverse("plan_history", args=[plan.id]), params)


def rows(response):
    return response.content.decode().count("data-event=")


def test_history_lists_every_change_with_who_and_what(alice_client, changed_plan):
    plan, first, second = changed_plan
    html = history(alice_client, plan).content.decode()
    assert "Mary Okafor" in html and "April Bald" in html
    assert "changed the RAG from not rated to Amber" in html
    assert "Recruitment slipped" in html
    assert rows(history(alice_client, plan)) == ChangeEvent.objects.filter(plan=plan).count()


def test_history_filters_by_person_action_and_dates(alice_client, changed_plan):
    plan, first, second = changed_plan
    assert rows(history(alice_client, plan, person="Mary Okafor")) == 1
    assert (
        rows(history(alice_client, plan, action=second.id))
        == ChangeEvent.objects.filter(action=second).count()
    )
    assert rows(history(alice_client, plan, date_from="1/4/2025", date_to="30/4/2025")) == 1
    assert rows(history(alice_client, plan, date_from="2025-03-03", date_to="2025-03-03")) == 1


def test_history_date_errors_are_summarised(alice_client, changed_plan):
    plan, _, _ = changed_plan
    response = history(alice_client, plan, date_from="31/4/2025", date_to="1/1/2025")
    html = response.content.decode()
    assert "There is a problem" in html and 'href="#id_date_from"' in html


def queries(callable_):
    with CaptureQueriesContext(connection) as captured:
        response = callable_()
    return response, len(captured.captured_queries)


def test_history_is_paginated_with_constant_queries(alice_client, changed_plan):
    plan, first, _ = changed_plan
    ChangeEvent.objects.bulk_create(
        ChangeEvent(plan=plan, action=first, recommendation=first.recommendation, kind="note",
                    new={"text": f"n{i}"}, actor_name="Mary Okafor")
        for i in range(120)
    )  # fmt: skip
    page1, count1 = queries(lambda: history(alice_client, plan))
    assert rows(page1) == 50 and "page 1 of 3" in page1.content.decode()
    assert rows(history(alice_client, plan, page=3)) == ChangeEvent.objects.filter(plan=plan).count() - 100
    _, count2 = queries(lambda: history(alice_client, plan, page=2))
    assert count1 == count2 <= 12


def test_history_downloads_as_csv_with_formulas_defused(alice_client, changed_plan):
    plan, _, second = changed_plan
    response = history(alice_client, plan, format="csv", action=second.id)
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    table = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert table[0][:2] == ["When", "Who"]
    note = next(r for r in table[1:] if r[4].startswith("added a progress note"))
    assert note[1] == "April Bald" and note[3] == f"{second.recommendation.number}.{second.position}"
    assert all(not cell.startswith("=") for row in table for cell in row)


def test_history_of_a_plan_without_access_is_not_found(client, changed_plan):
    plan, _, _ = changed_plan
    client.force_login(make_user("zed"))
    assert history(client, plan).status_code == 404
    assert history(client, plan, format="csv").status_code == 404


def test_archive_and_restore_are_recorded_and_reversible(changed_plan, mary, client):
    plan, _, _ = changed_plan
    archive_plan(plan, mary, "Superseded by the 2025 plan")
    with pytest.raises(PlanStateError):
        archive_plan(plan, mary)
    client.force_login(mary)
    assert client.get(reverse("plan", args=[plan.id])).status_code == 404
    assert "Superseded by the 2025 plan" in history(client, plan).content.decode()
    restore_plan(Plan.objects.get(pk=plan.pk), mary, "Still in use")
    assert client.get(reverse("plan", args=[plan.id])).status_code == 200
    kinds = list(
        ChangeEvent.objects.filter(plan=plan, kind__in=["archived", "restored"]).values_list("kind", "reason")
    )
    assert kinds == [("archived", "Superseded by the 2025 plan"), ("restored", "Still in use")]


def test_archive_and_restore_through_the_pages(changed_plan, mary, client):
    plan, _, _ = changed_plan
    client.force_login(mary)
    assert client.post(reverse("plan_archive", args=[plan.id]), {"reason": "Done"}).status_code == 302
    assert plan.title in client.get(reverse("archived_plans")).content.decode()
    assert client.post(reverse("plan_restore", args=[plan.id])).status_code == 302
    assert Plan.objects.get(pk=plan.pk).archived_at is None


def test_deletion_is_for_administrators_and_leaves_a_record(changed_plan, mary, client):
    plan, _, _ = changed_plan
    client.force_login(mary)
    assert client.post(reverse("plan_delete", args=[plan.id]), {"reason": "Duplicate"}).status_code == 403
    root = make_user("rosa", "admin", first_name="Rosa", last_name="Patel")
    client.force_login(root)
    response = client.post(reverse("plan_delete", args=[plan.id]), {"reason": ""})
    assert response.status_code == 400 and "Say why the plan is being deleted" in response.content.decode()
    assert (
        client.post(reverse("plan_delete", args=[plan.id]), {"reason": "Duplicate import"}).status_code == 302
    )
    assert not Plan.objects.filter(pk=plan.pk).exists()
    record = AdminEvent.objects.get(kind="plan_deleted")
    assert (record.plan_ref, record.plan_title, record.actor_name, record.reason) == (
        plan.id,
        plan.title,
        "Rosa Patel",
        "Duplicate import",
    )
    assert record.old["actions"] == 18


def test_delete_plan_needs_a_reason(seed_plan, mary):
    with pytest.raises(PlanStateError):
        delete_plan(seed_plan, mary, "  ")


def test_archiving_from_a_stale_page_is_refused_with_what_changed(changed_plan, mary, client):
    plan, _, _ = changed_plan
    client.force_login(mary)
    response = client.post(
        reverse("plan_archive", args=[plan.id]), {"reason": "Done", "version": plan.version - 1}
    )
    assert response.status_code == 302 and response["Location"] == reverse("plan_archive", args=[plan.id])
    assert Plan.objects.get(pk=plan.pk).archived_at is None
