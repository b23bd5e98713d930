"""Signed links in emails: the one-link update form and unsubscribe-from-reminders.

An update token is django.core.signing over {person, cycle, action ids, nonce}, salted, so it
names one lead, one cycle and the actions that lead was asked about, and nothing can be added to
it without the secret key. It expires at the end of the cycle's deadline day plus
ACTIONPLAN_LINK_GRACE_DAYS (read from the cycle when the link is used, so a moved deadline moves
the expiry), and is used up for an action once an update is posted through it (LinkUse)."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse

from actionplan.plans.cycles import midnight

UPDATE_SALT = "actionplan.notifications.update-link"
UNSUBSCRIBE_SALT = "actionplan.notifications.unsubscribe"


class LinkRefused(Exception):
    """Why a link cannot be used, in words for the person holding it, with an HTTP status."""

    def __init__(self, reason: str, message: str, status: int):
        super().__init__(message)
        self.reason, self.message, self.status = reason, message, status


@dataclass(frozen=True)
class UpdateScope:
    person_id: int
    cycle_id: int
    action_ids: tuple[int, ...]
    nonce: str


def new_nonce() -> str:
    return secrets.token_urlsafe(12)


def make_update_token(person_id: int, cycle_id: int, action_ids, nonce: str) -> str:
    payload = {"p": person_id, "c": cycle_id, "a": sorted(set(action_ids)), "n": nonce}
    return signing.dumps(payload, salt=UPDATE_SALT, compress=True)


def read_update_token(token: str) -> UpdateScope:
    """The token's scope; LinkRefused("invalid") if it was not made by us or has been altered."""
    try:
        data = signing.loads(token, salt=UPDATE_SALT)
        return UpdateScope(int(data["p"]), int(data["c"]), tuple(int(a) for a in data["a"]), str(data["n"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise LinkRefused(
            "invalid", "This link is not valid. It may have been copied incompletely from the email.", 400
        ) from None


def grace_days() -> int:
    return int(getattr(settings, "ACTIONPLAN_LINK_GRACE_DAYS", 3))


def link_expiry(cycle) -> dt.datetime:
    """The moment links for the cycle stop working: the end of the deadline day plus the grace days."""
    last_day = cycle.deadline + dt.timedelta(days=grace_days())
    return midnight(last_day + dt.timedelta(days=1))


def absolute(path: str) -> str:
    return getattr(settings, "ACTIONPLAN_BASE_URL", "http://127.0.0.1:8000").rstrip("/") + path


def update_url(token: str, action_id: int) -> str:
    return absolute(reverse("update_link", args=[token, action_id]))


def overview_url(token: str) -> str:
    return absolute(reverse("update_link_overview", args=[token]))


def make_unsubscribe_token(*, person_id: int | None = None, user_id: int | None = None) -> str:
    payload = {"p": person_id} if person_id else {"u": user_id}
    return signing.dumps(payload, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> tuple[str, int]:
    """("person", id) or ("user", id); LinkRefused("invalid") if altered."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        if "p" in data:
            return "person", int(data["p"])
        return "user", int(data["u"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise LinkRefused("invalid", "This link is not valid.", 400) from None


def unsubscribe_url(*, person_id: int | None = None, user_id: int | None = None) -> str:
    token = make_unsubscribe_token(person_id=person_id, user_id=user_id)
    return absolute(reverse("reminders_unsubscribe", args=[token]))
