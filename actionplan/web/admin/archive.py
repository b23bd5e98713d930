"""The plan lifecycle: archive and restore (plan managers), delete (administrators), and the list of
archived plans."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from actionplan.accounts.forms import GovukForm
from actionplan.plans import access
from actionplan.plans.concurrency import StaleEdit
from actionplan.plans.writes.admin import PlanStateError, archive_plan, delete_plan, restore_plan


@login_required
@require_GET
def archived_plans(request):
    plans = access.archived_plans(request.user).order_by("-archived_at")
    return render(request, "admin/archived_plans.html", {"plans": plans})


class ReasonForm(GovukForm):
    reason = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Reason")


def _lifecycle_page(request, plan, form, action):
    template = f"admin/plan_{action}.html"
    return render(request, template, {"plan": plan, "form": form}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def plan_archive(request, plan_id):
    plan, can = access.get_plan(request.user, plan_id, archived=True)
    can.require(can.can_manage)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            archive_plan(plan, request.user, form.cleaned_data["reason"], request.POST.get("version"))
        except PlanStateError as exc:
            messages.error(request, str(exc))
        except StaleEdit as exc:  # changed since the page was drawn: show what, and ask again
            messages.error(request, " ".join(["The plan changed while you were looking:", *exc.messages()]))
            return redirect("plan_archive", plan_id=plan.pk)
        else:
            messages.success(
                request, f"{plan.title} is archived. Managers can restore it from Archived plans."
            )
        return redirect("home")
    return _lifecycle_page(request, plan, form, "archive")


@login_required
@require_POST
def plan_restore(request, plan_id):
    plan, can = access.get_plan(request.user, plan_id, archived=True)
    can.require(can.can_manage)
    try:
        restore_plan(plan, request.user, request.POST.get("reason", ""))
    except PlanStateError as exc:
        messages.error(request, str(exc))
        return redirect("archived_plans")
    messages.success(request, f"{plan.title} is restored.")
    return redirect("plan", plan_id=plan.pk)


@login_required
@require_http_methods(["GET", "POST"])
def plan_delete(request, plan_id):
    plan, can = access.get_plan(request.user, plan_id, archived=True)
    can.require(can.can_admin)
    form = ReasonForm(request.POST or None)
    form.fields["reason"].required = True
    form.fields["reason"].error_messages["required"] = "Say why the plan is being deleted"
    if request.method == "POST" and form.is_valid():
        delete_plan(plan, request.user, form.cleaned_data["reason"])
        messages.success(request, f"{plan.title} was deleted. The administrators' log records it.")
        return redirect("home")
    return _lifecycle_page(request, plan, form, "delete")
