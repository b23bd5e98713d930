"""The one write layer: every change to plans, recommendations, actions, leads, dates, RAG and
notes goes through a function here, inside a transaction, and leaves a ChangeEvent naming who
made it, the old value and the new one. Views, commands and the API never .save() domain rows."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from actionplan.plans.draft import PlanDraft
from actionplan.plans.models import (
    Action,
    ActionLead,
    ChangeEvent,
    Person,
    Plan,
    ProgressNote,
    Recommendation,
)


def actor_name(user) -> str:
    if user is None:
        return "system"
    return user.get_full_name() or user.get_username()


def _event(plan, by, kind, *, recommendation=None, action=None, field="", old=None, new=None, reason="", at=None):
    return ChangeEvent(
        plan=plan,
        recommendation=recommendation,
        action=action,
        user=by,
        actor_name=actor_name(by),
        at=at or timezone.now(),
        kind=kind,
        field=field,
        old=old,
        new=new,
        reason=reason,
    )


def people_named(names: list[str]) -> dict[str, Person]:
    """The Person for each name, creating those not seen before (names are matched exactly)."""
    wanted = {n.strip() for n in names if n.strip()}
    found = {p.name: p for p in Person.objects.filter(name__in=wanted)}
    missing = [Person(name=n) for n in sorted(wanted - found.keys())]
    for person in Person.objects.bulk_create(missing, ignore_conflicts=True):
        found.setdefault(person.name, person)
    if len(found) < len(wanted):  # ignore_conflicts leaves ids unset; fetch them
        found.update({p.name: p for p in Person.objects.filter(name__in=wanted - found.keys())})
    return found


@transaction.atomic
def save_draft(draft: PlanDraft, by=None, source_filename: str = "") -> Plan:
    """Save an interchange draft as a new plan, all or nothing."""
    now = timezone.now()
    plan = Plan.objects.create(
        title=draft.title,
        organisation=draft.organisation,
        inspection=draft.inspection,
        source_filename=source_filename[:255],
        created_at=now,
    )
    people = people_named([lead for r in draft.recommendations for a in r.actions for lead in a.leads])
    events = [_event(plan, by, "created", new={"title": plan.title, "source": source_filename}, at=now)]
    for rec_position, rec_draft in enumerate(draft.recommendations, start=1):
        rec = Recommendation.objects.create(
            plan=plan, number=rec_draft.number, text=rec_draft.text, position=rec_position, created_at=now
        )
        for position, action_draft in enumerate(rec_draft.actions, start=1):
            action = _create_action(plan, rec, position, action_draft, people, by, now)
            events.append(_event(plan, by, "created", recommendation=rec, action=action, at=now))
    ChangeEvent.objects.bulk_create(events)
    return plan


def _create_action(plan, rec, position, action_draft, people, by, now) -> Action:
    due_date = dt.date.fromisoformat(action_draft.due.date) if action_draft.due.date else None
    action = Action.objects.create(
        plan=plan,
        recommendation=rec,
        text=action_draft.text,
        position=position,
        due_text=action_draft.due.text,
        baseline_due_date=due_date,
        due_date=due_date,
        rag=action_draft.rag,
        extra=action_draft.extra,
        created_at=now,
    )
    ActionLead.objects.bulk_create(
        ActionLead(action=action, person=people[name.strip()], position=i)
        for i, name in enumerate(dict.fromkeys(n.strip() for n in action_draft.leads if n.strip()))
    )
    ProgressNote.objects.bulk_create(
        ProgressNote(
            action=action, text=text, created_at=now, author=by, author_name=actor_name(by), imported=True, position=i
        )
        for i, text in enumerate(action_draft.notes)
    )
    return action
