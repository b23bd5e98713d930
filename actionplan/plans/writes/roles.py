"""Role and people writes: giving and removing a user's role on a plan (or on every plan), linking
a user to the Person named as a lead, and setting the email a lead's requests go to. Each is atomic
and recorded on the administrators' log (AdminEvent) naming who did it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from actionplan.plans.access import forget_roles
from actionplan.plans.models import Membership, Person, Plan
from actionplan.plans.roles import Role
from actionplan.plans.writes.events import record_admin_event


class AccountError(ValueError):
    """A request that cannot be carried out, in words fit to show the person who made it."""


def check_role(role: str) -> str:
    if role not in Role.LABELS:
        raise AccountError(f"Unknown role {role!r}: choose one of {', '.join(Role.LABELS)}.")
    return role


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
        kind = "role_granted" if old is None else "role_changed"
        record_admin_event(kind, by, subject=user, plan=plan, old=old, new=role)
    forget_roles(user)
    return membership


@transaction.atomic
def remove_role(membership: Membership, *, by=None) -> None:
    record_admin_event("role_removed", by, subject=membership.user, plan=membership.plan, old=membership.role)
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
        record_admin_event(
            "person_linked", by, subject=user, old=previous.name if previous else None, new=name
        )
    user._state.fields_cache.pop("person", None)  # the user object may have cached "no person"
    return person


@transaction.atomic
def set_person_email(person: Person, email: str, *, by) -> bool:
    """Set (or clear) the email a lead's requests go to; recorded on the administrators' log."""
    person = Person.objects.select_for_update(of=("self",)).select_related("user").get(pk=person.pk)
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError({"email": "Enter an email address like name@example.org."}) from None
    if email == person.email:
        return False
    old = person.email
    person.email = email
    person.save(update_fields=["email"])
    record_admin_event(
        "person_email_changed",
        by,
        subject=person.user,
        subject_name=person.name,
        old=old or None,
        new=email or None,
    )
    return True
