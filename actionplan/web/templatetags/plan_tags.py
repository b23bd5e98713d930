"""Presentation helpers shared by every page: RAG tags and structured text."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from actionplan.core.rag import LABELS as RAG_LABELS
from actionplan.core.rag import RATINGS

register = template.Library()


@register.simple_tag
def rag_tag(rag):
    """A coloured tag that always carries the word: colour alone fails WCAG 1.4.1."""
    key = rag if rag in RAG_LABELS else None
    return format_html(
        '<strong class="govuk-tag app-tag--{}" data-rag="{}">{}</strong>',
        key or "none",
        key or "",
        RAG_LABELS[key],
    )


@register.simple_tag
def rag_choices():
    """(value, label) for a RAG filter: each rating, worst first, then "none" for not rated."""
    return [(rag, RAG_LABELS[rag]) for rag in RATINGS] + [("none", RAG_LABELS[None])]


@register.filter
def structured(text):
    """Paragraph lines as <p>, runs of "- item" lines as a <ul>; everything escaped."""
    blocks, items = [], []

    def flush_items():
        if items:
            blocks.append(
                format_html(
                    '<ul class="govuk-list govuk-list--bullet">{}</ul>',
                    format_html_join("", "<li>{}</li>", ((i,) for i in items)),
                )
            )
            items.clear()

    for line in (text or "").splitlines():
        stripped = line.strip()
        if stripped.startswith("- "):
            items.append(stripped[2:])
            continue
        flush_items()
        if stripped:
            blocks.append(format_html('<p class="govuk-body">{}</p>', stripped))
    flush_items()
    return mark_safe("".join(blocks))


@register.filter
def iso_date(value):
    """An ISO date string from the audit trail, in words."""
    import datetime as dt

    try:
        return dt.date.fromisoformat(value).strftime("%-d %B %Y")
    except (TypeError, ValueError):
        return value or ""


@register.filter
def field_label(field):
    from actionplan.web.actions.timeline import FIELD_LABELS

    return FIELD_LABELS.get(field, field)


@register.filter
def event_label(kind):
    from actionplan.web.actions.timeline import KIND_LABELS

    return KIND_LABELS.get(kind, kind)


@register.filter
def disagrees(suggestion, rag):
    return suggestion.disagrees_with(rag)


@register.filter
def rag_word(rag):
    return RAG_LABELS.get(rag, RAG_LABELS[None])


@register.filter
def first_line(text):
    return (text or "").strip().splitlines()[0] if (text or "").strip() else ""
