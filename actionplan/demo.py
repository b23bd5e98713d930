"""`actionplan demo`: the seed plan and a `demo` administrator, safe to run twice."""

from __future__ import annotations

import os
import secrets
from importlib import resources

from django.contrib.auth import get_user_model
from django.db import transaction

from actionplan.ingest import parse
from actionplan.plans.models import Plan
from actionplan.plans.writes import save_draft

SEED_NAME = "southwark-sif-action-plan-2017.txt"


def seed_bytes() -> bytes:
    return resources.files("actionplan").joinpath("demo_data", SEED_NAME).read_bytes()


@transaction.atomic
def load_demo() -> list[str]:
    lines = []
    plan = Plan.objects.filter(source_filename=SEED_NAME).order_by("id").first()
    if plan is None:
        plan = save_draft(parse(seed_bytes(), SEED_NAME).draft, source_filename=SEED_NAME)
        lines.append(f"Loaded plan {plan.id}: {plan.title}")
    else:
        lines.append(f"Plan {plan.id} is already loaded: {plan.title}")
    lines.append(_demo_user())
    return lines


def _demo_user() -> str:
    User = get_user_model()
    password = os.environ.get("ACTIONPLAN_DEMO_PASSWORD")
    user, created = User.objects.get_or_create(
        username="demo", defaults={"first_name": "Demo", "last_name": "Admin"}
    )
    if not created and not password:
        return "User demo already exists (set ACTIONPLAN_DEMO_PASSWORD to reset its password)."
    shown = password or secrets.token_urlsafe(12)
    user.set_password(shown)
    user.is_staff = user.is_superuser = True
    user.save()
    return (
        f"Sign in as demo with password: {shown}"
        if not password
        else "Sign in as demo (password from ACTIONPLAN_DEMO_PASSWORD)."
    )
