"""The emailed update link: works once per action for the lead and cycle it names, without a
password; tampered, expired, out-of-scope and replayed links are refused and change nothing."""

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse
from freezegun import freeze_time

from actionplan.notifications import links
from actionplan.notifications.models import LinkUse
from actionplan.plans.models import Action, ChangeEvent, ProgressNote
from tests.notifications.conftest import EMAILS, links_in, remind, sent_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def requested(chased_plan):
    """Requests for March 2018 sent on 1 March; returns {lead name: {action id: link path}}."""
    remind("2018-03-01T08:00:00")
    return {name: links_in(sent_to(mail.outbox, email)[0]) for name, email in EMAILS.items()}


def state():
    """What a refused link must leave alone."""
    return (
        ProgressNote.objects.filter(imported=False).count(),
        ChangeEvent.objects.count(),
        LinkUse.objects.count(),
        list(Action.objects.order_by("pk").values_list("rag", "version")),
    )


def post(client, path, action_id, **data):
    action = Action.objects.get(pk=action_id)
    payload = {
        "text": "Progress made",
        "rag": action.rag or "none",
        "reason": "",
        "version": action.version,
        **data,
    }
    return client.post(path, payload)


def token_of(path):
    return path.split("/")[2]


@freeze_time("2018-03-10T12:00:00")
def test_the_link_opens_the_form_without_a_password_and_posts_in_the_leads_name(client, requested):
    action_id, path = next(iter(requested["Gillian Banford"].items()))
    page = client.get(path)
    assert page.status_code == 200
    assert b"Progress update" in page.content and b"Reason for RAG change" in page.content
    assert b"Gillian Banford" in page.content and page["Cache-Control"].startswith("max-age=0")
    assert LinkUse.objects.count() == 0  # opening the link (or a mail scanner fetching it) uses nothing
    response = post(client, path, action_id, rag="amber", reason="Partner capacity")
    assert response.status_code == 302
    assert response["Location"] == reverse("update_link_overview", args=[token_of(path)])
    note = ProgressNote.objects.get(action_id=action_id, imported=False)
    assert (note.author, note.author_name, note.cycle.label) == (None, "Gillian Banford", "March 2018")
    assert {e.actor_name for e in ChangeEvent.objects.filter(action_id=action_id, at=note.created_at)} == {
        "Gillian Banford"
    }
    overview = client.get(response["Location"])
    assert b"has been saved" in overview.content and b"Updated" in overview.content


@freeze_time("2018-03-10T12:00:00")
def test_a_lead_with_an_account_is_credited_as_their_user(client, requested, april):
    action_id, path = next(iter(requested["April Bald"].items()))
    assert post(client, path, action_id).status_code == 302
    assert ProgressNote.objects.get(action_id=action_id, imported=False).author == april


@freeze_time("2018-03-10T12:00:00")
def test_a_signed_in_lead_lands_on_the_action_page(client, requested, april):
    action_id, path = next(iter(requested["April Bald"].items()))
    client.force_login(april)
    response = client.get(path)
    action = Action.objects.get(pk=action_id)
    assert response.status_code == 302 and response["Location"] == reverse(
        "action", args=[action.plan_id, action_id]
    )


@freeze_time("2018-03-10T12:00:00")
def test_same_validation_as_the_action_page_and_a_refused_post_does_not_use_the_link(client, requested):
    action_id, path = next(iter(requested["Gillian Banford"].items()))
    before = state()
    response = post(client, path, action_id, rag="red", reason="")
    assert response.status_code == 400 and b"Give the reason for the RAG change." in response.content
    assert b"There is a problem" in response.content
    response = post(client, path, action_id, text="", rag="blue", reason="Done")
    assert response.status_code == 400 and b"give evidence" in response.content
    assert state() == before
    assert post(client, path, action_id, rag="red", reason="Partner withdrew").status_code == 302


@freeze_time("2018-03-10T12:00:00")
def test_tampered_link_is_refused_and_changes_nothing(client, requested):
    action_id, path = next(iter(requested["Gillian Banford"].items()))
    token = token_of(path)
    forged_payload = signing.dumps({"p": 1, "c": 1, "a": [action_id], "n": "x"}, salt="some.other.salt")
    flipped = token[:-3] + ("A" if token[-3] != "A" else "B") + token[-2:]
    before = state()
    for bad in (
        flipped,
        forged_payload,
        "not-a-token",
        token.split(":")[0] + ":" + token.split(":", 1)[1][::-1],
    ):
        bad_path = reverse("update_link", args=[bad, action_id])
        assert client.get(bad_path).status_code == 400
        response = post(client, bad_path, action_id)
        assert response.status_code == 400 and b"This link is not valid" in response.content
        assert b"sign in" in response.content.lower()
    assert state() == before


