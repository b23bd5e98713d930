"""What every form in web/ shares."""

from django import forms
from django.core.exceptions import ValidationError


def add_write_errors(form, exc: ValidationError) -> None:
    """Put the write layer's errors (it checks again and has the last word) on the fields they
    name; the rest on the whole form."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(name if name in form.fields else None, error)
    else:
        for error in exc.messages:
            form.add_error(None, error)


class EditForm(forms.Form):
    """Shared by the editing forms: puts the write layer's errors on the fields they name."""

    def add_write_errors(self, exc: ValidationError) -> None:
        add_write_errors(self, exc)


class ArchiveForm(EditForm):
    reason = forms.CharField(
        label="Why is it being archived? (optional)", required=False, max_length=2000, widget=forms.Textarea
    )
