"""The product settings, with what the test run needs: plain HTTP for the test client and the
browser, a throwaway data directory, and fast password hashing."""

import os
import tempfile

os.environ.setdefault("ACTIONPLAN_INSECURE_HTTP", "1")
os.environ.setdefault("ACTIONPLAN_DATA_DIR", tempfile.mkdtemp(prefix="actionplan-test-"))

from actionplan.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, as in production, not SQLite's shared-cache memory database: there, concurrent writers
    # fail at once with "database table is locked" instead of queueing (tests/accounts/test_concurrency.py).
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}  # noqa: F405
