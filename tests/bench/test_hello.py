"""The benchmark's floor, /bench/hello: routed by the bench's URLs only, never by the product's."""

import pytest
from django.urls import Resolver404, resolve

pytestmark = pytest.mark.django_db


@pytest.mark.urls("bench.urls")
def test_the_hello_view_needs_no_sign_in_and_no_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/bench/hello")
    assert response.status_code == 200 and response.content == b"hello"


def test_the_product_does_not_route_bench_hello():
    with pytest.raises(Resolver404):
        resolve("/bench/hello")
