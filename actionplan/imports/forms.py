"""The upload form: a file or a pasted table, and what to do with it."""

from __future__ import annotations

from django import forms

from actionplan.imports.preview import FIELD_LABELS
from actionplan.ingest.table import FIELDS, SINGLE_FIELDS

PASTED_NAME = "Pasted table.txt"


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a file", required=False, allow_empty_file=True,
        help_text="A Word, Excel, CSV, PDF or text file holding the plan's table.",
    )  # fmt: skip
    text = forms.CharField(
        label="Or paste the table", required=False, strip=False, widget=forms.Textarea,
        help_text="Copy the table from Word or Excel, headers included, and paste it here.",
    )  # fmt: skip
    target = forms.CharField(required=False)

    def clean(self):
        data = super().clean()
        has_file, has_text = bool(data.get("file")), bool((data.get("text") or "").strip())
        if has_file and has_text:
            self.add_error("file", "Upload a file or paste the table, not both.")
        elif not has_file and not has_text:
            # A file picked but of no bytes at all still arrives as a file (allow_empty_file).
            self.add_error("file", "Choose a file to upload, or paste the plan's table.")
        return data

    @property
    def error_field(self) -> str:
        """Where a reading error belongs: the file field, or the text box when the table was pasted."""
        return "text" if not self.cleaned_data.get("file") else "file"


def posted_mapping(post, count: int) -> tuple[dict[str, str], list[str]]:
    """The column mapping from the preview's form (header-N / field-N pairs) and its errors."""
    mapping, errors = {}, []
    for index in range(count):
        header = post.get(f"header-{index}")
        name = post.get(f"field-{index}", "")
        if header is None:
            continue
        if name not in FIELDS:
            errors.append(f"Choose what the column '{header}' holds.")
            continue
        mapping[header] = name
    for name in SINGLE_FIELDS:
        holders = [header for header, chosen in mapping.items() if chosen == name]
        if len(holders) > 1:
            quoted = " and ".join(f"'{h}'" for h in holders)
            errors.append(f"Only one column can hold the {FIELD_LABELS[name].lower()}: {quoted} both do.")
    return mapping, errors
