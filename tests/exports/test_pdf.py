"""The PDF paper: landscape, tagged, the header row repeated on every appendix page, page numbers."""

import datetime as dt
import io

import pdfplumber
import pytest

from actionplan.exports import export

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def pdf_bytes(django_db_setup, django_db_blocker, request):
    from actionplan.core.draft import PlanDraft
    from actionplan.plans.models import Plan
    from tests.conftest import SEED_EXPECTED
    from tests.exports.history import plan_with_history

    # One PDF for the module: WeasyPrint takes a second or two per paper.
    with django_db_blocker.unblock():
        import json

        from django.contrib.auth import get_user_model

        user = get_user_model().objects.create_user("pdf-maker", first_name="Mary", last_name="Okafor")
        plan = plan_with_history(PlanDraft.from_dict(json.loads(SEED_EXPECTED.read_text())), user)
        data = export(plan, "pdf", dt.date(2018, 4, 1))
        Plan.objects.filter(pk=plan.pk).delete()
        user.delete()
    return data


def test_pages_are_landscape(pdf_bytes):
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        assert all(page.width > page.height for page in pdf.pages)


def test_pdf_is_tagged_for_screen_readers(pdf_bytes):
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        catalog = pdf.doc.catalog
        assert "StructTreeRoot" in catalog and catalog["MarkInfo"]["Marked"] is True
        assert catalog["Lang"] == b"en-GB"


def test_every_page_has_title_as_at_and_page_number(pdf_bytes):
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        total = len(pdf.pages)
        for number, page in enumerate(pdf.pages, start=1):
            text = page.extract_text()
            assert "Position as at 1 April 2018" in text
            assert f"Page {number} of {total}" in text


def test_header_row_is_repeated_on_every_appendix_page(pdf_bytes):
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        texts = [page.extract_text() for page in pdf.pages]
    first = next(i for i, text in enumerate(texts) if "Appendix: the action plan" in text)
    appendix = texts[first:]
    assert len(appendix) >= 2
    for text in appendix:
        assert "Key points to note" in text and "Lead officer(s)" in text


def test_report_comes_first_with_its_charts(pdf_bytes):
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        first = pdf.pages[0].extract_text()
        assert "Board report" in first and "RAG ratings by recommendation" in first
        text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "Figures for the chart: RAG ratings at the end of each month" in text
    assert text.index("Board report") < text.index("Appendix: the action plan")
