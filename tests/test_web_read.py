import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_sign_in(client, seed_plan):
    for url in (reverse("home"), reverse("plan", args=[seed_plan.id])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_plan_page_shows_all_recommendations_and_actions(alice_client, seed_plan):
    html = alice_client.get(reverse("plan", args=[seed_plan.id])).content.decode()
    numbers = re.findall(r'data-recommendation="([^"]+)"', html)
    assert numbers == [str(n) for n in range(1, 12)]
    assert len(set(re.findall(r'data-action="(\d+)"', html))) == 18
    for header in (
        "Recommendation",
        "Action",
        "Lead officer(s)",
        "Timetable end date",
        "RAG",
        "Key points to note",
    ):
        assert f">{header}</th>" in html
    assert "Phase 2 of Catch 22 programme" in html
    assert "Not rated" in html  # RAG shown as a word, never colour alone


def test_home_lists_the_plan(alice_client, seed_plan):
    response = alice_client.get(reverse("home"))
    assert seed_plan.title in response.content.decode()


def test_action_page_shows_leads_timetable_and_notes(alice_client, seed_plan):
    action = seed_plan.actions.order_by("recommendation__position", "position").first()
    response = alice_client.get(reverse("action", args=[seed_plan.id, action.id]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "April Bald" in html and "Elaine Allegretti" in html
    assert "April 2018" in html and "30 April 2018" in html
    assert "Terms of reference for extended panels being developed" in html


def test_recommendation_page_lists_its_actions(alice_client, seed_plan):
    rec = seed_plan.recommendations.get(number="3")
    html = alice_client.get(reverse("recommendation", args=[seed_plan.id, rec.id])).content.decode()
    assert len(re.findall(r'data-action="\d+"', html)) == 3


def test_action_of_another_plan_is_not_found(alice_client, seed_plan, seed_draft):
    from actionplan.plans.writes import save_draft

    other = save_draft(seed_draft)
    action = other.actions.first()
    response = alice_client.get(reverse("action", args=[seed_plan.id, action.id]))
    assert response.status_code == 404


def test_html_in_the_document_is_shown_escaped(alice_client, seed_draft):
    from actionplan.plans.writes import save_draft

    seed_draft.recommendations[0].actions[0].text = "<script>alert(1)</script>\n- <b>item</b>"
    plan = save_draft(seed_draft)
    html = alice_client.get(reverse("plan", args=[plan.id])).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
