"""Cache keys that change whenever what they describe changes, so a cached page or report is never
stale and never needs deleting.

Every change to a plan goes through the write layer, which records a ChangeEvent against the plan;
plan-level edits also bump plan.version. So (plan.version, the plan's latest event id) moves on
with every change to the plan, its recommendations, actions, leads, dates, RAG and notes."""

from __future__ import annotations

from django.db.models import F, Max

from actionplan.plans.models import ChangeEvent


def plan_stamp(plan) -> str:
    """One indexed query: the plan's identity, its version and its latest event id."""
    latest = ChangeEvent.objects.filter(plan_id=plan.pk).aggregate(latest=_LATEST)["latest"]
    return f"{_identity(plan)}.{plan.version}.{latest or 0}"


# max(id + 0), not max(id): PostgreSQL answers a bare max(id) WHERE plan_id = ... by walking the
# primary key backwards until it meets one of the plan's rows (100 ms for an older plan among half
# a million events); the expression makes it read the plan's own rows through the plan_id index.
_LATEST = Max(F("id") + 0)


def _identity(row) -> str:
    """id and creation moment: an id a database hands out again (a rolled-back test, a restored
    backup) never brings back another row's cached page."""
    return f"{row.pk}@{row.created_at.timestamp()}"


def action_stamp(action) -> str:
    """Every change to an action bumps its version (the write layer's bump_version)."""
    return f"{_identity(action)}.{action.version}"


def plans_stamp(plans) -> str:
    """plan_stamp for a set of plans, in one query: their ids and versions and the latest event."""
    plans = list(plans)
    ids = [p.pk for p in plans]
    latest = None
    if ids:
        latest = ChangeEvent.objects.filter(plan_id__in=ids).aggregate(latest=_LATEST)["latest"]
    versions = ",".join(f"{_identity(p)}:{p.version}" for p in sorted(plans, key=lambda p: p.pk))
    return f"{versions}.{latest or 0}"


def cache_key(*parts) -> str:
    """A cache key from the parts (ids, stamps, dates, query strings), safe for any backend."""
    import hashlib

    text = "|".join(str(p) for p in parts)
    return "ap:" + hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
