from django.urls import path

from actionplan.web.admin import archive, views

_USER = "admin/users/<int:user_id>/"

urlpatterns = [
    path("admin/users/", views.users, name="admin_users"),
    path("admin/users/invite/", views.invite, name="admin_invite"),
    path(_USER, views.user_detail, name="admin_user"),
    path(_USER + "roles/", views.user_add_role, name="admin_user_add_role"),
    path(_USER + "roles/<int:membership_id>/remove/", views.user_remove_role, name="admin_user_remove_role"),
    path(_USER + "person/", views.user_link_person, name="admin_user_person"),
    path(_USER + "password-link/", views.user_password_link, name="admin_user_password_link"),
    path(_USER + "active/", views.user_set_active, name="admin_user_active"),
    path("admin/log/", views.admin_log, name="admin_log"),
    path("plans/archived/", archive.archived_plans, name="archived_plans"),
    path("plans/<int:plan_id>/archive/", archive.plan_archive, name="plan_archive"),
    path("plans/<int:plan_id>/restore/", archive.plan_restore, name="plan_restore"),
    path("plans/<int:plan_id>/delete/", archive.plan_delete, name="plan_delete"),
]
