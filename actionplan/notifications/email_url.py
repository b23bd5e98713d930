"""ACTIONPLAN_EMAIL_URL -> Django's email settings. Read by settings.py before Django is set up,
so this module imports nothing from Django but its exception.

    console (default)                       print messages on standard output
    smtp://user:pw@host:25                  plain SMTP (port 25 by default)
    smtp+tls://user:pw@host:587             SMTP with STARTTLS (port 587 by default)
    smtp+ssl://user:pw@host:465             SMTP over TLS (port 465 by default); smtps:// too
    file:///var/mail/actionplan             one file per message in that folder
    locmem:// , dummy://                    kept in memory / thrown away (tests, dry runs)

User name and password are percent-decoded, so write `@` in them as `%40`. `?timeout=N` sets the
SMTP timeout in seconds (default 30)."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
}
SMTP_SCHEMES = {
    "smtp": (False, False, 25),
    "smtp+tls": (True, False, 587),
    "smtp+ssl": (False, True, 465),
    "smtps": (False, True, 465),
}


def _fail(reason: str):
    # Never echo the URL itself: it may hold a password.
    raise ImproperlyConfigured(f"ACTIONPLAN_EMAIL_URL: {reason}")


def email_settings(url: str | None) -> dict:
    """The EMAIL_* settings for the URL; console output when it is empty."""
    url = (url or "").strip()
    if not url or url == "console":
        return {"EMAIL_BACKEND": BACKENDS["console"]}
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in ("console", "locmem", "dummy"):
        return {"EMAIL_BACKEND": BACKENDS[scheme]}
    if scheme == "file":
        if not parts.path:
            _fail("file:// needs a folder, e.g. file:///var/mail/actionplan")
        return {"EMAIL_BACKEND": BACKENDS["file"], "EMAIL_FILE_PATH": unquote(parts.path)}
    if scheme not in SMTP_SCHEMES:
        _fail(f"unknown scheme {scheme!r}: use smtp, smtp+tls, smtp+ssl, console or file")
    use_tls, use_ssl, default_port = SMTP_SCHEMES[scheme]
    if not parts.hostname:
        _fail("no host name, e.g. smtp+tls://user:password@smtp.example.org:587")
    try:
        port = parts.port or default_port
    except ValueError:
        _fail("the port is not a number")
    query = parse_qs(parts.query)
    try:
        timeout = int(query.get("timeout", ["30"])[0])
    except ValueError:
        _fail("?timeout= must be a whole number of seconds")
    return {
        "EMAIL_BACKEND": BACKENDS["smtp"],
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": port,
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": use_tls,
        "EMAIL_USE_SSL": use_ssl,
        "EMAIL_TIMEOUT": timeout,
    }
