"""The emailed update link: checking a link, posting a lead's update through it (the same write
as the action page) and the overview of what the link covers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from actionplan.notifications import links
from actionplan.notifications.models import LinkUse
from actionplan.plans import writes
from actionplan.plans.cycles import updated_action_ids
from actionplan.plans.models import Action, Person, ReportingCycle
from actionplan.plans.queries import live_actions


@dataclass
class Link:
    scope: links.UpdateScope
    person: Person
    cycle: ReportingCycle
    action: Action | None = None


def check_link(token: str, action_id: int | None, now: dt.datetime) -> Link:
    """The link's lead, cycle and (when given) action; LinkRefused if altered, expired, for an
    action outside its scope (or no longer led by that lead), or already used for that action."""
    scope = links.read_update_token(token)
    if action_id is not None and action_id not in scope.action_ids:
        raise links.LinkRefused("scope", "This link is not for that action.", 403)
    cycle = ReportingCycle.objects.select_related("plan").filter(pk=scope.cycle_id).first()
    person = Person.objects.select_related("user").filter(pk=scope.person_id).first()
    if cycle is None or person is None:
        raise links.LinkRefused("invalid", "This link is no longer valid.", 404)
    expiry = links.link_expiry(cycle)
    if now >= expiry:
        ended = timezone.localtime(expiry - dt.timedelta(seconds=1)).strftime("%-d %B %Y")
        raise links.LinkRefused("expired", f"This link expired at the end of {ended}.", 410)
    link = Link(scope, person, cycle)
    if action_id is None:
        return link
    link.action = (
        live_actions()
        .filter(pk=action_id, plan=cycle.plan, plan__archived_at__isnull=True, actionlead__person=person)
        .select_related("plan", "recommendation")
        .first()
    )
    if link.action is None:
        raise links.LinkRefused("scope", f"{person.name} no longer leads this action.", 403)
    if LinkUse.objects.filter(nonce=scope.nonce, action=link.action).exists():
        raise links.LinkRefused("used", "This link has already been used to update this action.", 410)
    return link


def update_through_link(
    token: str, action_id: int, *, text: str, rag, reason: str, evidence, expected_version, now=None
):
    """Post a lead's update through an emailed link: the same write as the action page, by the
    lead's user if they have an active one, else in their name. Raises LinkRefused, or the write
    layer's ValidationError / StaleEdit; whatever it raises, nothing is changed."""
    now = now or timezone.now()
    link = check_link(token, action_id, now)
    person, action = link.person, link.action
    by = person.user if person.user_id and person.user.is_active else None
    with transaction.atomic():
        try:
            with transaction.atomic():
                use = LinkUse.objects.create(
                    nonce=link.scope.nonce, action=action, person=person, cycle=link.cycle, used_at=now
                )
        except IntegrityError:  # posted twice at once: the first one counts
            raise links.LinkRefused(
                "used", "This link has already been used to update this action.", 410
            ) from None
        note = writes.record_update(
            action,
            by,
            text=text,
            rag=rag,
            reason=reason,
            evidence=evidence,
            expected_version=expected_version,
            author_name=person.name,
            when=now,
        )
        if note is not None:
            use.note = note
            use.save(update_fields=["note"])
    return note


def link_overview(link: Link) -> list[dict]:
    """The link's actions still led by its lead: each with whether the link was used for it and
    whether it has an update for the cycle."""
    actions = (
        live_actions()
        .filter(pk__in=link.scope.action_ids, plan__archived_at__isnull=True, actionlead__person=link.person)
        .select_related("recommendation", "plan")
        .order_by("recommendation__position", "position")
    )
    used = set(LinkUse.objects.filter(nonce=link.scope.nonce).values_list("action_id", flat=True))
    updated = updated_action_ids(link.cycle.plan, link.cycle)
    return [
        {
            "action": a,
            "ref": a.ref,
            "used": a.id in used,
            "updated": a.id in updated,
        }
        for a in actions
    ]
