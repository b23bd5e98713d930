from django.conf import settings
from django.urls import include, path

urlpatterns = [
    path("", include("actionplan.web.urls")),
]

if getattr(settings, "OIDC_SETTINGS", None):  # single sign-on, only when configured (docs/sso.md)
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))
