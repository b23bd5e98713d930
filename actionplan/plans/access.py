"""The one access helper: every view, export and command that acts for a user gets domain objects
through here, with what the user may do with them. Someone without access gets Http404, so a plan's existence
is never leaked; someone who may read but not do gets PermissionDenied (403) from `require`.

Roles come from Membership (plans.models): a role on one plan, or on every plan (plan empty); the
stronger of the two counts. Superusers are administrators everywhere. A user's memberships are
read once and kept on the user object, so a page costs one query for them however many plans
or rows it shows."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404

from actionplan.plans.models import Action, Membership, Person, Plan, Recommendation
from actionplan.plans.roles import Role

__all__ = [
    "Access",
    "Role",
    "access_for",
    "archived_plans",
    "can_import",
    "get_action",
    "get_plan",
    "get_recommendation",
    "is_site_admin",
    "managed_plans",
    "may_edit_email",
    "person_plans",
    "require_site_admin",
    "role_on",
    "visible_plans",
]

_CACHE = "_actionplan_roles"


@dataclass(frozen=True)
class Access:
    """What one user may do on one plan."""

    role: str | None = None
    person: Person | None = None

    @property
    def can_read(self) -> bool:
        return self.role is not None

    @property
    def can_manage(self) -> bool:
        """Edit the plan, run cycles, sign off completion, export, archive and restore."""
        return self.role in (Role.ADMIN, Role.MANAGER)

    @property
    def can_export(self) -> bool:
        return self.can_read

    @property
    def can_admin(self) -> bool:
        """Everything, including deleting the plan."""
        return self.role == Role.ADMIN

    def can_update(self, action: Action) -> bool:
        """Post progress, propose RAG and add evidence on this action."""
        if self.can_manage:
            return True
        return (
            self.role == Role.LEAD
            and self.person is not None
            and any(link.person_id == self.person.id for link in action.actionlead_set.all())
        )

    def require(self, allowed: bool) -> None:
        if not allowed:
            raise PermissionDenied("You do not have permission to do that on this plan.")


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def _roles(user) -> dict[int | None, str]:
    """{plan id: role, None: role on every plan}, read once per user object."""
    cached = getattr(user, _CACHE, None)
    if cached is None:
        cached = dict(Membership.objects.filter(user=user).values_list("plan_id", "role"))
        setattr(user, _CACHE, cached)
    return cached


def forget_roles(user) -> None:
    """Drop the kept roles (after a change to this user's memberships)."""
    if user is not None and hasattr(user, _CACHE):
        delattr(user, _CACHE)


def role_on(user, plan) -> str | None:
    """The user's role on the plan, or None. Superusers are administrators everywhere."""
    if not _signed_in(user):
        return None
    if user.is_superuser:
        return Role.ADMIN
    roles = _roles(user)
    plan_id = plan.pk if isinstance(plan, Plan) else plan
    return Role.stronger(roles.get(None), roles.get(plan_id))


def is_site_admin(user) -> bool:
    """May manage users and roles: a superuser or an administrator on every plan."""
    if not _signed_in(user):
        return False
    return user.is_superuser or _roles(user).get(None) == Role.ADMIN


def require_site_admin(user) -> None:
    if not is_site_admin(user):
        raise PermissionDenied("Only administrators can do that.")


def _person(user) -> Person | None:
    # The reverse one-to-one caches a miss too, so this is one query per user object at most.
    return getattr(user, "person", None)


def access_for(user, plan) -> Access:
    role = role_on(user, plan)
    return Access(role=role, person=_person(user) if role else None)


def _plans_with_a_role(user):
    if not _signed_in(user):
        return Plan.objects.none()
    if user.is_superuser or None in _roles(user):
        return Plan.objects.all()
    return Plan.objects.filter(pk__in=[pk for pk in _roles(user) if pk is not None])


def visible_plans(user):
    """The live plans the user holds a role on (archived ones are hidden: see archived_plans)."""
    return _plans_with_a_role(user).filter(archived_at__isnull=True)


def _manages_every_plan(user) -> bool:
    return user.is_superuser or Role.RANK.get(_roles(user).get(None), 0) >= Role.RANK[Role.MANAGER]


def _managed(plans, user):
    """Of these plans, those the user is a manager or administrator of."""
    if not _signed_in(user):
        return plans.none()
    if _manages_every_plan(user):
        return plans
    ids = [pk for pk, role in _roles(user).items() if pk and Role.RANK[role] >= Role.RANK[Role.MANAGER]]
    return plans.filter(pk__in=ids)


def managed_plans(user):
    """Live plans the user may manage (edit, run cycles, import into)."""
    return _managed(visible_plans(user), user)


def archived_plans(user):
    """Archived plans the user may restore (manager or administrator on them)."""
    return _managed(_plans_with_a_role(user).filter(archived_at__isnull=False), user)


def can_import(user) -> bool:
    """May import documents: a manager or administrator of every plan or of at least one plan (the
    importer of a new plan should be given the manager role on it, see writes.roles.grant_role)."""
    if not _signed_in(user):
        return False
    managers = (Role.MANAGER, Role.ADMIN)
    return _manages_every_plan(user) or any(role in managers for role in _roles(user).values())


def get_plan(user, plan_id, *, archived: bool = False) -> tuple[Plan, Access]:
    """The plan and what the user may do on it. `archived=True` also finds an archived plan, for
    the manager or administrator only (restore, history): to anyone else it does not exist."""
    plans = _plans_with_a_role(user) if archived else visible_plans(user)
    plan = plans.filter(pk=plan_id).first()
    access = access_for(user, plan) if plan else Access()
    if plan is None or not access.can_read or (plan.archived_at and not access.can_manage):
        raise Http404("No such plan.")
    return plan, access


def get_recommendation(user, plan_id, rec_id) -> tuple[Recommendation, Access]:
    plan, access = get_plan(user, plan_id)
    rec = Recommendation.objects.filter(plan=plan, pk=rec_id).first()
    if rec is None:
        raise Http404("No such recommendation.")
    return rec, access


def get_action(user, plan_id, action_id) -> tuple[Action, Access]:
    plan, access = get_plan(user, plan_id)
    action = (
        Action.objects.select_related("plan", "recommendation")
        .prefetch_related("actionlead_set__person")
        .filter(plan=plan, pk=action_id)
        .first()
    )
    if action is None:
        raise Http404("No such action.")
    return action, access


def person_plans(person):
    """The live plans on which the person leads an action."""
    return Plan.objects.filter(actions__actionlead__person=person, archived_at__isnull=True).distinct()


def may_edit_email(user, person) -> bool:
    """A plan manager (or administrator) on any live plan the person leads an action on."""
    if is_site_admin(user):
        return True
    return any(access_for(user, plan).can_manage for plan in person_plans(person))
