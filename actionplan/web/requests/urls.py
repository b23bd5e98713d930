from django.urls import path

from actionplan.web.requests import views

_PLAN = "plans/<int:plan_id>/"

urlpatterns = [
    path(_PLAN + "requests/", views.plan_requests, name="plan_requests"),
    path(_PLAN + "requests/send/", views.plan_requests_send, name="plan_requests_send"),
    path(_PLAN + "requests/settings/", views.plan_notification_settings, name="plan_notification_settings"),
    path("people/<int:person_id>/email/", views.person_email, name="person_email"),
    # Open without signing in: the signed token is the credential (notifications/links.py).
    path("u/<str:token>/", views.update_link_overview, name="update_link_overview"),
    path("u/<str:token>/<int:action_id>/", views.update_link, name="update_link"),
    path("unsubscribe/<str:token>/", views.reminders_unsubscribe, name="reminders_unsubscribe"),
]
