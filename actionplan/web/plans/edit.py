"""Editing a plan (plan managers only): recommendations and actions added, reworded, reordered,
split, moved, archived and restored; the plan's settings and its custom reporting cycles. Each
view checks access, validates, calls one write function and redirects with a message; a form
with errors comes back with status 400, a stale one with 409 and the changes it missed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from actionplan.plans import access
from actionplan.plans.concurrency import StaleEdit
from actionplan.plans.models import Action, ActionLead, Recommendation, ReportingCycle
from actionplan.plans.writes import cycles
from actionplan.plans.writes import structure as writes_structure
from actionplan.web.plans.forms import (
    ActionAddForm,
    ActionEditForm,
    ArchiveForm,
    CycleForm,
    MoveActionForm,
    RecommendationForm,
    SettingsForm,
    SplitForm,
)

GET_POST = ["GET", "POST"]


# Access: every view here is for plan managers -------------------------------------------------


def _managed_plan(request, plan_id):
    plan, can = access.get_plan(request.user, plan_id)
    can.require(can.can_manage)
    return plan


def _managed_recommendation(request, plan_id, rec_id):
    rec, can = access.get_recommendation(request.user, plan_id, rec_id)
    can.require(can.can_manage)
    return rec


def _managed_action(request, plan_id, action_id):
    action, can = access.get_action(request.user, plan_id, action_id)
    can.require(can.can_manage)
    return action


def _posted(request):
    """The submitted data, or None for a GET (an empty POST is still a submission)."""
    return request.POST if request.method == "POST" else None


def _attempt(request, form, write) -> int | None:
    """Validate the form and run write(cleaned_data). None when saved, else the status to show the
    form again with: 400 (errors now on the form) or 409 (form.stale holds what was missed; the
    form keeps the user's text and takes the current version, so saving again goes through)."""
    form.stale = None
    if request.method != "POST":
        return 200
    if not form.is_valid():
        return 400
    try:
        write(form.cleaned_data)
    except ValidationError as exc:
        form.add_write_errors(exc)
        return 400
    except StaleEdit as exc:
        form.stale = exc
        form.data = form.data.copy()
        form.data["version"] = exc.current.version
        return 409
    return None


def _form_page(request, form, write, template, context, *, saved, then="plan_edit"):
    """The shape every editing form shares: show the form (GET); on a POST validate and run
    write(cleaned_data), then say `saved` and go to the `then` page; else show the form again with
    its errors (400) or what was missed (409). `saved` is a message or a function of the cleaned
    data and what write returned."""
    result = {}
    status = _attempt(request, form, lambda d: result.setdefault("value", write(d)))
    if status is not None:
        return render(request, template, {**context, "form": form}, status=status)
    message = saved(form.cleaned_data, result.get("value")) if callable(saved) else saved
    messages.success(request, message)
    return redirect(then, plan_id=context["plan"].id)


def _button(request, plan_id, write, message):
    """A one-click change from the plan edit page (move, restore): do it and say so, or say why not."""
    try:
        write()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, message)
    return redirect("plan_edit", plan_id=plan_id)


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
    plan = _managed_plan(request, plan_id)
    return render(request, "plans/edit/plan_edit.html", {"plan": plan, "recommendations": _structure(plan)})


# Recommendations ------------------------------------------------------------------------------


