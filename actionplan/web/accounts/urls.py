from django.contrib.auth import views as auth_views
from django.urls import path

from actionplan.web.accounts import views

_SIGN_IN = auth_views.LoginView.as_view(template_name="accounts/login.html", redirect_authenticated_user=True)

urlpatterns = [
    path("accounts/login/", _SIGN_IN, name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/set-password/<uidb64>/<token>/", views.SetPasswordView.as_view(), name="set_password"),
]
