"""Forms for editing a plan: what a plan manager submits, checked before the write layer (which
checks again and has the last word: its ValidationErrors land back on these forms)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from actionplan.plans import status
from actionplan.plans.models import CycleKind, RollupRule
from actionplan.plans.writes.structure import MAX_DEADLINE_DAYS, RULE_LIMITS
from actionplan.web.forms import add_write_errors

YES_NO = [("yes", "Yes"), ("no", "No")]
DATE_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y"]
MAX_PARTS = 4


class EditForm(forms.Form):
    """Shared by the editing forms: puts the write layer's errors on the fields they name."""

    def add_write_errors(self, exc: ValidationError) -> None:
        add_write_errors(self, exc)


def _yes_no(label, required):
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": required},
    )


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


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


class LeadsField(forms.CharField):
    """Lead officers, one per line."""

    widget = forms.Textarea

    def clean(self, value):
        names = list(dict.fromkeys(_lines(super().clean(value))))
        if not names:
            raise ValidationError("Enter at least one lead officer.")
        if any(len(name) > 200 for name in names):
            raise ValidationError("Each lead officer’s name must be 200 characters or fewer.")
        return names


def _leads_field():
    return LeadsField(label="Lead officers", help_text="One person or post per line", required=False)


class ActionAddForm(EditForm):
    text = forms.CharField(
        label="Action",
        widget=forms.Textarea,
        max_length=20000,
        help_text="Put each list item on its own line starting with a dash and a space (- )",
        error_messages={"required": "Enter the action text."},
    )
    leads = _leads_field()
    due = forms.CharField(
        label="Timetable end date",
        max_length=300,
        required=False,
        help_text="As the plan writes it, for example, April 2018, 30/09/2018, Q2 2018/19 or Ongoing",
    )


class ActionEditForm(EditForm):
    text = forms.CharField(
        label="Action",
        widget=forms.Textarea,
        max_length=20000,
        error_messages={"required": "Enter the action text."},
    )
    leads = _leads_field()
    reason = forms.CharField(label="Reason for the change (optional)", required=False, max_length=2000)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class SplitForm(EditForm):
    reason = forms.CharField(label="Reason for splitting (optional)", required=False, max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(1, MAX_PARTS + 1):
            label = "Part 1 (stays as this action, with its notes)" if i == 1 else f"Part {i} (a new action)"
            self.fields[f"part_{i}"] = forms.CharField(
                label=label, widget=forms.Textarea, required=False, max_length=20000
            )
        self.order_fields([f"part_{i}" for i in range(1, MAX_PARTS + 1)] + ["reason"])

    def clean(self):
        data = super().clean()
        data["parts"] = [
            data[f"part_{i}"].strip() for i in range(1, MAX_PARTS + 1) if data.get(f"part_{i}", "").strip()
        ]
        if len(data["parts"]) < 2:
            self.add_error("part_2", "Give at least two parts to split the action into.")
        return data


class MoveActionForm(EditForm):
    recommendation = forms.TypedChoiceField(
        label="Move to recommendation", coerce=int, error_messages={"required": "Choose a recommendation."}
    )
    position = forms.IntegerField(
        label="Position in that recommendation (optional)",
        required=False,
        min_value=1,
        max_value=999,
        help_text="Leave blank to put it at the end",
    )

    def __init__(self, *args, recommendations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recommendation"].choices = [
            (r.pk, f"{r.number}. {r.text[:80]}") for r in recommendations
        ]


class ArchiveForm(EditForm):
    reason = forms.CharField(
        label="Why is it being archived? (optional)", required=False, max_length=2000, widget=forms.Textarea
    )


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
