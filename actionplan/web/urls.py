from django.contrib.auth import views as auth_views
from django.urls import path

from actionplan.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("plans/<int:plan_id>/", views.plan_overview, name="plan"),
    path("plans/<int:plan_id>/recommendations/<int:rec_id>/", views.recommendation_page, name="recommendation"),
    path("plans/<int:plan_id>/actions/<int:action_id>/", views.action_page, name="action"),
    path("healthz", views.healthz, name="healthz"),
]
