"""The action page and what can be done on it: post an update (note, RAG with reason, completion
with evidence), revise the due date, sign off completion, correct a note."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from actionplan.plans import access, writes
from actionplan.plans.concurrency import StaleEdit
from actionplan.plans.models import Evidence, ProgressNote
from actionplan.plans.queries import live_actions
from actionplan.plans.stamps import action_stamp, cache_key
from actionplan.plans.tracking import current_periods, describe, with_tracking_annotations
from actionplan.web.actions.forms import CorrectionForm, DueDateForm, UpdateForm
from actionplan.web.actions.timeline import timeline
from actionplan.web.caching import KEEP_SECONDS
from actionplan.web.forms import add_write_errors


def _load(request, plan_id, action_id):
    action, can = access.get_action(request.user, plan_id, action_id)
    period = current_periods([action.plan], timezone.localdate())[action.plan.id]
    since = period.start_moment() if period else None
    action = (
        with_tracking_annotations(live_actions(include_archived=True, notes=False), since=since)
        .select_related("plan", "recommendation")
        .get(pk=action.pk)
    )
    return action, can, period


def _page(request, action, can, period, *, update_form=None, due_form=None, stale=None, status=200):
    if update_form is None and can.can_update(action):
        update_form = UpdateForm(initial={"rag": action.rag or "none", "version": action.version})
    if due_form is None and can.can_update(action):
        due_form = DueDateForm(initial={"version": action.version})
    context = {
        "plan": action.plan,
        "action": action,
        "can": can,
        "period": period,
        "status": describe(action, action.plan, period, timezone.localdate()),
        # The timeline is kept in the cache under the action's version, which every change to the
        # action moves on; the lambda runs only when it is not there.
        "timeline": lambda: timeline(action),
        "timeline_key": cache_key("timeline", action_stamp(action), can.can_update(action)),
        "keep_for": KEEP_SECONDS,
        "evidence": Evidence.objects.filter(action=action),
        "update_form": update_form,
        "due_form": due_form,
        "stale": stale,
        "may_update": can.can_update(action),
    }
    return render(request, "actions/action.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def action_page(request, plan_id, action_id):
    action, can, period = _load(request, plan_id, action_id)
    if request.method == "GET":
        return _page(request, action, can, period)
    can.require(can.can_update(action))
    form = UpdateForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, action, can, period, update_form=form, status=400)
    try:
        evidence = form.evidence()
        writes.record_update(
            action,
            request.user,
            text=form.cleaned_data["text"],
            rag=form.rag_value(),
            reason=form.cleaned_data["reason"],
            evidence=evidence,
            expected_version=form.cleaned_data["version"],
        )
    except ValidationError as exc:
        add_write_errors(form, exc)
        return _page(request, action, can, period, update_form=form, status=400)
    except StaleEdit as exc:
        action, can, period = _load(request, plan_id, action_id)
        form = UpdateForm(request.POST)  # the user's own text stays in the form
        form.data = form.data.copy()
        form.data["version"] = exc.current.version
        return _page(request, action, can, period, update_form=form, stale=exc, status=409)
    messages.success(request, "Your update has been saved.")
    return redirect("action", plan_id=plan_id, action_id=action_id)


@login_required
@require_POST
def revise_due(request, plan_id, action_id):
    action, can, period = _load(request, plan_id, action_id)
    can.require(can.can_update(action))
    form = DueDateForm(request.POST)
    if form.is_valid():
        try:
            writes.revise_due_date(
                action,
                request.user,
                due_date=form.cleaned_data["due_date"],
                due_text=form.cleaned_data["due"],
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            add_write_errors(form, exc)
        except StaleEdit as exc:
            action, can, period = _load(request, plan_id, action_id)
            form.data = form.data.copy()
            form.data["version"] = exc.current.version
            return _page(request, action, can, period, due_form=form, stale=exc, status=409)
        else:
            messages.success(request, "The due date has been changed.")
            return redirect("action", plan_id=plan_id, action_id=action_id)
    return _page(request, action, can, period, due_form=form, status=400)


@login_required
@require_POST
def sign_off(request, plan_id, action_id):
    action, can, period = _load(request, plan_id, action_id)
    can.require(can.can_manage)
    try:
        writes.sign_off(action, request.user, note=request.POST.get("note", "")[:2000])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Completion has been signed off.")
    return redirect("action", plan_id=plan_id, action_id=action_id)


@login_required
@require_http_methods(["GET", "POST"])
def correct_note(request, plan_id, action_id, note_id):
    action, can, period = _load(request, plan_id, action_id)
    note = get_object_or_404(ProgressNote, pk=note_id, action=action)
    can.require(can.can_update(action))
    form = CorrectionForm(request.POST or None, initial={"text": note.text})
    if request.method == "POST" and form.is_valid():
        try:
            writes.correct_note(
                note, request.user, text=form.cleaned_data["text"], reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_write_errors(form, exc)
        else:
            messages.success(request, "The correction has been saved; the original note is kept.")
            return redirect("action", plan_id=plan_id, action_id=action_id)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "actions/correct_note.html",
        {"plan": action.plan, "action": action, "note": note, "form": form},
        status=status,
    )


@login_required
@require_http_methods(["GET"])
def evidence_file(request, plan_id, action_id, evidence_id):
    action, can = access.get_action(request.user, plan_id, action_id)
    item = get_object_or_404(Evidence, pk=evidence_id, action=action)
    if not item.file:
        raise Http404("No file.")
    from actionplan.plans.uploads import serve_upload

    return serve_upload(item.file, item.original_name)
