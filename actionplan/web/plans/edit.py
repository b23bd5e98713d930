"""Editing a plan (plan managers only): its recommendations added, reworded, reordered, archived
and restored; the plan's settings and its custom reporting cycles (actions: actions/edit.py; the
shape every editing page shares: web/editing.py)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods, require_POST

from actionplan.plans.models import Action, ActionLead, Recommendation, ReportingCycle
from actionplan.plans.writes import cycles
from actionplan.plans.writes import structure as writes_structure
from actionplan.web.editing import GET_POST, button, form_page, managed_plan, managed_recommendation, posted
from actionplan.web.forms import ArchiveForm
from actionplan.web.plans.forms import CycleForm, RecommendationForm, SettingsForm

# The plan edit page ---------------------------------------------------------------------------


def _structure(plan):
    """Every recommendation and action, archived ones included, in order (three queries)."""
    leads = Prefetch(
        "actionlead_set", queryset=ActionLead.objects.select_related("person").order_by("position")
    )
    actions = Action.objects.order_by("position", "id").prefetch_related(leads)
    return list(
        Recommendation.objects.filter(plan=plan)
        .order_by("position", "id")
        .prefetch_related(Prefetch("actions", queryset=actions, to_attr="all_actions"))
    )


@login_required
@require_http_methods(["GET"])
def plan_edit(request, plan_id):
    plan = managed_plan(request, plan_id)
    return render(request, "plans/edit/plan_edit.html", {"plan": plan, "recommendations": _structure(plan)})


# Recommendations ------------------------------------------------------------------------------


@login_required
@require_http_methods(GET_POST)
def recommendation_add(request, plan_id):
    plan = managed_plan(request, plan_id)
    form = RecommendationForm(posted(request))
    return form_page(
        request,
        form,
        lambda d: writes_structure.add_recommendation(plan, request.user, d["number"], d["text"]),
        "plans/edit/recommendation_form.html",
        {"plan": plan},
        saved=lambda d, _: f"Recommendation {d['number']} has been added.",
    )


@login_required
@require_http_methods(GET_POST)
def recommendation_edit(request, plan_id, rec_id):
    rec = managed_recommendation(request, plan_id, rec_id)
    initial = {"number": rec.number, "text": rec.text, "version": rec.version}
    form = RecommendationForm(posted(request), initial=initial)

    def write(d):
        writes_structure.edit_recommendation(
            rec, request.user, d["number"], d["text"], expected_version=d["version"], reason=d["reason"]
        )

    return form_page(
        request,
        form,
        write,
        "plans/edit/recommendation_form.html",
        {"plan": rec.plan, "rec": rec},
        saved=lambda d, _: f"Recommendation {d['number']} has been saved.",
    )


@login_required
@require_POST
def recommendation_move(request, plan_id, rec_id):
    rec = managed_recommendation(request, plan_id, rec_id)
    direction = request.POST.get("direction", "")
    return button(
        request,
        rec.plan_id,
        lambda: writes_structure.move_recommendation(rec, request.user, direction),
        f"Recommendation {rec.number} has been moved {direction}.",
    )


@login_required
@require_http_methods(GET_POST)
def recommendation_archive(request, plan_id, rec_id):
    rec = managed_recommendation(request, plan_id, rec_id)
    context = {
        "plan": rec.plan,
        "noun": f"recommendation {rec.number}",
        "text": rec.text,
        "with_actions": True,
    }
    return form_page(
        request,
        ArchiveForm(posted(request)),
        lambda d: writes_structure.archive_recommendation(rec, request.user, reason=d["reason"]),
        "web/archive.html",
        context,
        saved=f"Recommendation {rec.number} and its actions have been archived.",
    )


@login_required
@require_POST
def recommendation_restore(request, plan_id, rec_id):
    rec = managed_recommendation(request, plan_id, rec_id)
    return button(
        request,
        rec.plan_id,
        lambda: writes_structure.restore_recommendation(rec, request.user),
        f"Recommendation {rec.number} has been restored, with the actions archived with it.",
    )


# Settings and cycles --------------------------------------------------------------------------


@login_required
@require_http_methods(GET_POST)
def plan_settings(request, plan_id):
    plan = managed_plan(request, plan_id)
    form = SettingsForm(posted(request), initial=SettingsForm.initial_for(plan))

    def write(d):
        writes_structure.update_plan_settings(
            plan, request.user, expected_version=d["version"], reason=d["reason"], **form.settings()
        )

    return form_page(
        request,
        form,
        write,
        "plans/edit/settings.html",
        {"plan": plan},
        saved="The plan settings have been saved.",
        then="plan_settings",
    )


@login_required
@require_http_methods(GET_POST)
def plan_cycles(request, plan_id):
    plan = managed_plan(request, plan_id)

    def write(d):
        cycles.add_custom_cycle(plan, request.user, d["label"], d["starts"], d["ends"], d["deadline"])

    rows = ReportingCycle.objects.filter(plan=plan).annotate(note_count=Count("notes")).order_by("starts")
    return form_page(
        request,
        CycleForm(posted(request)),
        write,
        "plans/edit/cycles.html",
        {"plan": plan, "cycles": rows},
        saved=lambda d, _: f"The cycle ‘{d['label']}’ has been added.",
        then="plan_cycles",
    )


@login_required
@require_POST
def cycle_remove(request, plan_id, cycle_id):
    plan = managed_plan(request, plan_id)
    cycle = get_object_or_404(ReportingCycle, plan=plan, pk=cycle_id)
    return button(
        request,
        plan.id,
        lambda: cycles.remove_cycle(cycle, request.user),
        f"The cycle ‘{cycle.label}’ has been removed.",
        then="plan_cycles",
    )
