"""Template helpers for importing documents."""

from django import template

register = template.Library()


@register.filter
def may_import(user):
    """Whether the user may import plans (administrators and plan managers)."""
    from actionplan.plans.access import can_import

    return can_import(user)
