from django.contrib.auth import views as auth_views
from django.urls import path

from actionplan.web import views, views_action, views_bench, views_lists, views_reports

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("my-actions/", views_lists.my_actions, name="my_actions"),
    path("people/", views_lists.people, name="people"),
    path("people/<int:person_id>/", views_lists.person_page, name="person"),
    path("plans/<int:plan_id>/", views.plan_overview, name="plan"),
    path(
        "plans/<int:plan_id>/recommendations/<int:rec_id>/", views.recommendation_page, name="recommendation"
    ),
    path("plans/<int:plan_id>/actions/<int:action_id>/", views_action.action_page, name="action"),
    path("plans/<int:plan_id>/actions/<int:action_id>/due-date/", views_action.revise_due, name="revise_due"),
    path("plans/<int:plan_id>/actions/<int:action_id>/sign-off/", views_action.sign_off, name="sign_off"),
    path(
        "plans/<int:plan_id>/actions/<int:action_id>/notes/<int:note_id>/correct/",
        views_action.correct_note,
        name="correct_note",
    ),
    path(
        "plans/<int:plan_id>/actions/<int:action_id>/evidence/<int:evidence_id>/",
        views_action.evidence_file,
        name="evidence_file",
    ),
    path("plans/<int:plan_id>/export/", views_reports.export_download, name="plan_export"),
    path("plans/<int:plan_id>/report/", views_reports.report_page, name="plan_report"),
    path("plans/<int:plan_id>/dashboard/", views_reports.dashboard_page, name="plan_dashboard"),
    path("plans/<int:plan_id>/changes/", views_reports.changes_page, name="plan_changes"),
    path("healthz", views.healthz, name="healthz"),
    path("bench/hello", views_bench.hello, name="bench_hello"),
]

from actionplan.web import views_admin, views_history  # noqa: E402  (users and roles, audit trail, archive)

urlpatterns += [
    path(
        "accounts/set-password/<uidb64>/<token>/", views_admin.SetPasswordView.as_view(), name="set_password"
    ),
    path("admin/users/", views_admin.users, name="admin_users"),
    path("admin/users/invite/", views_admin.invite, name="admin_invite"),
    path("admin/users/<int:user_id>/", views_admin.user_detail, name="admin_user"),
    path("admin/users/<int:user_id>/roles/", views_admin.user_add_role, name="admin_user_add_role"),
    path(
        "admin/users/<int:user_id>/roles/<int:membership_id>/remove/",
        views_admin.user_remove_role,
        name="admin_user_remove_role",
    ),
    path("admin/users/<int:user_id>/person/", views_admin.user_link_person, name="admin_user_person"),
    path(
        "admin/users/<int:user_id>/password-link/",
        views_admin.user_password_link,
        name="admin_user_password_link",
    ),
    path("admin/users/<int:user_id>/active/", views_admin.user_set_active, name="admin_user_active"),
    path("admin/log/", views_admin.admin_log, name="admin_log"),
    path("plans/archived/", views_admin.archived_plans, name="archived_plans"),
    path("plans/<int:plan_id>/archive/", views_admin.plan_archive, name="plan_archive"),
    path("plans/<int:plan_id>/restore/", views_admin.plan_restore, name="plan_restore"),
    path("plans/<int:plan_id>/delete/", views_admin.plan_delete, name="plan_delete"),
    path("plans/<int:plan_id>/history/", views_history.plan_history, name="plan_history"),
]

from actionplan.web import views_edit  # noqa: E402  (editing a plan: structure, settings, cycles)

_PLAN = "plans/<int:plan_id>/"
_REC = _PLAN + "recommendations/<int:rec_id>/"
_ACTION = _PLAN + "actions/<int:action_id>/"
urlpatterns += [
    path(_PLAN + "edit/", views_edit.plan_edit, name="plan_edit"),
    path(_PLAN + "settings/", views_edit.plan_settings, name="plan_settings"),
    path(_PLAN + "cycles/", views_edit.plan_cycles, name="plan_cycles"),
    path(_PLAN + "cycles/<int:cycle_id>/remove/", views_edit.cycle_remove, name="cycle_remove"),
    path(_PLAN + "recommendations/new/", views_edit.recommendation_add, name="recommendation_add"),
    path(_REC + "edit/", views_edit.recommendation_edit, name="recommendation_edit"),
    path(_REC + "move/", views_edit.recommendation_move, name="recommendation_move"),
    path(_REC + "archive/", views_edit.recommendation_archive, name="recommendation_archive"),
    path(_REC + "restore/", views_edit.recommendation_restore, name="recommendation_restore"),
    path(_REC + "actions/new/", views_edit.action_add, name="action_add"),
    path(_ACTION + "edit/", views_edit.action_edit, name="action_edit"),
    path(_ACTION + "split/", views_edit.action_split, name="action_split"),
    path(_ACTION + "move/", views_edit.action_move, name="action_move"),
    path(_ACTION + "archive/", views_edit.action_archive, name="action_archive"),
    path(_ACTION + "restore/", views_edit.action_restore, name="action_restore"),
]

from actionplan.web import views_import  # noqa: E402  (import a document: upload, preview, confirm)

urlpatterns += [
    path("imports/new/", views_import.import_new, name="import_new"),
    path("imports/<slug:token>/", views_import.import_preview, name="import_preview"),
    path("imports/<slug:token>/confirm/", views_import.import_confirm, name="import_confirm"),
    path("imports/<slug:token>/cancel/", views_import.import_discard, name="import_discard"),
]

from actionplan.web import views_requests  # noqa: E402  (update requests, reminders, emailed update links)

urlpatterns += [
    path("plans/<int:plan_id>/requests/", views_requests.plan_requests, name="plan_requests"),
    path("plans/<int:plan_id>/requests/send/", views_requests.plan_requests_send, name="plan_requests_send"),
    path(
        "plans/<int:plan_id>/requests/settings/",
        views_requests.plan_notification_settings,
        name="plan_notification_settings",
    ),
    path("people/<int:person_id>/email/", views_requests.person_email, name="person_email"),
    # Open without signing in: the signed token is the credential (notifications/links.py).
    path("u/<str:token>/", views_requests.update_link_overview, name="update_link_overview"),
    path("u/<str:token>/<int:action_id>/", views_requests.update_link, name="update_link"),
    path("unsubscribe/<str:token>/", views_requests.reminders_unsubscribe, name="reminders_unsubscribe"),
]
