"""Forms for an action: what a lead or plan manager submits to track it (update, due date,
correction) and what a plan manager submits to edit it (add, edit, split, move); validated before
the write layer, which checks again and has the last word."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError

from actionplan.core.dates import parse_due
from actionplan.web.forms import EditForm

MAX_PARTS = 4

RAG_FORM_CHOICES = [
    ("red", "Red – off track"),
    ("amber", "Amber – at risk"),
    ("green", "Green – on track"),
    ("blue", "Blue – complete"),
    ("none", "Not rated"),
]


class UpdateForm(forms.Form):
    text = forms.CharField(label="Progress update", required=False, widget=forms.Textarea, max_length=20000)
    rag = forms.ChoiceField(label="RAG status", choices=RAG_FORM_CHOICES, widget=forms.RadioSelect)
    reason = forms.CharField(
        label="Reason for RAG change", required=False, widget=forms.Textarea, max_length=5000
    )
    evidence_note = forms.CharField(
        label="Evidence of completion", required=False, widget=forms.Textarea, max_length=10000
    )
    evidence_link = forms.URLField(
        label="Link to evidence", required=False, max_length=1000, assume_scheme="https"
    )
    evidence_file = forms.FileField(label="Upload evidence", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def evidence(self):
        """The evidence given, its file checked by content and stored under a safe name.
        Raises ValidationError on the file field when the file is refused."""
        from actionplan.plans.uploads import UploadRejected, check_upload
        from actionplan.plans.writes import EvidenceInput

        uploaded = self.cleaned_data["evidence_file"]
        if uploaded:
            try:
                checked = check_upload(uploaded, allowed_kinds={"pdf", "docx", "xlsx", "png", "jpeg", "text"})
            except UploadRejected as exc:
                raise forms.ValidationError({"evidence_file": exc.messages}) from None
            uploaded.name = checked.safe_name
        return EvidenceInput(
            note=self.cleaned_data["evidence_note"],
            link=self.cleaned_data["evidence_link"],
            file=uploaded or None,
        )

    def rag_value(self):
        rag = self.cleaned_data["rag"]
        return None if rag == "none" else rag


class DueDateForm(forms.Form):
    due = forms.CharField(
        label="New due date",
        max_length=300,
        help_text="For example, 30/09/2018, September 2018 or Q2 2018/19",
    )
    reason = forms.CharField(label="Reason for changing the due date", widget=forms.Textarea, max_length=5000)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        # On the action page beside the update form, which has a reason too: ids of its own
        # (id_due-due, id_due-reason) while the posted names stay as they are.
        kwargs.setdefault("auto_id", "id_due-%s")
        super().__init__(*args, **kwargs)

    def clean_due(self):
        text = self.cleaned_data["due"].strip()
        iso = parse_due(text)
        self.cleaned_data["due_date"] = dt.date.fromisoformat(iso) if iso else None
        if iso is None:
            raise forms.ValidationError("Enter a date we can read, such as 30/09/2018 or September 2018.")
        return text


class CorrectionForm(forms.Form):
    text = forms.CharField(label="Corrected note", widget=forms.Textarea, max_length=20000)
    reason = forms.CharField(label="Why it needed correcting", required=False, max_length=2000)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


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
