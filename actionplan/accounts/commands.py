"""`actionplan user add|list`: the command-line side of accounts (wired up in actionplan/cli.py)."""

from __future__ import annotations

import getpass
import os

from django.contrib.auth import get_user_model
from django.db import transaction

from actionplan.accounts import services
from actionplan.errors import CommandError
from actionplan.plans.models import Plan
from actionplan.plans.roles import Role


def _plan(plan_id):
    if plan_id is None:
        return None
    try:
        return Plan.objects.get(pk=int(plan_id))
    except (ValueError, Plan.DoesNotExist):
        raise CommandError(
            f"--plan {plan_id}: there is no such plan (`actionplan plans` lists them)."
        ) from None


def _password() -> str:
    if password := os.environ.get("ACTIONPLAN_PASSWORD"):
        return password
    try:
        first = getpass.getpass("Password: ")
        second = getpass.getpass("Password (again): ")
    except (EOFError, OSError):
        raise CommandError("No password: set ACTIONPLAN_PASSWORD or run this in a terminal.") from None
    if first != second:
        raise CommandError("The two passwords differ.")
    return first


def add_user(
    name: str, role: str, plan_id=None, person: str | None = None, full_name: str = "", email: str = ""
):
    """Create the user (or give an existing one another role); returns a line saying what was done."""
    if role not in Role.LABELS:
        raise CommandError(f"--role {role!r}: choose one of {', '.join(Role.LABELS)}.")
    plan = _plan(plan_id)
    user = get_user_model().objects.filter(username=name).first()
    password = _password() if user is None or os.environ.get("ACTIONPLAN_PASSWORD") else None
    try:
        with transaction.atomic():
            if user is None:
                user = services.create_user(name, full_name=full_name or person or "", email=email,
                                            password=password)  # fmt: skip
            elif password:
                services.set_password(user, password)
            services.grant_role(user, role, plan)
            if person:
                services.link_person(user, person)
    except services.AccountError as exc:
        raise CommandError(str(exc)) from None
    where = f"plan {plan.pk}" if plan else "every plan"
    linked = f", lead officer {person}" if person else ""
    return f"{name}: {Role.LABELS[role]} on {where}{linked}"


def list_users() -> list[str]:
    """USERNAME<TAB>ROLES<TAB>LEAD OFFICER<TAB>active|inactive, one line per user."""
    users = (
        get_user_model().objects.order_by("username").prefetch_related("memberships").select_related("person")
    )
    lines = []
    for user in users:
        roles = [f"{m.role}@{m.plan_id or 'all'}" for m in user.memberships.all()]
        if user.is_superuser:
            roles.insert(0, "superuser")
        person = getattr(user, "person", None)
        state = "active" if user.is_active else "inactive"
        lines.append(f"{user.username}\t{','.join(roles) or '-'}\t{person.name if person else '-'}\t{state}")
    return lines