@login_required
@require_http_methods(GET_POST)
def recommendation_add(request, plan_id):
    plan = _managed_plan(request, plan_id)
    form = RecommendationForm(_posted(request))
    return _form_page(
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
    rec = _managed_recommendation(request, plan_id, rec_id)
    initial = {"number": rec.number, "text": rec.text, "version": rec.version}
    form = RecommendationForm(_posted(request), initial=initial)

    def write(d):
        writes_structure.edit_recommendation(
            rec, request.user, d["number"], d["text"], expected_version=d["version"], reason=d["reason"]
        )

    return _form_page(
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
    rec = _managed_recommendation(request, plan_id, rec_id)
    direction = request.POST.get("direction", "")
    return _button(
        request,
        rec.plan_id,
        lambda: writes_structure.move_recommendation(rec, request.user, direction),
        f"Recommendation {rec.number} has been moved {direction}.",
    )


@login_required
@require_http_methods(GET_POST)
def recommendation_archive(request, plan_id, rec_id):
    rec = _managed_recommendation(request, plan_id, rec_id)
    context = {
        "plan": rec.plan,
        "noun": f"recommendation {rec.number}",
        "text": rec.text,
        "with_actions": True,
    }
    return _form_page(
        request,
        ArchiveForm(_posted(request)),
        lambda d: writes_structure.archive_recommendation(rec, request.user, reason=d["reason"]),
        "plans/edit/archive.html",
        context,
        saved=f"Recommendation {rec.number} and its actions have been archived.",
    )


@login_required
@require_POST
def recommendation_restore(request, plan_id, rec_id):
    rec = _managed_recommendation(request, plan_id, rec_id)
    return _button(
        request,
        rec.plan_id,
        lambda: writes_structure.restore_recommendation(rec, request.user),
        f"Recommendation {rec.number} has been restored, with the actions archived with it.",
    )


# Actions --------------------------------------------------------------------------------------


@login_required
@require_http_methods(GET_POST)
def action_add(request, plan_id, rec_id):
    rec = _managed_recommendation(request, plan_id, rec_id)
    return _form_page(
        request,
        ActionAddForm(_posted(request)),
        lambda d: writes_structure.add_action(rec, request.user, d["text"], d["leads"], d["due"]),
        "plans/edit/action_add.html",
        {"plan": rec.plan, "rec": rec},
        saved=lambda _, action: f"Action {action.ref} has been added.",
    )


@login_required
@require_http_methods(GET_POST)
def action_edit(request, plan_id, action_id):
    action = _managed_action(request, plan_id, action_id)
    leads = "\n".join(p.name for p in action.lead_people)
    initial = {"text": action.text, "leads": leads, "version": action.version}

    def write(d):
        writes_structure.edit_action(
            action, request.user, d["text"], d["leads"], expected_version=d["version"], reason=d["reason"]
        )

    return _form_page(
        request,
        ActionEditForm(_posted(request), initial=initial),
        write,
        "plans/edit/action_edit.html",
        {"plan": action.plan, "action": action},
        saved=f"Action {action.ref} has been saved.",
    )


@login_required
@require_http_methods(GET_POST)
def action_split(request, plan_id, action_id):
    action = _managed_action(request, plan_id, action_id)
    return _form_page(
        request,
        SplitForm(_posted(request), initial={"part_1": action.text}),
        lambda d: writes_structure.split_action(action, request.user, d["parts"], reason=d["reason"]),
        "plans/edit/action_split.html",
        {"plan": action.plan, "action": action},
        saved=lambda d, _: f"Action {action.ref} has been split into {len(d['parts'])} actions.",
    )


@login_required
@require_http_methods(GET_POST)
def action_move(request, plan_id, action_id):
    """POST direction=up|down from the edit page's buttons; otherwise the form to move the action
    to another recommendation."""
    action = _managed_action(request, plan_id, action_id)
    if request.method == "POST" and "direction" in request.POST:
        direction = request.POST["direction"]
        return _button(
            request,
            action.plan_id,
            lambda: writes_structure.move_action(action, request.user, direction=direction),
            f"Action {action.ref} has been moved {direction}.",
        )
    recs = Recommendation.objects.filter(plan_id=action.plan_id, archived_at__isnull=True)
    recs = recs.order_by("position")
    initial = {"recommendation": action.recommendation_id}

    def write(d):
        target = recs.get(pk=d["recommendation"])
        if target.pk == action.recommendation_id and d["position"] is None:
            raise ValidationError({"position": "Choose another recommendation, or a position in this one."})
        writes_structure.move_action(action, request.user, recommendation=target, position=d["position"])

    return _form_page(
        request,
        MoveActionForm(_posted(request), recommendations=recs, initial=initial),
        write,
        "plans/edit/action_move.html",
        {"plan": action.plan, "action": action},
        saved="The action has been moved.",
    )


@login_required
@require_http_methods(GET_POST)
def action_archive(request, plan_id, action_id):
    action = _managed_action(request, plan_id, action_id)
    return _form_page(
        request,
        ArchiveForm(_posted(request)),
        lambda d: writes_structure.archive_action(action, request.user, reason=d["reason"]),
        "plans/edit/archive.html",
        {"plan": action.plan, "noun": f"action {action.ref}", "text": action.text},
        saved=f"Action {action.ref} has been archived.",
    )


@login_required
@require_POST
def action_restore(request, plan_id, action_id):
    action = _managed_action(request, plan_id, action_id)
    return _button(
        request,
        action.plan_id,
        lambda: writes_structure.restore_action(action, request.user),
        f"Action {action.ref} has been restored.",
    )


# Settings and cycles --------------------------------------------------------------------------


@login_required
@require_http_methods(GET_POST)
def plan_settings(request, plan_id):
    plan = _managed_plan(request, plan_id)
    form = SettingsForm(_posted(request), initial=SettingsForm.initial_for(plan))

    def write(d):
        writes_structure.update_plan_settings(
            plan, request.user, expected_version=d["version"], reason=d["reason"], **form.settings()
        )

    return _form_page(
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
    plan = _managed_plan(request, plan_id)

    def write(d):
        cycles.add_custom_cycle(plan, request.user, d["label"], d["starts"], d["ends"], d["deadline"])

    rows = ReportingCycle.objects.filter(plan=plan).annotate(note_count=Count("notes")).order_by("starts")
    return _form_page(
        request,
        CycleForm(_posted(request)),
        write,
        "plans/edit/cycles.html",
        {"plan": plan, "cycles": rows},
        saved=lambda d, _: f"The cycle ‘{d['label']}’ has been added.",
        then="plan_cycles",
    )


@login_required
@require_POST
def cycle_remove(request, plan_id, cycle_id):
    plan = _managed_plan(request, plan_id)
    cycle = get_object_or_404(ReportingCycle, plan=plan, pk=cycle_id)
    try:
        cycles.remove_cycle(cycle, request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"The cycle ‘{cycle.label}’ has been removed.")
    return redirect("plan_cycles", plan_id=plan.id)
