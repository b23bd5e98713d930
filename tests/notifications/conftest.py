"""Fixtures for chasing updates: the seed plan with leads' emails, and helpers to read the outbox."""

import re

import pytest
from django.core import mail
from django.utils import timezone
from freezegun import freeze_time

LINK = re.compile(r"http://127\.0\.0\.1:8000(/u/[^/\s\"<>]+/(\d+)/)")

EMAILS = {
    "April Bald": "april.bald@example.org",
    "Jackie Cook": "jackie.cook@example.org",
    "Gillian Banford": "gillian.banford@example.org",
}


@pytest.fixture
def chased_plan(seed_plan, april, jackie, mary):
    """The seed plan with three leads given emails by Mary, who manages it and has an email too.
    April and Jackie have accounts; Gillian Banford does not."""
    from actionplan.plans.models import Person
    from actionplan.plans.writes.roles import set_person_email

    for name, email in EMAILS.items():
        set_person_email(Person.objects.get(name=name), email, by=mary)
    mary.email = "mary.okafor@example.org"
    mary.save(update_fields=["email"])
    return seed_plan


def remind(when: str, *, dry_run=False):
    """`actionplan remind` at a moment (UTC), as the cron job would run it."""
    from actionplan.notifications.outbox import send_due

    with freeze_time(when):
        return send_due(timezone.now(), dry_run=dry_run)


def sent_to(outbox_slice, address):
    return [m for m in outbox_slice if any(address in to for to in m.to)]


def links_in(message) -> dict[int, str]:
    """{action id: path} for the update links in a message's text part."""
    return {int(action_id): path for path, action_id in LINK.findall(message.body)}


def outbox():
    return list(mail.outbox)
