"""Forms for editing a plan: what a plan manager submits, checked before the write layer (which
checks again and has the last word: its ValidationErrors land back on these forms)."""

from __future__ import annotations

from django import forms

from actionplan.plans import status
from actionplan.plans.models import CycleKind, RollupRule
from actionplan.plans.writes.structure import MAX_DEADLINE_DAYS, RULE_LIMITS
from actionplan.web.forms import EditForm

YES_NO = [("yes", "Yes"), ("no", "No")]
DATE_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y"]


def _yes_no(label, required):
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": required},
    )


class RecommendationForm(EditForm):
    number = forms.CharField(
        label="Number",
        max_length=30,
        help_text="As the plan writes it, such as 3 or 2a",
        error_messages={"required": "Enter the recommendation number."},
    )
    text = forms.CharField(
        label="Recommendation",
        widget=forms.Textarea,
        max_length=20000,
        error_messages={"required": "Enter the recommendation text."},
    )
    reason = forms.CharField(label="Reason for the change (optional)", required=False, max_length=2000)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class SettingsForm(EditForm):
    title = forms.CharField(
        label="Plan title", max_length=500, error_messages={"required": "Enter the plan title."}
    )
    cycle_kind = forms.ChoiceField(
        label="Reporting cycle",
        choices=CycleKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a reporting cycle."},
    )
    update_deadline_days = forms.IntegerField(
        label="Days after the end of each cycle by which updates are due",
        min_value=0,
        max_value=MAX_DEADLINE_DAYS,
        help_text="Monthly and quarterly cycles only; custom cycles have their own deadline",
        error_messages={"required": "Enter the number of days.", "invalid": "Enter a whole number of days."},
    )
    requires_sign_off = _yes_no(
        "Does a plan manager need to sign off completed actions?",
        "Select yes if a plan manager needs to sign off completed actions.",
    )
    rollup_rule = forms.ChoiceField(
        label="How recommendations and the plan are rated overall",
        choices=RollupRule.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a roll-up rule."},
    )
    overdue_red = _yes_no(
        "Suggest red for an action past its due date and not complete?",
        "Select yes if overdue actions should be suggested red.",
    )
    due_soon_days = forms.IntegerField(
        label="Suggest amber when an action is due within this many days with no update this cycle",
        min_value=0,
        max_value=RULE_LIMITS["due_soon_days"],
        help_text="0 turns this rule off",
        error_messages={"required": "Enter the number of days.", "invalid": "Enter a whole number of days."},
    )
    stale_cycles = forms.IntegerField(
        label="Suggest amber when an action has had no update for this many cycles",
        min_value=0,
        max_value=RULE_LIMITS["stale_cycles"],
        help_text="0 turns this rule off",
        error_messages={
            "required": "Enter the number of cycles.",
            "invalid": "Enter a whole number of cycles.",
        },
    )
    reason = forms.CharField(label="Reason for the change (optional)", required=False, max_length=2000)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    @classmethod
    def initial_for(cls, plan) -> dict:
        rules = {**status.DEFAULT_RULES, **(plan.rag_rules or {})}
        return {
            "title": plan.title,
            "cycle_kind": plan.cycle_kind,
            "update_deadline_days": plan.update_deadline_days,
            "requires_sign_off": "yes" if plan.requires_sign_off else "no",
            "rollup_rule": plan.rollup_rule,
            "overdue_red": "yes" if rules["overdue_red"] else "no",
            "due_soon_days": rules["due_soon_days"],
            "stale_cycles": rules["stale_cycles"],
            "version": plan.version,
        }

    def settings(self) -> dict:
        """The cleaned data as update_plan_settings takes it."""
        data = self.cleaned_data
        rules = {key: data[key] for key in ("overdue_red", "due_soon_days", "stale_cycles")}
        fields = ("title", "cycle_kind", "update_deadline_days", "requires_sign_off", "rollup_rule")
        return {**{key: data[key] for key in fields}, "rag_rules": rules}


class CycleForm(EditForm):
    label = forms.CharField(
        label="Name",
        max_length=100,
        help_text="For example, Spring term 2025",
        error_messages={"required": "Enter a name for the cycle."},
    )
    starts = forms.DateField(
        label="Starts",
        input_formats=DATE_FORMATS,
        help_text="For example, 1/4/2025",
        error_messages={
            "required": "Enter the start date.",
            "invalid": "Enter the start date as a date, such as 1/4/2025.",
        },
    )
    ends = forms.DateField(
        label="Ends",
        input_formats=DATE_FORMATS,
        help_text="For example, 31/7/2025",
        error_messages={
            "required": "Enter the end date.",
            "invalid": "Enter the end date as a date, such as 31/7/2025.",
        },
    )
    deadline = forms.DateField(
        label="Updates due by",
        input_formats=DATE_FORMATS,
        help_text="For example, 8/8/2025",
        error_messages={
            "required": "Enter the update deadline.",
            "invalid": "Enter the update deadline as a date, such as 8/8/2025.",
        },
    )
