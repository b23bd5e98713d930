from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from actionplan.plans import access
from actionplan.plans.queries import live_actions, recommendations_with_actions


@require_GET
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


@login_required
@require_GET
def home(request):
    plans = access.visible_plans(request.user).order_by("title", "id")
    return render(request, "web/home.html", {"plans": plans})


@login_required
@require_GET
def plan_overview(request, plan_id):
    plan, can = access.get_plan(request.user, plan_id)
    recommendations = recommendations_with_actions(plan)
    counts = {"recommendations": len(recommendations), "actions": sum(len(r.live_actions) for r in recommendations)}
    return render(request, "web/plan.html", {"plan": plan, "can": can, "recommendations": recommendations,
                                             "counts": counts})


@login_required
@require_GET
def recommendation_page(request, plan_id, rec_id):
    rec, can = access.get_recommendation(request.user, plan_id, rec_id)
    actions = live_actions().filter(recommendation=rec).order_by("position")
    return render(request, "web/recommendation.html", {"plan": rec.plan, "rec": rec, "actions": actions, "can": can})


@login_required
@require_GET
def action_page(request, plan_id, action_id):
    action, can = access.get_action(request.user, plan_id, action_id)
    action = live_actions().select_related("plan", "recommendation").get(pk=action.pk)
    return render(request, "web/action.html", {"plan": action.plan, "action": action, "can": can})
