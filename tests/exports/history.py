"""A seed plan with a history: imported in January 2018, updated in February and March, so
"as at" and "what changed" have something to find. Every change goes through the write layer."""

import datetime as dt

from freezegun import freeze_time

IMPORTED = "2018-01-10 09:00"
FEBRUARY = "2018-02-15 10:00"
MARCH = "2018-03-20 16:00"
FEB_NOTE = "February: extended panel terms of reference agreed by the board"
MARCH_NOTE = "March: new CIN workflow live on MOSAIC for all teams"


def action(plan, ref):
    """The live action "3.1" of the plan (recommendation number, position)."""
    from actionplan.plans.models import Action

    number, position = ref.split(".")
    return Action.objects.get(plan=plan, recommendation__number=number, position=int(position))


def plan_with_history(seed_draft, by):
    from actionplan.plans.writes import EvidenceInput, record_update, revise_due_date, save_draft, sign_off

    with freeze_time(IMPORTED):
        plan = save_draft(seed_draft, by=by, source_filename="seed.txt")
    with freeze_time(FEBRUARY):
        record_update(action(plan, "1.1"), by, text=FEB_NOTE, rag="amber", reason="Panels running late")
        record_update(action(plan, "3.1"), by, rag="green", reason="On track")
        record_update(action(plan, "11.3"), by, rag="red", reason="No capacity")
    with freeze_time(MARCH):
        record_update(action(plan, "1.1"), by, text=MARCH_NOTE, rag="green", reason="Workflow live")
        record_update(action(plan, "3.1"), by, rag="blue", reason="Done",
                      evidence=EvidenceInput(note="Strategy meetings audited"))  # fmt: skip
        sign_off(action(plan, "3.1"), by)
        record_update(action(plan, "11.3"), by, rag="amber", reason="Recruited")
        revise_due_date(action(plan, "4.1"), by, due_date=dt.date(2018, 7, 31), due_text="July 2018",
                        reason="Waiting for the new provider")  # fmt: skip
    return plan
