"""GOV.UK form fields with one id scheme, made here and nowhere else.

A field's input has Django's id, `id_<prefix-><name>` (a form's prefix, or its auto_id, keeps two
forms on one page apart); its hint is `<id>-hint`, its error message `<id>-error`, and the input
(or a radios fieldset) is described by whichever of those it shows. Used by web/_field.html and
web/_radios.html; the error summary links to the same ids."""

import copy

from django import forms, template

register = template.Library()

CLASSES = {"textarea": "govuk-textarea", "select": "govuk-select", "file": "govuk-file-upload",
           "clearablefile": "govuk-file-upload"}  # fmt: skip
DEFAULT_ROWS = 4
BROWSER_CHECKS = {"required", "maxlength", "minlength", "min", "max", "step"}


@register.filter
def hint_id(field) -> str:
    return f"{field.auto_id}-hint"


@register.filter
def error_id(field) -> str:
    return f"{field.auto_id}-error"


@register.filter
def input_id(field) -> str:
    """Where an error summary link lands: the input, or a radios group's first option."""
    return field.id_for_label or f"{field.auto_id}_0"


@register.filter
def first_input_id(form) -> str:
    """The first visible field's input: where the summary sends errors of the whole form."""
    first = next(iter(form.visible_fields()), None)
    return input_id(first) if first else ""


@register.simple_tag
def described_by(field, hint=False) -> str:
    """The ids an input or fieldset is described by: its hint (when it has one), its error."""
    ids = [hint_id(field)] if hint or field.help_text else []
    return " ".join(ids + ([error_id(field)] if field.errors else []))


@register.simple_tag
def govuk_input(field, rows=None, width=None):
    """The field's input with the GOV.UK classes (and their error variants) and its descriptions.
    No browser-side checks (required, maxlength, min/max): the server's messages say what is
    wrong, GOV.UK style. Numbers are text inputs with a numeric keypad, as GOV.UK advises."""
    kind = field.widget_type
    css = CLASSES.get(kind, "govuk-input")
    classes = [css, f"{css}--error" if field.errors else "", width or ""]
    attrs = {"class": " ".join(c for c in classes if c)}
    if described := described_by(field):
        attrs["aria-describedby"] = described
    widget = copy.copy(field.field.widget)
    widget.attrs = {k: v for k, v in widget.attrs.items() if k not in BROWSER_CHECKS}
    widget.use_required_attribute = lambda initial: False
    if kind == "textarea":
        # Django's own default (10) is too tall for these forms; a form's widget may set its own.
        own = widget.attrs.get("rows")
        attrs["rows"] = rows or (own if own != "10" else DEFAULT_ROWS)
    elif kind == "number":
        widget = forms.TextInput(attrs={**widget.attrs, "inputmode": "numeric"})
        widget.use_required_attribute = lambda initial: False
    return field.as_widget(widget=widget, attrs=attrs)
