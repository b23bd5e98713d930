"""User accounts: creating users, switching them off and on, and their passwords. Each function is
atomic and records an AdminEvent naming who did it. Roles and the link to a lead (Person) are
domain writes, in actionplan.plans.writes.roles; they are re-exported here for the account pages."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from actionplan.plans.writes.events import record_admin_event as log
from actionplan.plans.writes.roles import (  # noqa: F401 - the role writes, used from here by callers
    AccountError,
    check_role,
    grant_role,
    link_person,
    remove_role,
)


def check_password(password: str, user) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise AccountError(" ".join(exc.messages)) from None


@transaction.atomic
def create_user(username, *, by=None, full_name="", email="", password=None, kind="user_created"):
    """A new active user; no password means none usable until they follow a set-password link."""
    User = get_user_model()
    username = (username or "").strip()
    if not username:
        raise AccountError("Enter a username.")
    if User.objects.filter(username__iexact=username).exists():
        raise AccountError(f"There is already a user called {username}.")
    first, _, last = (full_name or "").strip().partition(" ")
    user = User(username=username, email=(email or "").strip(), first_name=first[:150], last_name=last[:150])
    if password:
        check_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    log(kind, by, subject=user, new={"username": username, "email": user.email})
    return user


@transaction.atomic
def set_active(user, active: bool, *, by=None) -> None:
    """Users are never deleted (their names stay on the audit trail): they are switched off."""
    if user.is_active == active:
        return
    if by is not None and user.pk == by.pk and not active:
        raise AccountError("You cannot switch off your own account.")
    user.is_active = active
    user.save(update_fields=["is_active"])
    log("user_activated" if active else "user_deactivated", by, subject=user, old=not active, new=active)


def set_password(user, password: str, *, by=None) -> None:
    check_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        log("password_set", by, subject=user)
