"""Sign-in lockout (django-axes) for the web only."""

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """Axes' lockout check, for sign-ins that come from a web request.

    Axes refuses any authenticate() call without a request; commands and scripts (which already
    hold the database) authenticate without one, and there is no one to lock out there."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
