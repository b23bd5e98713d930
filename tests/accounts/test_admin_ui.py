import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from actionplan.plans import access
from actionplan.plans.models import AdminEvent, Membership, Person
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def root(db):
    """Rosa Patel: the council's administrator on every plan."""
    return make_user("rosa", "admin", first_name="Rosa", last_name="Patel")


@pytest.fixture
def root_client(client, root):
    client.force_login(root)
    return client


def test_only_administrators_reach_the_users_page(client, alice, mary, root):
    for user, status in ((alice, 403), (mary, 403), (root, 200)):
        client.force_login(user)
        assert client.get(reverse("admin_users")).status_code == status


def test_a_plan_manager_is_not_a_site_administrator(seed_plan):
    plan_admin = make_user("sam", "admin", plan=seed_plan)
    assert access.role_on(plan_admin, seed_plan) == "admin"
    assert not access.is_site_admin(plan_admin)


def test_inviting_a_user_gives_a_one_time_link_that_sets_their_password(root_client, client, seed_plan):
    response = root_client.post(reverse("admin_invite"), {
        "username": "tariq", "full_name": "Tariq Shah", "email": "tariq@example.org", "role": "lead",
        "plan": str(seed_plan.id), "person": "April Bald",
    })  # fmt: skip
    assert response.status_code == 200
    link = re.search(r'value="(http://testserver/accounts/set-password/[^"]+)"', response.content.decode())[1]
    tariq = User.objects.get(username="tariq")
    assert not tariq.has_usable_password()
    assert access.role_on(tariq, seed_plan) == "lead"
    assert Person.objects.get(name="April Bald").user == tariq
    assert link in mail.outbox[0].body and mail.outbox[0].to == ["tariq@example.org"]
    assert {e.kind for e in AdminEvent.objects.filter(subject=tariq)} == {
        "user_invited",
        "role_granted",
        "person_linked",
    }

    anonymous = client.__class__()
    form_page = anonymous.get(link, follow=True)
    assert "Set your password" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    done = anonymous.post(
        set_url, {"new_password1": "plum orchard ladder", "new_password2": "plum orchard ladder"}
    )
    assert done.status_code == 302 and done["Location"] == reverse("login")
    tariq.refresh_from_db()
    assert tariq.check_password("plum orchard ladder")
    assert "expired" in anonymous.get(link, follow=True).content.decode()  # the link works once


def test_a_bad_invitation_shows_the_error_summary(root_client):
    make_user("uma")
    response = root_client.post(
        reverse("admin_invite"), {"username": "UMA", "full_name": "", "email": "nope", "role": ""}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html and "There is a problem" in html
    for message in (
        "There is already a user with that username",
        "Enter their full name",
        "Enter an email address like name@example.org",
        "Choose a role",
    ):
        assert message in html
    assert 'href="#id_username"' in html and "govuk-input--error" in html


def test_giving_and_removing_roles_is_recorded(root_client, root, seed_plan):
    vic = make_user("vic")
    url = reverse("admin_user_add_role", args=[vic.id])
    assert root_client.post(url, {"role": "manager", "plan": str(seed_plan.id)}).status_code == 302
    assert root_client.post(url, {"role": "viewer", "plan": ""}).status_code == 302
    assert access.role_on(User.objects.get(pk=vic.pk), seed_plan) == "manager"
    membership = Membership.objects.get(user=vic, plan=seed_plan)
    remove = reverse("admin_user_remove_role", args=[vic.id, membership.id])
    assert root_client.post(remove).status_code == 302
    assert access.role_on(User.objects.get(pk=vic.pk), seed_plan) == "viewer"
    log = list(AdminEvent.objects.filter(subject=vic).order_by("at", "id"))
    assert [(e.kind, e.old, e.new, e.actor_name) for e in log] == [
        ("role_granted", None, "manager", "Rosa Patel"),
        ("role_granted", None, "viewer", "Rosa Patel"),
        ("role_removed", "manager", None, "Rosa Patel"),
    ]
    assert (
        f"removed the Plan manager role on {seed_plan.title} from vic"
        in root_client.get(reverse("admin_log")).content.decode()
    )


def test_a_bad_role_form_is_shown_with_errors(root_client):
    wyn = make_user("wyn")
    response = root_client.post(reverse("admin_user_add_role", args=[wyn.id]), {"role": "emperor"})
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()


def test_linking_to_a_lead_already_linked_elsewhere_is_refused(root_client, april):
    xena = make_user("xena")
    response = root_client.post(reverse("admin_user_person", args=[xena.id]), {"person": "April Bald"})
    assert response.status_code == 400
    assert "already linked to the user april" in response.content.decode()


def test_linking_moves_the_user_to_the_named_person(root_client, seed_plan):
    yan = make_user("yan")
    url = reverse("admin_user_person", args=[yan.id])
    root_client.post(url, {"person": "Jackie Cook"})
    root_client.post(url, {"person": "  Brand   New Person "})
    assert Person.objects.get(name="Brand New Person").user == yan
    assert Person.objects.get(name="Jackie Cook").user is None


def test_users_are_switched_off_not_deleted(root_client, root, alice):
    root_client.post(reverse("admin_user_active", args=[alice.id]), {"active": "0"})
    alice.refresh_from_db()
    assert not alice.is_active
    root_client.post(reverse("admin_user_active", args=[root.id]), {"active": "0"})
    root.refresh_from_db()
    assert root.is_active  # not yourself


def test_users_page_costs_the_same_queries_for_many_users(
    root_client, seed_plan, django_assert_max_num_queries
):
    for n in range(3):
        make_user(f"few{n}", "viewer", plan=seed_plan)
    with django_assert_max_num_queries(12) as captured:
        root_client.get(reverse("admin_users"))
    few = len(captured.captured_queries)
    for n in range(10):
        make_user(f"many{n}", "lead", plan=seed_plan, person=f"Person {n}")
    with django_assert_max_num_queries(few):
        root_client.get(reverse("admin_users"))
