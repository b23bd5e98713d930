from django.urls import path

from actionplan.web.reports import history, views

_PLAN = "plans/<int:plan_id>/"

urlpatterns = [
    path(_PLAN + "export/", views.export_download, name="plan_export"),
    path(_PLAN + "report/", views.report_page, name="plan_report"),
    path(_PLAN + "dashboard/", views.dashboard_page, name="plan_dashboard"),
    path(_PLAN + "changes/", views.changes_page, name="plan_changes"),
    path(_PLAN + "history/", history.plan_history, name="plan_history"),
]
