"""Forms for the administrators' pages, styled as GOV.UK Frontend expects."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model

from actionplan.plans.models import Plan
from actionplan.plans.roles import Role

WIDGET_CLASSES = {
    forms.Select: "govuk-select",
    forms.Textarea: "govuk-textarea",
    forms.CheckboxInput: "govuk-checkboxes__input",
}
ERROR_CLASSES = {"govuk-select": "govuk-select--error", "govuk-textarea": "govuk-textarea--error",
                 "govuk-input": "govuk-input--error"}  # fmt: skip


class GovukForm(forms.Form):
    """Puts GOV.UK classes on every widget, and their error variants on fields with errors."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = next((c for w, c in WIDGET_CLASSES.items() if isinstance(field.widget, w)), "govuk-input")
            field.widget.attrs["class"] = f"{css} {field.widget.attrs.get('class', '')}".strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                base = widget.attrs.get("class", "").split()[0] if widget.attrs.get("class") else ""
                if base in ERROR_CLASSES:
                    widget.attrs["class"] += f" {ERROR_CLASSES[base]}"

    @property
    def first_field_id(self) -> str:
        first = next(iter(self), None)
        return first.id_for_label if first else ""


def plan_choices():
    return [("", "Every plan")] + [(str(p.pk), p.title) for p in Plan.objects.order_by("title", "id")]


class RoleForm(GovukForm):
    role = forms.ChoiceField(choices=[("", "Choose a role")] + Role.CHOICES, label="Role")
    plan = forms.ChoiceField(
        required=False, label="On which plan", help_text="A role on every plan holds on new plans too"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = plan_choices()
        self.fields["role"].error_messages["required"] = "Choose a role"

    def clean_plan(self):
        value = self.cleaned_data.get("plan")
        if not value:
            return None
        plan = Plan.objects.filter(pk=value).first()
        if plan is None:
            raise forms.ValidationError("Choose a plan from the list")
        return plan


class InviteForm(RoleForm):
    username = forms.CharField(max_length=150, label="Username", help_text="What they will type to sign in")
    full_name = forms.CharField(max_length=200, label="Full name")
    email = forms.EmailField(
        required=False, label="Email address", help_text="Used for single sign-on and to send them their link"
    )
    person = forms.CharField(
        required=False,
        max_length=200,
        label="Lead officer name (optional)",
        help_text="Their name as the plan gives it for the actions they lead",
    )

    field_order = ["username", "full_name", "email", "role", "plan", "person"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter a username"
        self.fields["full_name"].error_messages["required"] = "Enter their full name"
        self.fields["email"].error_messages["invalid"] = "Enter an email address like name@example.org"
        self.fields["username"].widget.attrs.update(autocomplete="off", spellcheck="false")

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("There is already a user with that username")
        return username


class PersonForm(GovukForm):
    person = forms.CharField(
        max_length=200,
        label="Lead officer name",
        help_text="Their name as the plan gives it for the actions they lead",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].error_messages["required"] = "Enter the name they are given as a lead"
