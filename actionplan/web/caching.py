"""Rendered markup kept in the cache with Django's {% cache %} tag.

Every key a view passes carries the version stamps of what the markup shows (plans/stamps.py: each
change to a plan or an action moves its stamp on), so a kept fragment is never stale. A view that
must not keep a page (a free-text search) passes no key and a lifetime of 0, which Django's cache
takes as "do not keep". The context the markup needs is lazy (lazy_values), so on a hit the
view's queries never run."""

from django.core.cache.utils import make_template_fragment_key

KEEP_SECONDS = 24 * 60 * 60


def page_cache(key: str | None) -> dict:
    """Context for `{% cache page_keep_for "<page>" page_key %}`: keep the page under key, or
    (no key) render it afresh and keep nothing; `keep_for` for the fragments inside it."""
    return {"page_key": key, "page_keep_for": KEEP_SECONDS if key else 0, "keep_for": KEEP_SECONDS}


def fragment_key(name: str, key: str) -> str:
    """The key Django's {% cache ... name key %} keeps a fragment under, to ask what is kept."""
    return make_template_fragment_key(name, [key])


def lazy_values(compute, names) -> dict:
    """Context entries that run `compute()` (returning a dict with these names) only when a template
    first reads one of them: inside a {% cache %} fragment that is already kept, never. Templates
    call callables they find in the context, so each entry is a function."""
    memo: dict = {}

    def value(name):
        if not memo:
            memo.update(compute())
        return memo[name]

    return {name: (lambda name=name: value(name)) for name in names}
