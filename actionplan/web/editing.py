"""What the editing pages share (plans/edit.py, actions/edit.py): every one is for plan managers;
each checks access, validates, calls one write function and redirects with a message; a form with
errors comes back with status 400, a stale one with 409 and the changes it missed."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from actionplan.plans import access
from actionplan.plans.concurrency import StaleEdit

GET_POST = ["GET", "POST"]


def managed_plan(request, plan_id):
    plan, can = access.get_plan(request.user, plan_id)
    can.require(can.can_manage)
    return plan


def managed_recommendation(request, plan_id, rec_id):
    rec, can = access.get_recommendation(request.user, plan_id, rec_id)
    can.require(can.can_manage)
    return rec


def managed_action(request, plan_id, action_id):
    action, can = access.get_action(request.user, plan_id, action_id)
    can.require(can.can_manage)
    return action


def posted(request):
    """The submitted data, or None for a GET (an empty POST is still a submission)."""
    return request.POST if request.method == "POST" else None


def attempt(request, form, write) -> int | None:
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


def form_page(request, form, write, template, context, *, saved, then="plan_edit"):
    """The shape every editing form shares: show the form (GET); on a POST validate and run
    write(cleaned_data), then say `saved` and go to the `then` page; else show the form again with
    its errors (400) or what was missed (409). `saved` is a message or a function of the cleaned
    data and what write returned."""
    result = {}
    status = attempt(request, form, lambda d: result.setdefault("value", write(d)))
    if status is not None:
        return render(request, template, {**context, "form": form}, status=status)
    message = saved(form.cleaned_data, result.get("value")) if callable(saved) else saved
    messages.success(request, message)
    return redirect(then, plan_id=context["plan"].id)


def button(request, plan_id, write, message, then="plan_edit"):
    """A one-click change (move, restore, remove): do it and say so, or say why not; then back to
    the `then` page."""
    try:
        write()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, message)
    return redirect(then, plan_id=plan_id)
