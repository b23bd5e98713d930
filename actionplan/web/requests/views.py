"""Update requests: the plan manager's requests page and send log, a lead's email address, and
the pages behind the links in emails (the one-link update form, its overview, unsubscribe).

The emailed-link pages are the only ones open without signing in: the signed token in the URL
is the credential (actionplan.notifications.links), checked on every request."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from actionplan.notifications import link_updates, outbox, preferences, preview
from actionplan.notifications.forms import NotificationSettingsForm, PersonEmailForm
from actionplan.notifications.links import LinkRefused, read_unsubscribe_token
from actionplan.notifications.models import OutboundMessage, PlanNotificationSettings, ReminderOptOut
from actionplan.plans import access
from actionplan.plans.concurrency import StaleEdit
from actionplan.plans.models import Person
from actionplan.plans.writes.roles import set_person_email
from actionplan.web.actions.forms import UpdateForm
from actionplan.web.forms import add_write_errors

SEND_LOG_LENGTH = 200

# The plan manager's pages ----------------------------------------------------------------------


def _managed_plan(request, plan_id):
    plan, can = access.get_plan(request.user, plan_id)
    can.require(can.can_manage)
    return plan


def _requests_page(request, plan, *, settings_form=None, status=200):
    now = timezone.now()
    cycle, rows = preview.request_preview(plan, now)
    notification_settings = PlanNotificationSettings.for_plan(plan)
    if settings_form is None:
        settings_form = NotificationSettingsForm(
            initial={
                "reminder_days": ", ".join(str(d) for d in notification_settings.reminder_days),
                "automatic_requests": notification_settings.automatic_requests,
            }
        )
    log = (
        OutboundMessage.objects.filter(plan=plan)
        .select_related("cycle", "triggered_by")
        .order_by("-created_at", "-id")[:SEND_LOG_LENGTH]
    )
    context = {
        "plan": plan,
        "cycle": cycle,
        "rows": rows,
        "log": log,
        "settings_form": settings_form,
        "to_send": [r for r in rows if r.will_send],
        "without_email": [r for r in rows if not r.person.email],
        "opted_out": set(
            ReminderOptOut.objects.filter(person__isnull=False).values_list("person_id", flat=True)
        ),
        "failed": [m for m in log if m.status == "failed"],
        "notification_settings": notification_settings,
    }
    return render(request, "requests/requests.html", context, status=status)


@login_required
@require_GET
def plan_requests(request, plan_id):
    return _requests_page(request, _managed_plan(request, plan_id))


@login_required
@require_POST
def plan_requests_send(request, plan_id):
    plan = _managed_plan(request, plan_id)
    try:
        outcomes = outbox.send_requests_now(plan, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("plan_requests", plan_id=plan.id)
    sent = [o for o in outcomes if o.status == "sent"]
    failed = [o for o in outcomes if o.status == "failed"]
    if sent:
        messages.success(request, f"{len(sent)} update request{'s' if len(sent) != 1 else ''} sent.")
    if failed:
        messages.error(request, f"{len(failed)} could not be sent: the send log below says why.")
    if not outcomes:
        messages.info(request, "There were no update requests to send.")
    return redirect("plan_requests", plan_id=plan.id)


@login_required
@require_POST
def plan_notification_settings(request, plan_id):
    plan = _managed_plan(request, plan_id)
    form = NotificationSettingsForm(request.POST)
    if not form.is_valid():
        return _requests_page(request, plan, settings_form=form, status=400)
    changed = preferences.set_plan_notifications(
        plan,
        reminder_days=form.cleaned_data["reminder_days"],
        automatic_requests=form.cleaned_data["automatic_requests"],
        by=request.user,
    )
    messages.success(request, "The reminder settings have been saved." if changed else "Nothing was changed.")
    return redirect("plan_requests", plan_id=plan.id)


@login_required
@require_http_methods(["GET", "POST"])
def person_email(request, person_id):
    plans = access.visible_plans(request.user)
    person = Person.objects.filter(pk=person_id, actions__plan__in=plans).distinct().first()
    if person is None:
        raise Http404("No such person.")
    if not access.may_edit_email(request.user, person):
        raise PermissionDenied("Only a plan manager of a plan this person leads on can change their email.")
    form = PersonEmailForm(request.POST or None, initial={"email": person.email})
    if request.method == "POST" and form.is_valid():
        try:
            changed = set_person_email(person, form.cleaned_data["email"], by=request.user)
        except ValidationError as exc:
            add_write_errors(form, exc)
        else:
            messages.success(
                request, "The email address has been saved." if changed else "Nothing was changed."
            )
            return redirect("person", person_id=person.id)
    status = 400 if request.method == "POST" else 200
    return render(request, "requests/person_email.html", {"person": person, "form": form}, status=status)


# The emailed links ----------------------------------------------------------------------------


def _refused(request, exc: LinkRefused):
    context = {"refusal": exc, "sign_in_url": f"{reverse('login')}?next={reverse('my_actions')}"}
    return render(request, "requests/link_refused.html", context, status=exc.status)


@never_cache
@require_GET
def update_link_overview(request, token):
    try:
        link = link_updates.check_link(token, None, timezone.now())
    except LinkRefused as exc:
        return _refused(request, exc)
    rows = link_updates.link_overview(link)
    return render(
        request,
        "requests/link_overview.html",
        {"link": link, "plan": link.cycle.plan, "cycle": link.cycle, "rows": rows, "token": token},
    )


def _link_page(request, link, token, form, *, stale=None, status=200):
    action = link.action
    notes = list(action.notes.all())
    context = {
        "link": link,
        "token": token,
        "action": action,
        "plan": action.plan,
        "cycle": link.cycle,
        "form": form,
        "last_note": notes[-1] if notes else None,
        "stale": stale,
    }
    return render(request, "requests/link_form.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def update_link(request, token, action_id):
    """The one-link update form: the action page's update form, for the lead the link names."""
    try:
        link = link_updates.check_link(token, action_id, timezone.now())
    except LinkRefused as exc:
        return _refused(request, exc)
    action = link.action
    if request.method == "GET":
        if request.user.is_authenticated:  # signed in and allowed: the normal action page
            can = access.access_for(request.user, action.plan)
            if can.can_update(action):
                return redirect("action", plan_id=action.plan_id, action_id=action.id)
        form = UpdateForm(initial={"rag": action.rag or "none", "version": action.version})
        return _link_page(request, link, token, form)
    form = UpdateForm(request.POST, request.FILES)
    if not form.is_valid():
        return _link_page(request, link, token, form, status=400)
    try:
        evidence = form.evidence()
        link_updates.update_through_link(
            token,
            action.id,
            text=form.cleaned_data["text"],
            rag=form.rag_value(),
            reason=form.cleaned_data["reason"],
            evidence=evidence,
            expected_version=form.cleaned_data["version"],
        )
    except LinkRefused as exc:
        return _refused(request, exc)
    except ValidationError as exc:
        add_write_errors(form, exc)
        return _link_page(request, link, token, form, status=400)
    except StaleEdit as exc:
        link = link_updates.check_link(token, action_id, timezone.now())
        form = UpdateForm(request.POST)  # their own text stays in the form
        form.data = form.data.copy()
        form.data["version"] = exc.current.version
        return _link_page(request, link, token, form, stale=exc, status=409)
    messages.success(request, f"Your update to action {action.ref} has been saved.")
    return redirect("update_link_overview", token=token)


@csrf_exempt  # the signed token is the credential; one-click unsubscribe (RFC 8058) posts without a form
@never_cache
@require_http_methods(["GET", "POST"])
def reminders_unsubscribe(request, token):
    try:
        kind, pk = read_unsubscribe_token(token)
    except LinkRefused as exc:
        return _refused(request, exc)
    if kind == "person":
        who = Person.objects.filter(pk=pk).first()
        recipient = {"person": who}
    else:
        from django.contrib.auth import get_user_model

        who = get_user_model().objects.filter(pk=pk).first()
        recipient = {"user": who}
    if who is None:
        return _refused(request, LinkRefused("invalid", "This link is no longer valid.", 404))
    if request.method == "POST":
        preferences.set_reminders(**recipient, on=request.POST.get("reminders") == "on")
    opted_out = ReminderOptOut.objects.filter(**recipient).exists()
    context = {"opted_out": opted_out, "is_person": kind == "person", "posted": request.method == "POST"}
    return render(request, "requests/unsubscribe.html", context)
