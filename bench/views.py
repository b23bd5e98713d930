"""The bare view the benchmark measures every page against: no sign-in, no database, no template.
Its latency is the floor the server itself costs (gunicorn, the middleware), so a page's latency is
reported as a ratio to it. Routed only by bench/urls.py, for the bench's own server."""

from django.http import HttpResponse
from django.views.decorators.http import require_GET


@require_GET
def hello(request):
    return HttpResponse("hello", content_type="text/plain")
