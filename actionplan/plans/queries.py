"""Read-side helpers: load a plan with everything a page or export needs in a fixed number of
queries, and turn it back into the interchange form."""

from __future__ import annotations

from django.db.models import Prefetch

from actionplan.core.draft import ActionDraft, Due, PlanDraft, RecommendationDraft
from actionplan.plans.models import Action, ActionLead, ProgressNote, Recommendation


def live_actions(include_archived: bool = False, *, notes: bool = True):
    """Actions with their leads and (unless notes=False, for lists that show none) current notes."""
    actions = Action.objects.all() if include_archived else Action.objects.filter(archived_at__isnull=True)
    actions = actions.prefetch_related(
        Prefetch("actionlead_set", queryset=ActionLead.objects.select_related("person").order_by("position"))
    )
    if notes:
        actions = actions.prefetch_related(current_notes())
    return actions


def current_notes() -> Prefetch:
    """An action's notes not superseded by a correction; only what pages and drafts read of them."""
    notes = ProgressNote.objects.filter(superseded_by__isnull=True)
    return Prefetch("notes", queryset=notes.only("id", "action_id", "text", "created_at", "position"))


def recommendations_with_actions(plan):
    """The plan's live recommendations, each with .live_actions, leads and notes prefetched."""
    return list(
        Recommendation.objects.filter(plan=plan, archived_at__isnull=True)
        .order_by("position")
        .prefetch_related(
            Prefetch("actions", queryset=live_actions().order_by("position"), to_attr="live_actions")
        )
    )


def plan_to_draft(plan) -> PlanDraft:
    return PlanDraft(
        title=plan.title,
        organisation=plan.organisation,
        inspection=plan.inspection,
        recommendations=[
            RecommendationDraft(
                number=rec.number, text=rec.text, actions=[action_to_draft(a) for a in rec.live_actions]
            )
            for rec in recommendations_with_actions(plan)
        ],
    )


def action_to_draft(action) -> ActionDraft:
    return ActionDraft(
        text=action.text,
        leads=[p.name for p in action.lead_people],
        due=Due(text=action.due_text, date=action.due_date.isoformat() if action.due_date else None),
        rag=action.rag,
        notes=[n.text for n in action.notes.all()],
        extra=action.extra or {},
    )
