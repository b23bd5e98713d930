"""Signing in (Django's LoginView, configured in accounts/urls.py) and the page an invitation or
password-reset link opens."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.urls import reverse_lazy

from actionplan.accounts import services
from actionplan.accounts.forms import GovukForm


class _SetPasswordForm(GovukForm, SetPasswordForm):
    def save(self, commit=True):
        user = super().save(commit)
        services.log("password_set", None, subject=user)
        return user


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """The page an invitation or reset link opens: choose a password, then sign in."""

    template_name = "accounts/set_password.html"
    form_class = _SetPasswordForm
    success_url = reverse_lazy("login")
    reset_url_token = "set-password"

    def form_valid(self, form):
        messages.success(self.request, "Your password is set. Sign in with it now.")
        return super().form_valid(form)
