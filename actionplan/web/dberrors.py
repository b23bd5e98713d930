"""While the database is unreachable (restarting, failing over, a SQLite lock held past the timeout)
every request answers with a clear 503 page and a Retry-After header instead of a 500.

Django turns an exception into a response at every middleware layer, so catching it around
get_response would only ever see a 500. Instead: a view's database error is answered by
process_exception, and one raised elsewhere inside (session save, authentication) is flagged on the
request by the got_request_exception signal and its 500 replaced on the way out. Nothing here
touches the database, and the app reconnects by itself (CONN_HEALTH_CHECKS) once it is back."""

from __future__ import annotations

import logging
import sys

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

DB_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 60
MESSAGE = "The service is briefly unavailable, try again in a minute."
_FLAG = "_actionplan_db_unavailable"
log = logging.getLogger("actionplan.dberrors")


def unavailable_response() -> HttpResponse:
    try:
        body = render_to_string("web/unavailable.html")
    except Exception:  # the page must come out whatever else is wrong
        body = f"<!DOCTYPE html><title>Service unavailable</title><h1>{MESSAGE}</h1>"
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _flag_database_errors(sender, request=None, **kwargs):
    error = sys.exc_info()[1]
    if request is not None and isinstance(error, DB_ERRORS):
        setattr(request, _FLAG, True)


got_request_exception.connect(_flag_database_errors, dispatch_uid="actionplan.dberrors")


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, _FLAG, False):
            return unavailable_response()
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, DB_ERRORS):
            log.warning("Database unavailable for %s %s: %s", request.method, request.path, exception)
            return unavailable_response()
        return None
