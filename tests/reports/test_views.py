import datetime as dt
import re

import pytest
from django.urls import reverse
from freezegun import freeze_time

from tests.conftest import make_user
from tests.exports.history import FEB_NOTE, MARCH_NOTE

pytestmark = pytest.mark.django_db
PAGES = ["plan_report", "plan_dashboard", "plan_changes", "plan_export"]


@pytest.mark.parametrize("name", PAGES)
def test_signed_in_reader_gets_the_page(alice_client, seed_plan, name):
    assert alice_client.get(reverse(name, args=[seed_plan.id])).status_code == 200


@pytest.mark.parametrize("name", PAGES)
def test_another_plan_id_is_not_found(alice_client, seed_plan, name):
    assert alice_client.get(reverse(name, args=[seed_plan.id + 1000])).status_code == 404


@pytest.mark.parametrize("name", PAGES)
def test_someone_without_a_role_on_the_plan_gets_not_found(client, seed_plan, name):
    client.force_login(make_user("nobody"))
    assert client.get(reverse(name, args=[seed_plan.id])).status_code == 404


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_visitor_is_sent_to_sign_in(client, seed_plan, name):
    response = client.get(reverse(name, args=[seed_plan.id]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    "fmt, content_type",
    [("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
     ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
     ("pdf", "application/pdf"), ("csv", "text/csv; charset=utf-8"), ("json", "application/json")],
)  # fmt: skip
def test_download_in_every_format_as_at_a_date(alice_client, history_plan, fmt, content_type):
    url = reverse("plan_export", args=[history_plan.id])
    response = alice_client.get(url, {"format": fmt, "as_at": "2018-02-28"})
    assert response.status_code == 200 and response["Content-Type"] == content_type
    stem = "southwark-post-ofsted-single-inspection-framework-action-plan"
    assert response["Content-Disposition"] == f'attachment; filename="{stem}-as-at-2018-02-28.{fmt}"'
    if fmt in ("csv", "json"):
        body = response.content.decode("utf-8-sig")
        assert FEB_NOTE in body and MARCH_NOTE not in body


def test_download_of_an_unknown_format_or_bad_date_is_a_bad_request(alice_client, seed_plan):
    url = reverse("plan_export", args=[seed_plan.id])
    assert alice_client.get(url, {"format": "exe"}).status_code == 400
    assert alice_client.get(url, {"format": "pdf", "as_at": "31/02/2018"}).status_code == 400


def test_plan_page_links_to_reports_and_offers_the_download(alice_client, seed_plan):
    html = alice_client.get(reverse("plan", args=[seed_plan.id])).content.decode()
    for name in ("plan_report", "plan_dashboard", "plan_changes", "plan_export"):
        assert reverse(name, args=[seed_plan.id]) in html
    assert 'name="format"' in html and 'name="as_at"' in html


def test_report_shows_counts_overdue_slipping_changes_and_charts(alice_client, history_plan):
    url = reverse("plan_report", args=[history_plan.id])
    html = alice_client.get(url, {"as_at": "2018-05-01", "since": "2018-03-01"}).content.decode()
    assert re.search(r'data-report="overdue"', html) and 'data-action-ref="1.1"' in html
    assert 'data-report="slipping"' in html and "31 July 2018" in html
    assert MARCH_NOTE in html and FEB_NOTE not in html  # changes since 1 March only
    assert html.count('<img class="app-chart__image') == 3
    assert html.count("Figures for the chart:") == 3
    assert "<script" not in html.split("</main>")[0].split("<main")[1]  # no inline script in the page body


def test_report_defaults_to_today_and_the_last_30_days(alice_client, history_plan):
    with freeze_time("2018-04-10 12:00"):
        html = alice_client.get(reverse("plan_report", args=[history_plan.id])).content.decode()
    assert "What changed since 11 March 2018" in html and MARCH_NOTE in html


def test_report_with_a_bad_date_explains_it(alice_client, seed_plan):
    response = alice_client.get(reverse("plan_report", args=[seed_plan.id]), {"as_at": "not a date"})
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()


def test_changes_page_between_two_dates(alice_client, history_plan):
    url = reverse("plan_changes", args=[history_plan.id])
    html = alice_client.get(url, {"since": "2018-01-31", "until": "2018-02-28"}).content.decode()
    assert FEB_NOTE in html and MARCH_NOTE not in html
    assert 'data-changes="rag"' in html
    response = alice_client.get(url, {"since": "2018-03-01", "until": "2018-02-01"})
    assert response.status_code == 400


def test_dashboard_counts_by_rag_in_words(alice_client, history_plan):
    with freeze_time(dt.datetime(2018, 4, 1, 12)):
        html = alice_client.get(reverse("plan_dashboard", args=[history_plan.id])).content.decode()
    assert re.search(r'data-rag-count="green">\s*1 action<', html)
    assert re.search(r'data-rag-count="none">\s*15 actions<', html)
    assert "Blue (complete)" in html
