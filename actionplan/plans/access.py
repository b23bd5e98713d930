"""The one access helper: every view, export and API call gets domain objects through here,
with what the user may do with them. Someone without access gets Http404, so a plan's existence
is never leaked."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from actionplan.plans.models import Action, Plan, Recommendation


@dataclass(frozen=True)
class Access:
    can_read: bool = False

    @classmethod
    def for_user(cls, user, plan) -> Access:
        return cls(can_read=bool(user and user.is_authenticated and user.is_active))


def visible_plans(user):
    if not (user and user.is_authenticated):
        return Plan.objects.none()
    return Plan.objects.filter(archived_at__isnull=True)


def get_plan(user, plan_id) -> tuple[Plan, Access]:
    plan = visible_plans(user).filter(pk=plan_id).first()
    access = Access.for_user(user, plan) if plan else Access()
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
    action = Action.objects.select_related("plan", "recommendation").filter(plan=plan, pk=action_id).first()
    if action is None:
        raise Http404("No such action.")
    return action, access
