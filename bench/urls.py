"""The product's URLs plus the benchmark's floor, /bench/hello. Only the bench's server uses this
(bench/settings.py); the product never routes /bench/hello."""

from django.urls import path

from actionplan.urls import urlpatterns as product_urlpatterns
from bench.views import hello

urlpatterns = [path("bench/hello", hello, name="bench_hello"), *product_urlpatterns]
