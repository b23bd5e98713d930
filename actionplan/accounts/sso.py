"""Single sign-on settings, read from the environment (see docs/sso.md). Off unless every
required variable is set. Imported by settings.py, so it must not touch Django's app registry."""

from __future__ import annotations

REQUIRED = {
    "OIDC_RP_CLIENT_ID": "ACTIONPLAN_OIDC_CLIENT_ID",
    "OIDC_RP_CLIENT_SECRET": "ACTIONPLAN_OIDC_CLIENT_SECRET",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "ACTIONPLAN_OIDC_AUTHORIZATION_ENDPOINT",
    "OIDC_OP_TOKEN_ENDPOINT": "ACTIONPLAN_OIDC_TOKEN_ENDPOINT",
    "OIDC_OP_USER_ENDPOINT": "ACTIONPLAN_OIDC_USER_ENDPOINT",
    "OIDC_OP_JWKS_ENDPOINT": "ACTIONPLAN_OIDC_JWKS_ENDPOINT",
}
BACKEND = "actionplan.accounts.oidc.EmailMatchingBackend"


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "on")


def oidc_settings(environ) -> dict:
    """The mozilla-django-oidc settings, or {} when single sign-on is not configured."""
    values = {name: environ.get(var, "").strip() for name, var in REQUIRED.items()}
    if not values["OIDC_RP_CLIENT_ID"]:
        return {}
    missing = [REQUIRED[name] for name, value in values.items() if not value]
    if missing:
        # Half a configuration is a mistake worth stopping for, not a silent fallback to passwords.
        raise RuntimeError(f"Single sign-on needs {', '.join(missing)} as well (see docs/sso.md).")
    return {
        **values,
        "OIDC_RP_SIGN_ALGO": environ.get("ACTIONPLAN_OIDC_SIGN_ALGO", "RS256"),
        "OIDC_RP_SCOPES": "openid email profile",
        # Accounts are matched by email; none are made unless the operator asks for it.
        "OIDC_CREATE_USER": _flag(environ.get("ACTIONPLAN_OIDC_CREATE_USERS")),
        "OIDC_USE_NONCE": True,
        "OIDC_STORE_ID_TOKEN": False,
    }
