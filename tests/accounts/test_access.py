import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplan.plans import access
from actionplan.plans.access import Role
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_plan(seed_draft):
    from actionplan.plans.writes import save_draft

    seed_draft.title = "Another council's SEND written statement of action"
    return save_draft(seed_draft)


def test_user_without_a_role_sees_no_plans_and_gets_404(client, seed_plan):
    bob = make_user("bob")
    client.force_login(bob)
    assert list(access.visible_plans(bob)) == []
    assert seed_plan.title not in client.get(reverse("home")).content.decode()
    assert client.get(reverse("plan", args=[seed_plan.id])).status_code == 404
    with pytest.raises(Http404):
        access.get_plan(bob, seed_plan.id)


def test_role_on_one_plan_does_not_reach_another(seed_plan, other_plan):
    carol = make_user("carol", Role.MANAGER, plan=seed_plan)
    assert list(access.visible_plans(carol)) == [seed_plan]
    assert access.get_plan(carol, seed_plan.id)[1].can_manage
    with pytest.raises(Http404):
        access.get_plan(carol, other_plan.id)


def test_a_person_can_hold_different_roles_on_different_plans(seed_plan, other_plan):
    dev = make_user("dev", Role.MANAGER, plan=seed_plan)
    from actionplan.accounts.services import grant_role

    grant_role(dev, Role.VIEWER, other_plan)
    assert access.role_on(dev, seed_plan) == Role.MANAGER
    assert access.role_on(dev, other_plan) == Role.VIEWER
    assert not access.get_plan(dev, other_plan.id)[1].can_manage


def test_the_stronger_of_an_every_plan_role_and_a_plan_role_counts(seed_plan, other_plan):
    erin = make_user("erin", Role.VIEWER)
    from actionplan.accounts.services import grant_role

    grant_role(erin, Role.MANAGER, seed_plan)
    assert access.role_on(erin, seed_plan) == Role.MANAGER
    assert access.role_on(erin, other_plan) == Role.VIEWER
    assert set(access.visible_plans(erin)) == {seed_plan, other_plan}


def test_superuser_is_administrator_everywhere(django_user_model, seed_plan):
    root = django_user_model.objects.create_superuser("root", password="x" * 12)
    assert access.role_on(root, seed_plan) == Role.ADMIN
    assert access.is_site_admin(root)


def test_inactive_user_has_no_role(seed_plan):
    frank = make_user("frank", Role.ADMIN)
    frank.is_active = False
    assert access.role_on(frank, seed_plan) is None
    assert not access.is_site_admin(frank)


def test_lead_may_update_only_the_actions_they_lead(seed_plan, april, jackie):
    _, can = access.get_plan(april, seed_plan.id)
    aprils = seed_plan.actions.filter(leads__name="April Bald").first()
    jackies = seed_plan.actions.filter(leads__name="Jackie Cook").exclude(leads__name="April Bald").first()
    assert can.can_update(aprils) and not can.can_update(jackies)
    assert not can.can_manage
    with pytest.raises(PermissionDenied):
        can.require(can.can_update(jackies))


def test_viewer_reads_but_may_not_update(seed_plan, alice):
    _, can = access.get_plan(alice, seed_plan.id)
    assert can.can_read and can.can_export
    assert not can.can_update(seed_plan.actions.first())


def test_archived_plan_is_hidden_except_to_its_managers(seed_plan, alice, mary):
    from actionplan.plans.writes.admin import archive_plan

    archive_plan(seed_plan, mary)
    assert list(access.visible_plans(alice)) == [] and list(access.visible_plans(mary)) == []
    assert list(access.archived_plans(mary)) == [seed_plan]
    assert list(access.archived_plans(alice)) == []
    with pytest.raises(Http404):
        access.get_plan(alice, seed_plan.id, archived=True)
    assert access.get_plan(mary, seed_plan.id, archived=True)[0] == seed_plan


def test_roles_are_read_once_per_request(client, seed_plan, seed_draft):
    """Home lists every plan with one query for the user's roles, however many plans there are."""
    from actionplan.plans.writes import save_draft

    gill = make_user("gill")
    client.force_login(gill)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("home")).status_code == 200
        return len(ctx.captured_queries)

    from actionplan.accounts.services import grant_role

    grant_role(gill, Role.VIEWER, seed_plan)
    few = count()
    for n in range(6):
        seed_draft.title = f"Plan {n}"
        grant_role(gill, Role.VIEWER, save_draft(seed_draft))
    assert count() == few
