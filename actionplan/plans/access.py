"""The one access helper: every view, export and API call gets domain objects through here,
with what the user may do with them. Someone without access gets Http404, so a plan's existence
is never leaked; someone who may read but not do gets PermissionDenied (403) from `require`."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404

from actionplan.plans.models import Action, Person, Plan, Recommendation


class Role:
    ADMIN = "admin"
    MANAGER = "manager"
    LEAD = "lead"
    VIEWER = "viewer"
    CHOICES = [(ADMIN, "Administrator"), (MANAGER, "Plan manager"), (LEAD, "Lead officer"), (VIEWER, "Viewer")]


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
        """Edit the plan, run cycles, sign off completion, export."""
        return self.role in (Role.ADMIN, Role.MANAGER)

    @property
    def can_export(self) -> bool:
        return self.can_read

    @property
    def can_admin(self) -> bool:
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


def role_on(user, plan) -> str | None:
    """The user's role on the plan, or None. Superusers are administrators everywhere."""
    if not (user and user.is_authenticated and user.is_active):
        return None
    if user.is_superuser:
        return Role.ADMIN
    return Role.VIEWER


def access_for(user, plan) -> Access:
    return Access(role=role_on(user, plan), person=getattr(user, "person", None) if user.is_authenticated else None)


def visible_plans(user):
    if not (user and user.is_authenticated):
        return Plan.objects.none()
    return Plan.objects.filter(archived_at__isnull=True)


def get_plan(user, plan_id) -> tuple[Plan, Access]:
    plan = visible_plans(user).filter(pk=plan_id).first()
    access = access_for(user, plan) if plan else Access()
    if plan is None or not access.can_read:
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