def test_expired_link_is_refused_and_changes_nothing(client, requested, settings):
    settings.ACTIONPLAN_LINK_GRACE_DAYS = 3
    action_id, path = next(iter(requested["Gillian Banford"].items()))
    before = state()
    with freeze_time("2018-04-08T22:59:00"):  # 23:59 on 8 April, London: deadline 5 April + 3 days
        assert client.get(path).status_code == 200
    with freeze_time("2018-04-08T23:00:00"):  # midnight in London: expired
        response = post(client, path, action_id)
        assert response.status_code == 410 and b"This link has expired" in response.content
        assert b"8 April 2018" in response.content and b"sign in" in response.content.lower()
        assert client.get(reverse("update_link_overview", args=[token_of(path)])).status_code == 410
    assert state() == before


@freeze_time("2018-03-10T12:00:00")
def test_link_for_an_action_outside_its_scope_is_refused_and_changes_nothing(client, requested):
    gillian_token = token_of(next(iter(requested["Gillian Banford"].values())))
    jackie_action = next(iter(requested["Jackie Cook"]))
    before = state()
    wrong = reverse("update_link", args=[gillian_token, jackie_action])
    assert client.get(wrong).status_code == 403
    response = post(client, wrong, jackie_action)
    assert response.status_code == 403 and b"not for that action" in response.content
    assert state() == before


@freeze_time("2018-03-10T12:00:00")
def test_link_is_refused_once_the_lead_no_longer_leads_the_action(client, requested, mary):
    from actionplan.plans import writes

    action_id, path = next(iter(requested["Gillian Banford"].items()))
    action = Action.objects.get(pk=action_id)
    writes.change_leads(action, mary, names=["Andrew Fowler"], reason="Restructure")
    before = state()
    response = post(client, path, action_id)
    assert response.status_code == 403 and b"no longer leads" in response.content
    assert state() == before


@freeze_time("2018-03-10T12:00:00")
def test_replayed_link_is_refused_and_changes_nothing(client, requested):
    action_id, path = next(iter(requested["Gillian Banford"].items()))
    assert post(client, path, action_id, text="First update").status_code == 302
    before = state()
    replay = post(client, path, action_id, text="Second update through the same link")
    assert replay.status_code == 410 and b"already been used" in replay.content
    assert client.get(path).status_code == 410
    assert state() == before
    assert not ProgressNote.objects.filter(text="Second update through the same link").exists()


@freeze_time("2018-03-10T12:00:00")
def test_the_other_actions_in_a_link_still_work_after_one_is_used(client, requested):
    april_links = requested["April Bald"]
    (first, first_path), (second, second_path) = list(april_links.items())[:2]
    assert post(client, first_path, first).status_code == 302
    assert post(client, second_path, second).status_code == 302
    assert LinkUse.objects.count() == 2


@freeze_time("2018-03-10T12:00:00")
def test_a_stale_form_keeps_the_text_and_uses_nothing(client, requested, mary):
    from actionplan.plans import writes

    action_id, path = next(iter(requested["Gillian Banford"].items()))
    version = Action.objects.get(pk=action_id).version
    writes.record_update(Action.objects.get(pk=action_id), mary, text="Mary got there first")
    response = client.post(path, {"text": "My words", "rag": "none", "reason": "", "version": version})
    assert (
        response.status_code == 409 and b"My words" in response.content and b"Mary Okafor" in response.content
    )
    assert LinkUse.objects.count() == 0


def test_the_csrf_check_holds_on_the_link_form(requested):
    action_id, path = next(iter(requested["Gillian Banford"].items()))
    strict = Client(enforce_csrf_checks=True)
    with freeze_time("2018-03-10T12:00:00"):
        assert strict.post(path, {"text": "x", "rag": "none", "version": 1}).status_code == 403
    assert LinkUse.objects.count() == 0


def test_tokens_carry_the_lead_cycle_actions_and_expiry():
    token = links.make_update_token(7, 3, [5, 2, 5], "nonce")
    scope = links.read_update_token(token)
    assert (scope.person_id, scope.cycle_id, scope.action_ids, scope.nonce) == (7, 3, (2, 5), "nonce")
    with pytest.raises(links.LinkRefused):
        links.read_update_token(links.make_unsubscribe_token(person_id=7))  # another salt


@freeze_time("2018-03-10T12:00:00")
def test_unsubscribe_one_click_post_needs_no_form(requested):
    from actionplan.notifications.models import ReminderOptOut

    request = sent_to(mail.outbox, EMAILS["Jackie Cook"])[0]
    url = request.extra_headers["List-Unsubscribe"].strip("<>").replace("http://127.0.0.1:8000", "")
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert ReminderOptOut.objects.filter(person__name="Jackie Cook").exists()
    page = strict.post(url, {"reminders": "on"})
    assert page.status_code == 200 and b"Stop reminder emails" in page.content
    assert not ReminderOptOut.objects.exists()
    assert strict.get(url[:-5] + "xxxx/").status_code == 400
