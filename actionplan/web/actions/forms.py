"""Forms for tracking: what a lead or plan manager submits, validated before the write layer."""

import datetime as dt

from django import forms

from actionplan.core.dates import parse_due

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
