import os
import subprocess
import sys

import pytest
from django.test import Client
from django.urls import reverse

from actionplan.accounts.sso import oidc_settings
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

OIDC_ENV = {
    "ACTIONPLAN_OIDC_CLIENT_ID": "actionplan",
    "ACTIONPLAN_OIDC_CLIENT_SECRET": "s3cret",
    "ACTIONPLAN_OIDC_AUTHORIZATION_ENDPOINT": "https://login.example.org/authorize",
    "ACTIONPLAN_OIDC_TOKEN_ENDPOINT": "https://login.example.org/token",
    "ACTIONPLAN_OIDC_USER_ENDPOINT": "https://login.example.org/userinfo",
    "ACTIONPLAN_OIDC_JWKS_ENDPOINT": "https://login.example.org/keys",
}


def test_every_page_carries_a_strict_content_security_policy(client):
    response = client.get(reverse("login"))
    csp = response["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "img-src 'self' data:",
    ):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_pages_have_no_inline_script_or_style(alice_client, seed_plan):
    for url in (
        reverse("home"),
        reverse("plan", args=[seed_plan.id]),
        reverse("plan_history", args=[seed_plan.id]),
    ):
        html = alice_client.get(url).content.decode()
        assert "<script>" not in html and " style=" not in html and "<style" not in html
        assert "<script src=" in html or '<script type="module" src=' in html


def test_posts_without_a_csrf_token_are_refused(seed_plan):
    mary = make_user("mary", "manager")
    client = Client(enforce_csrf_checks=True)
    client.force_login(mary)
    assert client.post(reverse("plan_archive", args=[seed_plan.id]), {"reason": "x"}).status_code == 403


def test_five_wrong_passwords_lock_the_account_out(client):
    make_user("nadia", "viewer")
    for _ in range(5):
        response = client.post(reverse("login"), {"username": "nadia", "password": "wrong password"})
        assert response.status_code in (200, 429)
    response = client.post(reverse("login"), {"username": "nadia", "password": "correct horse battery"})
    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.content.decode()


def test_a_right_password_after_a_few_wrong_ones_signs_in(client):
    make_user("omar", "viewer")
    for _ in range(3):
        client.post(reverse("login"), {"username": "omar", "password": "wrong password"})
    response = client.post(reverse("login"), {"username": "omar", "password": "correct horse battery"})
    assert response.status_code == 302


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("ACTIONPLAN_", "DJANGO_", "DATABASE_URL"))
    }
    env.update(ACTIONPLAN_DATA_DIR=str(tmp_path), ACTIONPLAN_ALLOWED_HOSTS="actionplan.example.org",
               DJANGO_SETTINGS_MODULE="actionplan.settings")  # fmt: skip
    result = subprocess.run(
        [sys.executable, "-m", "actionplan.cli", "manage", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr


def test_single_sign_on_is_off_unless_configured():
    assert oidc_settings({}) == {}
    assert oidc_settings({"ACTIONPLAN_PASSWORD": "x"}) == {}


def test_single_sign_on_settings_come_from_the_environment():
    settings = oidc_settings(OIDC_ENV)
    assert settings["OIDC_RP_CLIENT_ID"] == "actionplan"
    assert settings["OIDC_OP_JWKS_ENDPOINT"] == "https://login.example.org/keys"
    assert settings["OIDC_CREATE_USER"] is False
    assert oidc_settings({**OIDC_ENV, "ACTIONPLAN_OIDC_CREATE_USERS": "1"})["OIDC_CREATE_USER"] is True


def test_half_a_single_sign_on_configuration_is_an_error():
    with pytest.raises(RuntimeError, match="ACTIONPLAN_OIDC_TOKEN_ENDPOINT"):
        oidc_settings({k: v for k, v in OIDC_ENV.items() if k != "ACTIONPLAN_OIDC_TOKEN_ENDPOINT"})


def test_single_sign_on_matches_active_accounts_by_email(settings):
    for name, value in oidc_settings(OIDC_ENV).items():
        setattr(settings, name, value)
    from actionplan.accounts.oidc import EmailMatchingBackend

    pat = make_user("pat", "viewer")
    pat.email = "Pat.Jones@Example.org"
    pat.save()
    gone = make_user("quinn", "viewer")
    gone.email, gone.is_active = "quinn@example.org", False
    gone.save()
    backend = EmailMatchingBackend()
    assert list(backend.filter_users_by_claims({"email": "pat.jones@example.org"})) == [pat]
    assert list(backend.filter_users_by_claims({"preferred_username": "pat.jones@example.org"})) == [pat]
    assert list(backend.filter_users_by_claims({"email": "quinn@example.org"})) == []
    assert list(backend.filter_users_by_claims({"email": ""})) == []


def test_single_sign_on_adds_its_urls_and_button_when_configured(tmp_path):
    env = {**os.environ, **OIDC_ENV, "ACTIONPLAN_DATA_DIR": str(tmp_path)}
    code = (
        "import django; django.setup(); from django.urls import reverse; from django.conf import settings;"
        "print(reverse('oidc_authentication_init'), settings.AUTHENTICATION_BACKENDS[-1])"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["/oidc/authenticate/", "actionplan.accounts.oidc.EmailMatchingBackend"]
