"""Cache keys that change whenever what they describe changes, so a cached page or report is never
stale and never needs deleting.

Every change to a plan goes through the write layer, which records a ChangeEvent against the plan;
plan-level edits also bump plan.version. So (plan.version, the plan's latest event id) moves on
with every change to the plan, its recommendations, actions, leads, dates, RAG and notes."""

from __future__ import annotations

from django.db.models import Max

from actionplan.plans.models import ChangeEvent


def plan_stamp(plan) -> str:
    """One indexed query: '<plan version>.<latest event id>'."""
    latest = ChangeEvent.objects.filter(plan_id=plan.pk).aggregate(latest=Max("id"))["latest"]
    return f"{plan.version}.{latest or 0}"


def cache_key(*parts) -> str:
    """A cache key from the parts (ids, stamps, dates, query strings), safe for any backend."""
    import hashlib

    text = "|".join(str(p) for p in parts)
    return "ap:" + hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
