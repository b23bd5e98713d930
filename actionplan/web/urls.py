"""Every page, grouped by area; each area's urls.py names its paths (the names are used by
templates, tests and emailed links, so they never change)."""

from django.urls import include, path

from actionplan.web import health

urlpatterns = [
    path("", include("actionplan.web.plans.urls")),
    path("", include("actionplan.web.actions.urls")),
    path("", include("actionplan.web.imports.urls")),
    path("", include("actionplan.web.reports.urls")),
    path("", include("actionplan.web.requests.urls")),
    path("", include("actionplan.web.admin.urls")),
    path("", include("actionplan.web.accounts.urls")),
    path("healthz", health.healthz, name="healthz"),
]
