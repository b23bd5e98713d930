"""What every form in web/ shares."""

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
