"""`actionplan remind` and ACTIONPLAN_EMAIL_URL."""

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from freezegun import freeze_time

from actionplan import cli
from actionplan.notifications.email_url import email_settings
from actionplan.notifications.models import OutboundMessage

SMTP = "django.core.mail.backends.smtp.EmailBackend"


def test_remind_sends_whats_due_and_is_idempotent(chased_plan, capsys):
    assert cli.main(["remind", "--now", "2018-03-01T08:00"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 3 and all(line.startswith("sent\trequest:") for line in out)
    assert cli.main(["remind", "--now", "2018-03-01T08:05"]) == 0
    assert capsys.readouterr().out == "" and len(mail.outbox) == 3


def test_remind_dry_run_writes_nothing(chased_plan, capsys):
    assert cli.main(["remind", "--dry-run", "--now", "2018-03-01T08:00"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 3 and all(line.startswith("would send\trequest:") for line in out)
    assert not OutboundMessage.objects.exists() and not mail.outbox


@pytest.mark.django_db
def test_remind_with_a_bad_time_is_one_line_and_exit_2(capsys):
    assert cli.main(["remind", "--now", "tomorrow"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "YYYY-MM-DDTHH:MM" in err


def test_remind_exits_1_when_a_send_failed(chased_plan, capsys, settings):
    settings.EMAIL_BACKEND = SMTP
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens
    with freeze_time("2018-03-01T08:00:00"):
        assert cli.main(["remind"]) == 1
    captured = capsys.readouterr()
    assert captured.err.count("failed\trequest:") == 3
    assert OutboundMessage.objects.filter(status="failed").count() == 3


def test_email_url_defaults_to_the_console():
    assert email_settings(None) == {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    assert email_settings("") == email_settings("console://")


def test_email_url_smtp_with_tls():
    config = email_settings("smtp+tls://alerts%40example.org:p%3Ass@smtp.example.org:2587?timeout=10")
    assert config == {
        "EMAIL_BACKEND": SMTP,
        "EMAIL_HOST": "smtp.example.org",
        "EMAIL_PORT": 2587,
        "EMAIL_HOST_USER": "alerts@example.org",
        "EMAIL_HOST_PASSWORD": "p:ss",
        "EMAIL_USE_TLS": True,
        "EMAIL_USE_SSL": False,
        "EMAIL_TIMEOUT": 10,
    }


@pytest.mark.parametrize(
    "url, port, tls, ssl",
    [
        ("smtp://mail.local", 25, False, False),
        ("smtp+tls://u:p@mail.local", 587, True, False),
        ("smtp+ssl://u:p@mail.local", 465, False, True),
        ("smtps://mail.local", 465, False, True),
    ],
)
def test_email_url_default_ports(url, port, tls, ssl):
    config = email_settings(url)
    assert (config["EMAIL_PORT"], config["EMAIL_USE_TLS"], config["EMAIL_USE_SSL"]) == (port, tls, ssl)


def test_email_url_file_and_locmem():
    assert email_settings("file:///var/mail/ap")["EMAIL_FILE_PATH"] == "/var/mail/ap"
    assert email_settings("locmem://")["EMAIL_BACKEND"].endswith("locmem.EmailBackend")


@pytest.mark.parametrize(
    "url", ["ftp://host", "smtp://", "smtp://u:secret@host:port", "smtp://h?timeout=x", "file://"]
)
def test_email_url_mistakes_are_explained_without_the_password(url):
    with pytest.raises(ImproperlyConfigured) as exc:
        email_settings(url)
    assert "ACTIONPLAN_EMAIL_URL" in str(exc.value) and "secret" not in str(exc.value)
