"""Template context every page needs for its navigation and sign-in page."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject


def accounts(request):
    from actionplan.plans.access import is_site_admin

    user = getattr(request, "user", None)
    return {
        # Lazy: pages that never ask cost nothing; those that do share access.py's cached roles.
        "is_site_admin": SimpleLazyObject(lambda: is_site_admin(user)),
        "oidc_enabled": bool(getattr(settings, "OIDC_SETTINGS", None)),
    }
