"""The write layer for accounts: creating users, giving and removing roles, linking users to the
People named as leads. Each function is atomic and records an AdminEvent naming who did it."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from actionplan.accounts.models import AdminEvent, Membership
from actionplan.accounts.roles import Role
from actionplan.plans.access import forget_roles
from actionplan.plans.models import Person, Plan
from actionplan.plans.writes import actor_name


class AccountError(ValueError):
    """A request that cannot be carried out, in words fit to show the person who made it."""


def _where(plan: Plan | None) -> str:
    return plan.title if plan else "every plan"


def log(kind, by, *, subject=None, plan=None, old=None, new=None, reason="") -> AdminEvent:
    return AdminEvent.objects.create(
        kind=kind,
        user=by,
        actor_name=actor_name(by),
        subject=subject,
        subject_name=actor_name(subject) if subject else "",
        plan_ref=plan.pk if plan else None,
        plan_title=_where(plan) if plan is not None else "",
        old=old,
        new=new,
        reason=reason,
    )


def check_role(role: str) -> str:
    if role not in Role.LABELS:
        raise AccountError(f"Unknown role {role!r}: choose one of {', '.join(Role.LABELS)}.")
    return role


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
def grant_role(user, role: str, plan: Plan | None = None, *, by=None) -> Membership:
    """Give (or change) the user's role on one plan, or on every plan when plan is None."""
    check_role(role)
    # No ordering: ordering by plan would add an outer join, which PostgreSQL cannot lock.
    membership = Membership.objects.select_for_update().filter(user=user, plan=plan).order_by().first()
    old = membership.role if membership else None
    if membership is None:
        membership = Membership.objects.create(user=user, plan=plan, role=role, granted_by=by)
    elif old != role:
        membership.role, membership.granted_by = role, by
        membership.save(update_fields=["role", "granted_by"])
    if old != role:
        log("role_granted" if old is None else "role_changed", by, subject=user, plan=plan, old=old, new=role)
    forget_roles(user)
    return membership


@transaction.atomic
def remove_role(membership: Membership, *, by=None) -> None:
    log("role_removed", by, subject=membership.user, plan=membership.plan, old=membership.role)
    membership.delete()
    forget_roles(membership.user)


@transaction.atomic
def link_person(user, name: str, *, by=None) -> Person:
    """Link the user to the Person of that name (as named as a lead), creating the Person if new."""
    name = " ".join((name or "").split())
    if not name:
        raise AccountError("Enter the person's name as it appears as a lead.")
    person, _ = Person.objects.select_for_update().get_or_create(name=name)
    if person.user_id and person.user_id != user.pk:
        raise AccountError(f"{name} is already linked to the user {person.user.get_username()}.")
    previous = Person.objects.filter(user=user).exclude(pk=person.pk).first()
    if previous:
        previous.user = None
        previous.save(update_fields=["user"])
    if person.user_id != user.pk:
        person.user = user
        person.save(update_fields=["user"])
        log("person_linked", by, subject=user, old=previous.name if previous else None, new=name)
    user._state.fields_cache.pop("person", None)  # the user object may have cached "no person"
    return person


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
