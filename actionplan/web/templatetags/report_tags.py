"""Template helpers for the board report, dashboard, changes page and the PDF paper."""

from django import template

from actionplan.exports.paper import rag_word as paper_rag_word
from actionplan.reports import wording

register = template.Library()


@register.filter
def day(value):
    """A date, datetime or ISO date string as "30 April 2018" ("no date" when empty)."""
    return wording.day(value) if value else "no date"


@register.filter
def short(text):
    return wording.short(text)


@register.filter
def rag_word(rag):
    """The word a RAG cell carries in the paper (empty when not rated, as plan documents leave it)."""
    return paper_rag_word(rag)


@register.filter
def rag_name(rag):
    return wording.rag_name(rag)
