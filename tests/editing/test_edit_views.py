"""The plan editing pages: managers only, errors shown the GOV.UK way, stale forms refused."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from freezegun import freeze_time

from actionplan.plans import writes
from actionplan.plans.models import Action, ChangeEvent, ReportingCycle
from actionplan.plans.writes import cycles
from actionplan.plans.writes import structure as ws
from tests.editing.conftest import actions_of, rec_of

pytestmark = pytest.mark.django_db


def first_action(plan):
    return actions_of(plan, "1")[0]


def manager_urls(plan):
    """(url name, args, POST data that would succeed) for every manager-only endpoint."""
    rec, action = rec_of(plan, "2"), actions_of(plan, "2")[0]
    return [
        ("plan_edit", [plan.id], None),
        ("plan_settings", [plan.id], {"title": "x"}),
        ("plan_cycles", [plan.id], {"label": "x"}),
        ("recommendation_add", [plan.id], {"number": "99", "text": "New"}),
        ("recommendation_edit", [plan.id, rec.id], {"number": "2", "text": "New", "version": 1}),
        ("recommendation_move", [plan.id, rec.id], {"direction": "up"}),
        ("recommendation_archive", [plan.id, rec.id], {"reason": ""}),
        ("recommendation_restore", [plan.id, rec.id], {}),
        ("action_add", [plan.id, rec.id], {"text": "New", "leads": "Jackie Cook", "due": ""}),
        ("action_edit", [plan.id, action.id], {"text": "New", "leads": "April Bald", "version": 1}),
        ("action_split", [plan.id, action.id], {"part_1": "a", "part_2": "b"}),
        ("action_move", [plan.id, action.id], {"direction": "down"}),
        ("action_archive", [plan.id, action.id], {"reason": ""}),
        ("action_restore", [plan.id, action.id], {}),
    ]


def test_manager_sees_every_recommendation_and_action_with_controls(mary_client, seed_plan):
    response = mary_client.get(reverse("plan_edit", args=[seed_plan.id]))
    html = response.content.decode()
    assert response.status_code == 200
    assert re.findall(r'data-recommendation="([^"]+)"', html) == [str(n) for n in range(1, 12)]
    assert len(set(re.findall(r'data-action="(\d+)"', html))) == 18
    assert html.count("Move up<span") == 10 + 7  # all but the first recommendation, and first actions
    assert 'name="csrfmiddlewaretoken"' in html and "style=" not in html and "<script>" not in html


def test_edit_page_costs_a_fixed_number_of_queries(mary_client, seed_plan, django_assert_max_num_queries):
    url = reverse("plan_edit", args=[seed_plan.id])
    mary_client.get(url)
    with django_assert_max_num_queries(8):
        mary_client.get(url)


def test_manager_links_show_on_plan_action_and_recommendation_pages(mary_client, seed_plan, alice):
    from django.test import Client

    alice_client = Client()
    alice_client.force_login(alice)
    action, rec = first_action(seed_plan), rec_of(seed_plan, "1")
    pages = [
        reverse("plan", args=[seed_plan.id]),
        reverse("action", args=[seed_plan.id, action.id]),
        reverse("recommendation", args=[seed_plan.id, rec.id]),
    ]
    for url in pages:
        assert "data-edit-links" in mary_client.get(url).content.decode()
        assert "data-edit-links" not in alice_client.get(url).content.decode()


@pytest.mark.parametrize("index", range(14))
def test_viewer_cannot_use_any_editing_page(alice_client, seed_plan, index):
    name, args, data = manager_urls(seed_plan)[index]
    url = reverse(name, args=args)
    if data is not None:
        assert alice_client.post(url, data).status_code == 403
    if name not in ("recommendation_move", "recommendation_restore", "action_restore"):
        assert alice_client.get(url).status_code == 403


@pytest.mark.parametrize("index", range(14))
def test_lead_cannot_edit_the_plan_even_on_own_actions(client, seed_plan, april, index):
    client.force_login(april)
    name, args, data = manager_urls(seed_plan)[index]
    url = reverse(name, args=args)
    assert (client.get(url) if data is None else client.post(url, data)).status_code == 403


@pytest.mark.parametrize("name", ["recommendation_edit", "action_add", "recommendation_archive"])
def test_recommendation_of_another_plan_is_not_found(mary_client, seed_plan, other_plan, name):
    rec = rec_of(other_plan, "2")
    assert mary_client.get(reverse(name, args=[seed_plan.id, rec.id])).status_code == 404


@pytest.mark.parametrize(
    "name", ["action_edit", "action_split", "action_move", "action_archive", "action_restore"]
)
def test_action_of_another_plan_is_not_found(mary_client, seed_plan, other_plan, name):
    action = first_action(other_plan)
    assert mary_client.post(reverse(name, args=[seed_plan.id, action.id]), {}).status_code == 404
    assert not ChangeEvent.objects.filter(action=action).exclude(kind="created").exists()


def test_manager_on_another_plan_only_gets_404(client, seed_plan, other_plan):
    from tests.conftest import make_user

    client.force_login(make_user("olu", "manager", plan=other_plan))
    assert client.get(reverse("plan_edit", args=[seed_plan.id])).status_code == 404
    assert client.get(reverse("plan_edit", args=[other_plan.id])).status_code == 200


def test_add_recommendation_then_an_action_to_it(mary_client, seed_plan):
    response = mary_client.post(
        reverse("recommendation_add", args=[seed_plan.id]),
        {"number": "12", "text": "Strengthen the front door"},
    )
    assert response.status_code == 302 and response["Location"] == reverse("plan_edit", args=[seed_plan.id])
    rec = rec_of(seed_plan, "12")
    response = mary_client.post(
        reverse("action_add", args=[seed_plan.id, rec.id]),
        {"text": "Review MASH thresholds", "leads": "Jackie Cook\n\nApril Bald", "due": "June 2018"},
    )
    assert response.status_code == 302
    html = mary_client.get(response["Location"]).content.decode()
    assert "Action 12.1 has been added." in html
    action = Action.objects.get(recommendation=rec)
    assert [p.name for p in action.lead_people] == [
        "Jackie Cook",
        "April Bald",
    ] and action.due_text == "June 2018"


def test_add_errors_show_an_error_summary_with_status_400(mary_client, seed_plan):
    response = mary_client.post(
        reverse("recommendation_add", args=[seed_plan.id]), {"number": "3", "text": ""}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert (
        "There is a problem" in html and "Recommendation 3 already exists" not in html
    )  # text missing first
    assert '<a href="#id_text">Enter the recommendation text.</a>' in html
    response = mary_client.post(
        reverse("recommendation_add", args=[seed_plan.id]), {"number": "3", "text": "Dup"}
    )
    assert (
        response.status_code == 400
        and "Recommendation 3 already exists in this plan." in response.content.decode()
    )
    rec = rec_of(seed_plan, "1")
    response = mary_client.post(
        reverse("action_add", args=[seed_plan.id, rec.id]), {"text": "x", "leads": " \n "}
    )
    assert response.status_code == 400 and "Enter at least one lead officer." in response.content.decode()


def test_edit_action_saves_text_and_leads(mary_client, seed_plan):
    action = first_action(seed_plan)
    url = reverse("action_edit", args=[seed_plan.id, action.id])
    assert "Elaine Allegretti" in mary_client.get(url).content.decode()
    response = mary_client.post(
        url,
        {
            "text": "Plainer words",
            "leads": "April Bald\nJenny Brennan",
            "reason": "Restructure",
            "version": 1,
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.text == "Plainer words" and [p.name for p in action.lead_people][1] == "Jenny Brennan"
    timeline = mary_client.get(reverse("action", args=[seed_plan.id, action.id])).content.decode()
    assert "Action text changed" in timeline and "Reason: Restructure" in timeline


def test_stale_action_edit_gets_409_with_the_other_change_and_own_text_kept(mary_client, seed_plan, alice):
    action = first_action(seed_plan)
    ws.edit_action_text(action, alice, "Alice's rewording", expected_version=1)
    response = mary_client.post(
        reverse("action_edit", args=[seed_plan.id, action.id]),
        {"text": "Mary's careful rewording", "leads": "April Bald", "version": 1},
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "someone else changed this action" in html and "Alice Hughes changed the text from" in html
    assert "Mary&#x27;s careful rewording" in html and 'name="version" value="2"' in html
    action.refresh_from_db()
    assert action.text == "Alice's rewording"


def test_stale_recommendation_edit_gets_409(mary_client, seed_plan, alice):
    rec = rec_of(seed_plan, "2")
    ws.edit_recommendation(rec, alice, "2", "Alice's version", expected_version=1)
    response = mary_client.post(
        reverse("recommendation_edit", args=[seed_plan.id, rec.id]),
        {"number": "2", "text": "Mary's version", "version": 1},
    )
    assert response.status_code == 409 and "Alice&#x27;s version" in response.content.decode()


def test_split_through_the_page(mary_client, seed_plan):
    action = first_action(seed_plan)
    url = reverse("action_split", args=[seed_plan.id, action.id])
    assert mary_client.post(url, {"part_1": "Only one"}).status_code == 400
    response = mary_client.post(url, {"part_1": "Oversight", "part_2": "Review points", "part_3": "Panels"})
    assert response.status_code == 302
    assert [a.text for a in actions_of(seed_plan, "1")] == ["Oversight", "Review points", "Panels"]


def test_move_buttons_reorder_and_refuse_past_the_end(mary_client, seed_plan):
    first, second, _ = actions_of(seed_plan, "3")
    url = reverse("action_move", args=[seed_plan.id, first.id])
    assert mary_client.post(url, {"direction": "down"}).status_code == 302
    assert [a.pk for a in actions_of(seed_plan, "3")][:2] == [second.pk, first.pk]
    top = rec_of(seed_plan, "1")
    response = mary_client.post(
        reverse("recommendation_move", args=[seed_plan.id, top.id]), {"direction": "up"}
    )
    assert response.status_code == 302
    assert "already the first recommendation" in mary_client.get(response["Location"]).content.decode()


def test_move_action_to_another_recommendation_page(mary_client, seed_plan):
    action = first_action(seed_plan)
    url = reverse("action_move", args=[seed_plan.id, action.id])
    assert mary_client.get(url).status_code == 200
    rec1, rec4 = rec_of(seed_plan, "1"), rec_of(seed_plan, "4")
    assert mary_client.post(url, {"recommendation": rec1.id}).status_code == 400
    assert mary_client.post(url, {"recommendation": rec4.id}).status_code == 302
    action.refresh_from_db()
    assert action.recommendation == rec4 and action.position == 2


def test_archived_action_leaves_the_overview_but_shows_with_include_archived(mary_client, seed_plan):
    action = first_action(seed_plan)
    url = reverse("action_archive", args=[seed_plan.id, action.id])
    assert "Archive action 1.1" in mary_client.get(url).content.decode()
    assert mary_client.post(url, {"reason": "Superseded by 2.1"}).status_code == 302
    overview = reverse("plan", args=[seed_plan.id])
    assert f'data-action="{action.id}"' not in mary_client.get(overview).content.decode()
    html = mary_client.get(overview, {"archived": "1"}).content.decode()
    assert f'data-action="{action.id}"' in html and "Archived</strong>" in html
    assert "Restore<span" in mary_client.get(reverse("plan_edit", args=[seed_plan.id])).content.decode()
    assert mary_client.post(reverse("action_restore", args=[seed_plan.id, action.id])).status_code == 302
    assert f'data-action="{action.id}"' in mary_client.get(overview).content.decode()


def test_archive_and_restore_a_recommendation_through_the_pages(mary_client, seed_plan):
    rec = rec_of(seed_plan, "11")
    assert mary_client.post(reverse("recommendation_archive", args=[seed_plan.id, rec.id])).status_code == 302
    assert (
        'data-recommendation="11"'
        not in mary_client.get(reverse("plan", args=[seed_plan.id])).content.decode()
    )
    assert mary_client.post(reverse("recommendation_restore", args=[seed_plan.id, rec.id])).status_code == 302
    assert (
        'data-recommendation="11"' in mary_client.get(reverse("plan", args=[seed_plan.id])).content.decode()
    )


# Settings and cycles ---------------------------------------------------------------------------


def settings_data(plan, **changes):
    from actionplan.web.plans.forms import SettingsForm

    return {**SettingsForm.initial_for(plan), "reason": "", **changes}


def rollup_of_rec(html, number):
    return re.search(rf'data-recommendation="{number}".*?data-rollup="([^"]*)"', html, re.S).group(1)


def test_rollup_rule_setting_changes_the_overview(mary_client, seed_plan, mary):
    for action, rag in zip(actions_of(seed_plan, "3"), ["red", "green", "green"], strict=True):
        writes.record_update(action, mary, rag=rag, reason="Review")
    overview = reverse("plan", args=[seed_plan.id])
    assert rollup_of_rec(mary_client.get(overview).content.decode(), "3") == "red"
    url = reverse("plan_settings", args=[seed_plan.id])
    assert mary_client.post(url, settings_data(seed_plan, rollup_rule="majority")).status_code == 302
    assert rollup_of_rec(mary_client.get(overview).content.decode(), "3") == "green"


def test_rag_rule_settings_change_the_suggestions(client, seed_plan, mary):
    overview, url = reverse("plan", args=[seed_plan.id]), reverse("plan_settings", args=[seed_plan.id])
    with freeze_time("2018-05-15"):
        client.force_login(mary)
        assert 'data-suggestion="red"' in client.get(overview).content.decode()
        assert client.post(url, settings_data(seed_plan, overdue_red="no")).status_code == 302
        assert 'data-suggestion="red"' not in client.get(overview).content.decode()
    seed_plan.refresh_from_db()
    with freeze_time("2018-04-20"):
        client.force_login(mary)
        assert 'data-suggestion="amber"' in client.get(overview).content.decode()
        assert client.post(url, settings_data(seed_plan, due_soon_days="0")).status_code == 302
        assert 'data-suggestion="amber"' not in client.get(overview).content.decode()


def test_sign_off_setting_changes_completion(mary_client, seed_plan, mary):
    action = first_action(seed_plan)
    writes.record_update(
        action, mary, rag="blue", reason="Done", evidence=writes.EvidenceInput(note="Minutes")
    )
    page = reverse("action", args=[seed_plan.id, action.id])
    assert 'data-completion="awaiting sign-off"' in mary_client.get(page).content.decode()
    mary_client.post(
        reverse("plan_settings", args=[seed_plan.id]), settings_data(seed_plan, requires_sign_off="no")
    )
    assert 'data-completion="complete"' in mary_client.get(page).content.decode()


def test_settings_errors_and_stale_form(mary_client, seed_plan, alice):
    url = reverse("plan_settings", args=[seed_plan.id])
    assert mary_client.get(url).status_code == 200
    response = mary_client.post(url, settings_data(seed_plan, due_soon_days="soon", rollup_rule=""))
    html = response.content.decode()
    assert response.status_code == 400
    assert '<a href="#id_rollup_rule_0">Choose a roll-up rule.</a>' in html
    assert "Enter a whole number of days." in html
    stale = settings_data(seed_plan, stale_cycles="4")
    ws.update_plan_settings(seed_plan, alice, expected_version=1, rollup_rule="majority")
    response = mary_client.post(url, stale)
    assert response.status_code == 409 and "Alice Hughes changed the rollup rule" in response.content.decode()


def test_custom_cycles_page(mary_client, seed_plan, mary):
    url = reverse("plan_cycles", args=[seed_plan.id])
    assert "choose ‘Custom dates’" in mary_client.get(url).content.decode()
    ws.update_plan_settings(seed_plan, mary, cycle_kind="custom")
    spring = {"label": "Spring term", "starts": "8/1/2018", "ends": "29/3/2018", "deadline": "13/4/2018"}
    assert mary_client.post(url, spring).status_code == 302
    response = mary_client.post(url, {**spring, "label": "Again"})
    assert response.status_code == 400 and "overlap the cycle ‘Spring term’" in response.content.decode()
    response = mary_client.post(url, {**spring, "starts": "not a date"})
    assert response.status_code == 400 and "Enter the start date as a date" in response.content.decode()
    cycle = ReportingCycle.objects.get(plan=seed_plan)
    assert f'data-cycle="{cycle.id}"' in mary_client.get(url).content.decode()
    assert mary_client.post(reverse("cycle_remove", args=[seed_plan.id, cycle.id])).status_code == 302
    assert not ReportingCycle.objects.filter(plan=seed_plan).exists()


def test_cycle_of_another_plan_is_not_found(mary_client, seed_plan, other_plan, mary):
    ws.update_plan_settings(other_plan, mary, cycle_kind="custom")
    cycle = cycles.add_custom_cycle(
        other_plan, mary, "Term", dt.date(2018, 1, 1), dt.date(2018, 3, 31), dt.date(2018, 4, 5)
    )
    assert mary_client.post(reverse("cycle_remove", args=[seed_plan.id, cycle.id])).status_code == 404


@pytest.mark.parametrize(
    "name, kind",
    [
        ("plan_edit", "plan"),
        ("plan_settings", "plan"),
        ("plan_cycles", "plan"),
        ("recommendation_add", "plan"),
        ("recommendation_edit", "rec"),
        ("recommendation_archive", "rec"),
        ("action_add", "rec"),
        ("action_edit", "action"),
        ("action_split", "action"),
        ("action_move", "action"),
        ("action_archive", "action"),
    ],
)
def test_manager_gets_every_editing_form(mary_client, seed_plan, name, kind):
    ids = {"plan": [], "rec": [rec_of(seed_plan, "2").id], "action": [first_action(seed_plan).id]}[kind]
    response = mary_client.get(reverse(name, args=[seed_plan.id, *ids]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" not in html and "style=" not in html


def test_structure_changes_land_in_the_plan_history(mary_client, seed_plan, mary):
    rec = rec_of(seed_plan, "2")
    ws.edit_recommendation(rec, mary, "2", "Reworded recommendation", expected_version=1)
    ws.move_recommendation(rec, mary, "down")
    ws.archive_action(first_action(seed_plan), mary, reason="Superseded")
    response = mary_client.get(reverse("plan_history", args=[seed_plan.id]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Reworded recommendation" in html and "Superseded" in html
