"""Board papers on the web: the export download, the board report, the dashboard and what changed.
Every view gets the plan through the access helper, so another plan's id is a 404."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.views.decorators.http import require_GET

from actionplan.exports import exporters
from actionplan.exports.paper import file_name
from actionplan.plans import access
from actionplan.plans.asat import PlanHistory, as_at_date
from actionplan.plans.stamps import cache_key, plan_stamp
from actionplan.reports.changes import changes_between
from actionplan.reports.charts import report_charts
from actionplan.reports.summary import DEFAULT_SINCE_DAYS, board_report
from actionplan.web.caching import lazy_values, page_cache

DOWNLOADS = (("docx", "Word"), ("pdf", "PDF"), ("xlsx", "Excel"), ("csv", "CSV"), ("json", "JSON"))
DATE_LABELS = {"as_at": "Position as at", "since": "Changes since", "until": "Changes up to"}


def _dates(request, defaults: dict[str, dt.date]) -> tuple[dict[str, dt.date], dict[str, str]]:
    """Dates from the query string (YYYY-MM-DD, as <input type=date> sends them); a bad one is
    reported and its default used, so the page still shows something useful."""
    values, errors = dict(defaults), {}
    for name in defaults:
        text = request.GET.get(name, "").strip()
        if not text:
            continue
        try:
            values[name] = dt.date.fromisoformat(text)
        except ValueError:
            errors[name] = f"{DATE_LABELS[name]} must be a real date, like 2018-04-30"
    return values, errors


def _today() -> dt.date:
    return as_at_date(None)


@login_required
@require_GET
def export_download(request, plan_id):
    plan, can = access.get_plan(request.user, plan_id)
    can.require(can.can_export)
    exporter = exporters().get(request.GET.get("format", "docx"))
    if exporter is None:
        return HttpResponseBadRequest(
            "Choose a format: " + ", ".join(sorted(exporters())), content_type="text/plain"
        )
    dates, errors = _dates(request, {"as_at": _today()})
    if errors:
        return HttpResponseBadRequest(errors["as_at"], content_type="text/plain")
    as_at = min(dates["as_at"], _today())
    response = HttpResponse(exporter.write(plan, as_at), content_type=exporter.content_type)
    name = file_name(plan.title, as_at, exporter.extension)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def report_page(request, plan_id):
    plan, can = access.get_plan(request.user, plan_id)
    dates, errors = _dates(request, {"as_at": _today(), "since": None})
    as_at = min(dates["as_at"], _today())
    since = dates["since"] or as_at - dt.timedelta(days=DEFAULT_SINCE_DAYS)
    key = cache_key("report", plan.id, plan_stamp(plan), _today(), can.role, request.GET.urlencode())
    context = {"plan": plan, "can": can, "errors": errors, "since": since, "downloads": DOWNLOADS,
               "links": True, **page_cache(key), **_lazy_report(plan, as_at, since)}  # fmt: skip
    return render(request, "reports/report.html", context, status=400 if errors else 200)


def _lazy_report(plan, as_at, since=None) -> dict:
    """report and charts for the template, worked out only if the page body is not in the cache
    (kept under the plan's stamp, which every change to the plan moves on: plans/stamps.py)."""

    def compute():
        report = board_report(plan, as_at, since)
        return {"report": report, "charts": report_charts(report)}

    return lazy_values(compute, ("report", "charts"))


@login_required
@require_GET
def dashboard_page(request, plan_id):
    plan, can = access.get_plan(request.user, plan_id)
    key = cache_key("dashboard", plan.id, plan_stamp(plan), _today())
    context = {"plan": plan, "can": can, **page_cache(key), **_lazy_report(plan, _today())}
    return render(request, "reports/dashboard.html", context)


@login_required
@require_GET
def changes_page(request, plan_id):
    plan, can = access.get_plan(request.user, plan_id)
    today = _today()
    dates, errors = _dates(request, {"since": today - dt.timedelta(days=DEFAULT_SINCE_DAYS), "until": today})
    since, until = dates["since"], min(dates["until"], today)
    if since > until:
        errors["since"] = "Changes since must be on or before changes up to"
        since = until
    changes = changes_between(plan, since, until, PlanHistory(plan))
    context = {"plan": plan, "can": can, "changes": changes, "errors": errors, "links": True}
    return render(request, "reports/changes.html", context, status=400 if errors else 200)
