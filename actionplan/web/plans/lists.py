"""Lists across plans: "My actions" for a signed-in lead, and the people page."""

from itertools import groupby

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from actionplan.plans import access
from actionplan.plans.models import Person
from actionplan.plans.queries import live_actions
from actionplan.plans.stamps import cache_key, plans_stamp
from actionplan.plans.tracking import current_periods, describe, with_tracking_annotations
from actionplan.web.caching import lazy_values, page_cache


def _actions_of(person, plans, today):
    """The person's live actions on the given plans, annotated and described, grouped by plan."""
    plans = {p.id: p for p in plans}
    periods = current_periods(plans.values(), today)
    earliest = min((p.start_moment() for p in periods.values() if p), default=None)
    actions = list(
        with_tracking_annotations(
            live_actions(notes=False).filter(plan_id__in=plans, actionlead__person=person), since=earliest
        )
        .select_related("recommendation")
        .order_by("plan__title", "plan_id", "recommendation__position", "position")
    )
    groups = []
    for plan_id, group in groupby(actions, key=lambda a: a.plan_id):
        plan, period = plans[plan_id], periods[plan_id]
        group = list(group)
        for action in group:
            action.plan = plan
            # One annotation serves every plan; narrow it to this plan's own period start.
            action.updated_since = bool(
                action.last_update_at and period and action.last_update_at >= period.start_moment()
            )
            action.status = describe(action, plan, period, today)
        groups.append(
            {
                "plan": plan,
                "period": period,
                "actions": group,
                "needing_update": [
                    a for a in group if not a.status.updated_this_cycle and a.status.state == "open"
                ],
            }
        )
    return groups


@login_required
@require_GET
def my_actions(request):
    person = getattr(request.user, "person", None)
    today = timezone.localdate()
    plans = list(access.visible_plans(request.user)) if person else []
    # Kept in the cache under the stamps of the user's plans (every change to them moves those on).
    key = cache_key("my-actions", request.user.pk, person.pk, today, plans_stamp(plans)) if person else None

    def compute():
        groups = _actions_of(person, plans, today) if person else []
        return {"groups": groups, "needing": sum(len(g["needing_update"]) for g in groups)}

    context = {"person": person, **page_cache(key), **lazy_values(compute, ("groups", "needing"))}
    return render(request, "plans/my_actions.html", context)


@login_required
@require_GET
def people(request):
    plans = access.visible_plans(request.user)
    visible = Q(actions__plan__in=plans, actions__archived_at__isnull=True)
    everyone = (
        Person.objects.annotate(action_count=Count("actions", filter=visible, distinct=True))
        .filter(action_count__gt=0)
        .select_related("user")
        .order_by("name")
    )
    return render(request, "plans/people.html", {"people": everyone})


@login_required
@require_GET
def person_page(request, person_id):
    plans = access.visible_plans(request.user)
    person = Person.objects.filter(pk=person_id, actions__plan__in=plans).distinct().first()
    if person is None:
        raise Http404("No such person.")
    groups = _actions_of(person, plans, timezone.localdate())
    return render(
        request,
        "plans/person.html",
        {"person": person, "groups": groups, "may_edit_email": access.may_edit_email(request.user, person)},
    )
