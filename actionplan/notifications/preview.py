"""The requests page: for the current cycle, every lead with open actions, what a request would
name and the request already recorded for them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from actionplan.notifications.due import current_cycle, missing_by_lead
from actionplan.notifications.models import Kind, OutboundMessage, Status
from actionplan.plans.models import Person, ReportingCycle


@dataclass
class LeadRow:
    person: Person
    actions: list
    message: OutboundMessage | None

    @property
    def will_send(self) -> bool:
        return bool(
            self.person.email
            and self.actions
            and (self.message is None or self.message.status == Status.FAILED)
        )


def request_preview(plan, now: dt.datetime) -> tuple[ReportingCycle | None, list[LeadRow]]:
    """The current cycle and, for every lead with open actions, what a request would name and
    the request already recorded for them this cycle."""
    cycle = current_cycle(plan, timezone.localdate(now), create=False)
    if cycle is None:
        return None, []
    missing = missing_by_lead(plan, cycle)
    sent = {}
    if cycle.pk:
        sent = {m.person_id: m for m in OutboundMessage.objects.filter(cycle=cycle, kind=Kind.REQUEST)}
    leads = (
        Person.objects.filter(actions__plan=plan, actions__archived_at__isnull=True)
        .distinct()
        .order_by("name")
    )
    return cycle, [LeadRow(p, missing.get(p, []), sent.get(p.pk)) for p in leads]
