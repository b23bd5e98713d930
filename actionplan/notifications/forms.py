"""Forms for the requests page and a lead's email address."""

from django import forms
from django.core.exceptions import ValidationError

from actionplan.notifications.preferences import parse_reminder_days


class PersonEmailForm(forms.Form):
    email = forms.CharField(
        label="Email address",
        required=False,
        max_length=254,
        help_text="Update requests and reminders for this lead go here. Leave it empty to stop them.",
    )


class NotificationSettingsForm(forms.Form):
    reminder_days = forms.CharField(
        label="Remind leads this many days before the deadline",
        required=False,
        max_length=100,
        help_text="Whole numbers separated by commas, for example 7, 2. Leave it empty for no reminders.",
    )
    automatic_requests = forms.BooleanField(
        label="Send update requests automatically when a cycle opens", required=False
    )

    def clean_reminder_days(self):
        try:
            return parse_reminder_days(self.cleaned_data["reminder_days"])
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["reminder_days"]) from None
