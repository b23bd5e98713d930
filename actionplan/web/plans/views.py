"""The plans a user can see, a plan's overview and a recommendation's page."""

from itertools import groupby

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db.models import Count, Q, prefetch_related_objects
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from actionplan.plans import access
from actionplan.plans.models import Person, Recommendation
from actionplan.plans.queries import current_notes, live_actions
from actionplan.plans.stamps import action_stamp, cache_key, plan_stamp
from actionplan.plans.tracking import Filters, current_periods, describe, plan_actions, rollup_of
from actionplan.web.caching import fragment_key, lazy_values, page_cache


@login_required
@require_GET
def home(request):
    plans = (
        access.visible_plans(request.user)
        .annotate(action_count=Count("actions", filter=Q(actions__archived_at__isnull=True)))
        .order_by("title", "id")
    )
    return render(request, "plans/home.html", {"plans": plans})


@login_required
@require_GET
def plan_overview(request, plan_id):
    plan, can = access.get_plan(request.user, plan_id)
    today = timezone.localdate()
    filters = Filters.from_query(request.GET)
    # The page body is kept in the cache under the plan's stamp, which every change to the plan moves
    # on (plans/stamps.py), so it is never stale; a free-text search is always worked out afresh.
    # The body's values are lazy: a cached body runs none of their queries.
    key = None
    if not filters.q:
        key = cache_key("plan", plan.id, plan_stamp(plan), today, can.role, request.GET.urlencode())
    context = {"plan": plan, "can": can, "filters": filters, **page_cache(key),
               **lazy_values(lambda: _overview(plan, filters, today), OVERVIEW_VALUES)}  # fmt: skip
    return render(request, "plans/plan.html", context)


OVERVIEW_VALUES = ("period", "recommendations", "plan_rollup", "counts", "missing_update", "leads",
                   "rec_numbers", "rated")  # fmt: skip


def _overview(plan, filters, today) -> dict:
    period = current_periods([plan], today)[plan.id]
    actions = list(plan_actions(plan, period, filters, today, notes=False))
    for action in actions:
        action.status = describe(action, plan, period, today)
    recommendations = _grouped(plan, actions, filters)
    _cached_rows(plan, recommendations, period, today)
    all_rags = [a.rag for a in actions]
    return {
        "period": period, "recommendations": recommendations,
        "plan_rollup": rollup_of(actions, plan.rollup_rule),
        "counts": {"recommendations": len(recommendations), "actions": len(actions)},
        "missing_update": [a for a in actions
                           if not a.status.updated_this_cycle and a.status.state == "open"],
        "leads": Person.objects.filter(actions__plan=plan).distinct().order_by("name"),
        "rec_numbers": Recommendation.objects.filter(plan=plan, archived_at__isnull=True)
        .order_by("position").values_list("number", flat=True),
        "rated": len([r for r in all_rags if r]),
    }  # fmt: skip


def _cached_rows(plan, recommendations, period, today) -> None:
    """Each action's cells are kept in the cache under the action's version (every change to it
    moves that on) and what else they show; notes are loaded only for the rows not kept. A search
    or a filter reuses the rows the overview rendered, doing only its own matching."""
    shown = []
    for rec in recommendations:
        for action in rec.shown_actions:
            label = period.label if period else ""
            parts = (action_stamp(action), plan.version, rec.number, rec.version, today, label)
            action.row_key = cache_key("row", *parts)
            shown.append(action)
    kept = cache.get_many([fragment_key("plan-row", a.row_key) for a in shown])
    missing = [a for a in shown if fragment_key("plan-row", a.row_key) not in kept]
    prefetch_related_objects(missing, current_notes())


def _grouped(plan, actions, filters):
    """Recommendations holding the (filtered) actions, each with a roll-up; unfiltered, every live
    recommendation shows, even one with no actions yet."""
    by_rec = {rec_id: list(group) for rec_id, group in groupby(actions, key=lambda a: a.recommendation_id)}
    recs = Recommendation.objects.filter(plan=plan)
    if not filters.archived:
        recs = recs.filter(archived_at__isnull=True)
    grouped = []
    for rec in recs.order_by("position"):
        rec.shown_actions = by_rec.get(rec.id, [])
        if filters.active and not rec.shown_actions:
            continue
        rec.rollup = rollup_of(rec.shown_actions, plan.rollup_rule)
        grouped.append(rec)
    return grouped


@login_required
@require_GET
def recommendation_page(request, plan_id, rec_id):
    rec, can = access.get_recommendation(request.user, plan_id, rec_id)
    actions = live_actions().filter(recommendation=rec).select_related("recommendation")
    actions = list(actions.order_by("position"))
    return render(
        request,
        "plans/recommendation.html",
        {
            "plan": rec.plan,
            "rec": rec,
            "actions": actions,
            "can": can,
            "rollup": rollup_of(actions, rec.plan.rollup_rule),
        },
    )
