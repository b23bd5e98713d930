"""{% fragment key %}...{% endfragment %}: the enclosed markup rendered once and kept in the cache
under `key` (see actionplan.plans.stamps: keys carry the plan's or action's version, so an entry is
never stale). An empty key renders the markup afresh and keeps nothing, e.g. for a free-text search.

Unlike Django's {% cache %}, the context the markup needs can be lazy (callables), so on a hit the
view's queries never run."""

from django import template
from django.core.cache import cache

register = template.Library()
TIMEOUT = 24 * 60 * 60


class FragmentNode(template.Node):
    def __init__(self, nodelist, key):
        self.nodelist, self.key = nodelist, key

    def render(self, context):
        key = self.key.resolve(context)
        if not key:
            return self.nodelist.render(context)
        html = cache.get(key)
        if html is None:
            html = self.nodelist.render(context)
            cache.set(key, html, TIMEOUT)
        return html


@register.tag
def fragment(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% fragment key %} takes one argument: the cache key.")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, parser.compile_filter(bits[1]))


def lazy_values(compute, names) -> dict:
    """Context entries that run `compute()` (returning a dict with these names) only when a template
    first reads one of them: inside a {% fragment %} that is already cached, never. Templates call
    callables they find in the context, so each entry is a function."""
    memo: dict = {}

    def value(name):
        if not memo:
            memo.update(compute())
        return memo[name]

    return {name: (lambda name=name: value(name)) for name in names}
