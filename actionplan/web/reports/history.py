"""A plan's audit trail: every ChangeEvent, filterable by person, action and dates, paginated,
and downloadable as CSV (?format=csv) with the same filters."""

from __future__ import annotations

import csv
import datetime as dt

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from actionplan.accounts.forms import GovukForm
from actionplan.plans import access
from actionplan.plans.audit import summary
from actionplan.plans.models import Action, ChangeEvent

PAGE_SIZE = 50
DATE_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y"]
CSV_HEADER = ["When", "Who", "Recommendation", "Action", "What", "Field", "Old value", "New value", "Reason"]


class HistoryFilter(GovukForm):
    person = forms.ChoiceField(required=False, label="Person")
    action = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label="Action")
    date_from = forms.DateField(
        required=False, input_formats=DATE_FORMATS, label="From", help_text="For example, 1/4/2025"
    )
    date_to = forms.DateField(
        required=False, input_formats=DATE_FORMATS, label="To", help_text="For example, 30/4/2025"
    )

    def __init__(self, data, plan):
        super().__init__(data)
        names = (
            ChangeEvent.objects.filter(plan=plan).order_by("actor_name").values_list("actor_name", flat=True)
        )
        self.fields["person"].choices = [("", "Anyone")] + [(n, n) for n in names.distinct() if n]
        actions = Action.objects.filter(plan=plan).select_related("recommendation")
        actions = actions.order_by("recommendation__position", "position")
        self.fields["action"].choices = [("", "Any action")] + [(a.pk, f"Action {a.ref}") for a in actions]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The ‘to’ date must be the same as or after the ‘from’ date.")
        return data


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def filtered_events(plan, filters: dict):
    events = ChangeEvent.objects.filter(plan=plan).select_related("recommendation", "action__recommendation")
    if filters.get("person"):
        events = events.filter(actor_name=filters["person"])
    if filters.get("action"):
        events = events.filter(action_id=filters["action"])
    if filters.get("date_from"):
        events = events.filter(at__gte=_start_of(filters["date_from"]))
    if filters.get("date_to"):
        events = events.filter(at__lt=_start_of(filters["date_to"] + dt.timedelta(days=1)))
    return events.order_by("-at", "-id")


def _safe_cell(value) -> str:
    """Text that a spreadsheet will show, not run: cells starting =, +, -, @ are formulas there."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv_row(event) -> list[str]:
    rec = event.action.recommendation if event.action else event.recommendation
    row = [
        timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M:%S"),
        event.actor_name,
        rec.number if rec else "",
        event.action.ref if event.action else "",
        summary(event),
        event.field,
        "" if event.old is None else event.old,
        "" if event.new is None else event.new,
        event.reason,
    ]
    return [_safe_cell(v) for v in row]


def _where(event) -> str:
    if event.action:
        return f"Action {event.action.ref}"
    if event.recommendation:
        return f"Recommendation {event.recommendation.number}"
    return "Plan"


class _Echo:
    def write(self, value):
        return value


def _csv_response(plan, events) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())
    rows = (writer.writerow(r) for r in [CSV_HEADER, *(_csv_row(e) for e in events.iterator(chunk_size=500))])
    response = StreamingHttpResponse(("\ufeff", *rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="plan-{plan.pk}-history.csv"'
    return response


@login_required
@require_GET
def plan_history(request, plan_id):
    plan, can = access.get_plan(request.user, plan_id, archived=True)
    form = HistoryFilter(request.GET or None, plan)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    events = filtered_events(plan, filters)
    if request.GET.get("format") == "csv" and not form.errors:
        return _csv_response(plan, events)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    rows = [{"event": e, "what": summary(e), "where": _where(e)} for e in page]
    numbers = page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    context = {
        "plan": plan,
        "can": can,
        "form": form,
        "page": page,
        "page_numbers": numbers,
        "rows": rows,
        "query": query.urlencode(),
    }
    return render(request, "reports/history.html", context)
