"""The write layer: every change to domain rows (plans, recommendations, actions, leads, dates,
RAG, notes, evidence, cycles, roles and people) goes through a function in this package, inside a
transaction, and is recorded by the one event recorder (`events.record_event`, or
`events.record_admin_event` for roles and people) naming who made it, the old value and the new
one. Views, commands, imports and notifications call these functions; they never .save() domain
rows or build events themselves (tests/test_write_layer.py checks the source for it).

    events     the event recorder and actor names
    updates    a plan from a draft; a lead's update, sign-off, due dates, note corrections, leads
    structure  add, reword, reorder, split, archive and restore; plan settings
    cycles     reporting cycles made on demand, custom cycles, clean-up after a settings change
    admin      archive, restore and delete a plan
    roles      roles on plans, users linked to leads, a lead's email

The names below are the ones most callers need, so `writes.record_update(...)` reads as it did."""

from actionplan.plans.writes.events import actor_name, record_event
from actionplan.plans.writes.updates import (
    UNCHANGED,
    EvidenceInput,
    change_leads,
    correct_note,
    fit,
    people_named,
    record_update,
    revise_due_date,
    save_draft,
    sign_off,
)

__all__ = [
    "UNCHANGED",
    "EvidenceInput",
    "actor_name",
    "change_leads",
    "correct_note",
    "fit",
    "people_named",
    "record_event",
    "record_update",
    "revise_due_date",
    "save_draft",
    "sign_off",
]
