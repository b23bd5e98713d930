"""Editing a plan's actions (plan managers only): added, reworded, split, moved, archived and
restored, from the plan edit page (web/editing.py has the shape they share)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.views.decorators.http import require_http_methods, require_POST

from actionplan.plans.models import Recommendation
from actionplan.plans.writes import structure as writes_structure
from actionplan.web.actions.forms import ActionAddForm, ActionEditForm, MoveActionForm, SplitForm
from actionplan.web.editing import GET_POST, button, form_page, managed_action, managed_recommendation, posted
from actionplan.web.forms import ArchiveForm


@login_required
@require_http_methods(GET_POST)
def action_add(request, plan_id, rec_id):
    rec = managed_recommendation(request, plan_id, rec_id)
    return form_page(
        request,
        ActionAddForm(posted(request)),
        lambda d: writes_structure.add_action(rec, request.user, d["text"], d["leads"], d["due"]),
        "actions/edit/add.html",
        {"plan": rec.plan, "rec": rec},
        saved=lambda _, action: f"Action {action.ref} has been added.",
    )


@login_required
@require_http_methods(GET_POST)
def action_edit(request, plan_id, action_id):
    action = managed_action(request, plan_id, action_id)
    leads = "\n".join(p.name for p in action.lead_people)
    initial = {"text": action.text, "leads": leads, "version": action.version}

    def write(d):
        writes_structure.edit_action(
            action, request.user, d["text"], d["leads"], expected_version=d["version"], reason=d["reason"]
        )

    return form_page(
        request,
        ActionEditForm(posted(request), initial=initial),
        write,
        "actions/edit/edit.html",
        {"plan": action.plan, "action": action},
        saved=f"Action {action.ref} has been saved.",
    )


@login_required
@require_http_methods(GET_POST)
def action_split(request, plan_id, action_id):
    action = managed_action(request, plan_id, action_id)
    return form_page(
        request,
        SplitForm(posted(request), initial={"part_1": action.text}),
        lambda d: writes_structure.split_action(action, request.user, d["parts"], reason=d["reason"]),
        "actions/edit/split.html",
        {"plan": action.plan, "action": action},
        saved=lambda d, _: f"Action {action.ref} has been split into {len(d['parts'])} actions.",
    )


@login_required
@require_http_methods(GET_POST)
def action_move(request, plan_id, action_id):
    """POST direction=up|down from the edit page's buttons; otherwise the form to move the action
    to another recommendation."""
    action = managed_action(request, plan_id, action_id)
    if request.method == "POST" and "direction" in request.POST:
        direction = request.POST["direction"]
        return button(
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

    return form_page(
        request,
        MoveActionForm(posted(request), recommendations=recs, initial=initial),
        write,
        "actions/edit/move.html",
        {"plan": action.plan, "action": action},
        saved="The action has been moved.",
    )


@login_required
@require_http_methods(GET_POST)
def action_archive(request, plan_id, action_id):
    action = managed_action(request, plan_id, action_id)
    return form_page(
        request,
        ArchiveForm(posted(request)),
        lambda d: writes_structure.archive_action(action, request.user, reason=d["reason"]),
        "web/archive.html",
        {"plan": action.plan, "noun": f"action {action.ref}", "text": action.text},
        saved=f"Action {action.ref} has been archived.",
    )


@login_required
@require_POST
def action_restore(request, plan_id, action_id):
    action = managed_action(request, plan_id, action_id)
    return button(
        request,
        action.plan_id,
        lambda: writes_structure.restore_action(action, request.user),
        f"Action {action.ref} has been restored.",
    )
