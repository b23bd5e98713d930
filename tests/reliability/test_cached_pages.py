"""Cached pages are never stale and never someone else's, and a database that is down gives the
503 page. The overview, its rows, the action timeline, My actions, the dashboard and the board
report are kept in the cache under the version of what they show (actionplan/plans/stamps.py);
these tests change things through the write layer and read the pages straight back."""

from __future__ import annotations

import pytest
from django.db import OperationalError
from django.urls import reverse

from actionplan.plans import writes
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def _first_action(plan):
    return plan.actions.order_by("recommendation__position", "position").first()


def test_every_cached_page_shows_an_update_at_once(client, mary, april, seed_plan):
    action = _first_action(seed_plan)
    pages = {
        "overview": reverse("plan", args=[seed_plan.id]),
        "action": reverse("action", args=[seed_plan.id, action.id]),
        "dashboard": reverse("plan_dashboard", args=[seed_plan.id]),
        "report": reverse("plan_report", args=[seed_plan.id]),
    }
    client.force_login(mary)
    for url in pages.values():  # fill the cache
        assert client.get(url).status_code == 200
    writes.record_update(action, mary, text="Fresh news from the storm drill", rag="red", reason="Slipped")
    html = {name: client.get(url).content.decode() for name, url in pages.items()}
    assert "Fresh news from the storm drill" in html["overview"]
    assert "Fresh news from the storm drill" in html["action"] and "Slipped" in html["action"]
    assert "Fresh news from the storm drill" in html["report"]  # what changed: progress notes
    assert 'data-rag-count="red">1 action<' in html["dashboard"]


def test_a_search_finds_what_was_just_written(client, mary, seed_plan):
    action = _first_action(seed_plan)
    client.force_login(mary)
    url = reverse("plan", args=[seed_plan.id]) + "?q=zebra+crossing"
    assert f'data-action="{action.id}"' not in client.get(url).content.decode()
    client.get(reverse("plan", args=[seed_plan.id]))  # rows cached before the change
    writes.record_update(action, mary, text="A zebra crossing outside the family centre")
    html = client.get(url).content.decode()
    assert f'data-action="{action.id}"' in html and "A zebra crossing outside the family centre" in html


def test_my_actions_follows_a_change_of_leads(client, mary, april, seed_plan):
    client.force_login(april)
    action = seed_plan.actions.exclude(actionlead__person__name="April Bald").first()
    url = reverse("my_actions")
    assert f'data-action="{action.id}"' not in client.get(url).content.decode()
    writes.change_leads(action, mary, names=["April Bald"], reason="Handed over")
    assert f'data-action="{action.id}"' in client.get(url).content.decode()


def test_a_cached_page_is_never_another_role_s(client, mary, alice, seed_plan):
    url = reverse("plan", args=[seed_plan.id])
    client.force_login(mary)
    assert "data-edit-links" in client.get(url).content.decode()  # a manager's page, now cached
    client.force_login(alice)
    assert "data-edit-links" not in client.get(url).content.decode()  # the viewer gets hers


def test_another_plan_with_a_reused_id_never_gets_the_old_page(client, mary, seed_draft):
    """Ids come back after a rollback (and a restored backup): the key carries the creation time."""
    from actionplan.plans.writes import save_draft

    client.force_login(mary)
    first = save_draft(seed_draft)
    html = client.get(reverse("plan", args=[first.id])).content.decode()
    assert seed_draft.title in html
    seed_draft.title = "A quite different plan"
    second = save_draft(seed_draft)
    assert "A quite different plan" in client.get(reverse("plan", args=[second.id])).content.decode()


def test_database_errors_in_a_view_give_the_503_page(client, mary, seed_plan, monkeypatch):
    from actionplan.plans import access

    client.force_login(mary)

    def down(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(access, "get_plan", down)
    response = client.get(reverse("plan", args=[seed_plan.id]))
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "The service is briefly unavailable, try again in a minute." in response.content.decode()


def test_database_errors_outside_the_view_give_the_503_page_too(client, mary, monkeypatch):
    """The session is read by the authentication middleware, outside any view."""
    from django.contrib.sessions.backends.db import SessionStore

    client.force_login(mary)

    def down(self):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(SessionStore, "load", down)
    client.raise_request_exception = False
    response = client.get(reverse("home"))
    assert response.status_code == 503
    assert "try again in a minute" in response.content.decode()


def test_a_lead_sees_only_their_own_my_actions(client, seed_plan):
    april = make_user("april2", "lead", plan=seed_plan, person="April Bald")
    jackie = make_user("jackie2", "lead", plan=seed_plan, person="Jackie Cook")
    client.force_login(april)
    first = client.get(reverse("my_actions")).content.decode()
    client.force_login(jackie)
    second = client.get(reverse("my_actions")).content.decode()
    assert first != second
