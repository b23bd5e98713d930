"""The PDF reader: ruled tables over pages, page furniture, rows cut by a page break, RAG by fill
colour, the title, scans, passwords, damaged files and the page limit."""

from __future__ import annotations

import base64
import io

import pytest
from PIL import Image

from actionplan.core.draft import ActionDraft, Due, PlanDraft, RecommendationDraft
from actionplan.ingest import ReadError, parse, pdf_reader
from bench.synthetic import html_to_pdf_bytes, make_plan_draft, plan_html


def small_plan() -> PlanDraft:
    return PlanDraft(
        title="Eastwick Council SEND Written Statement of Action",
        recommendations=[
            RecommendationDraft(
                "1",
                "Improve the timeliness of EHC plans.",
                [
                    ActionDraft(
                        "Recruit coordinators, including:\n- Two for the east\n- Two for the west",
                        ["Sarah Whitfield", "Tom Ashworth"],
                        Due("April 2024", "2024-04-30"),
                        "green",
                        ["Four coordinators in post.", "Backlog down to 64."],
                    ),
                    ActionDraft(
                        "Set up a quality panel", ["Head of SEND"], Due("Ongoing", None), "amber", []
                    ),
                ],
            ),
            RecommendationDraft(
                "2",
                "Improve communication with parents.",
                [
                    ActionDraft(
                        "Relaunch the Local Offer", ["Priya Chandra"], Due("Q1 2024/25", "2024-06-30"), "red"
                    )
                ],
            ),
        ],
    )


def test_a_ruled_table_with_rag_by_fill_alone_is_read_field_for_field():
    plan = small_plan()
    result = parse(html_to_pdf_bytes(plan_html(plan, rag_words=False)), "plan.pdf")
    assert result.reader == "pdf"
    assert result.draft.to_dict() == plan.to_dict()
    assert result.warnings == []


def test_rows_cut_by_page_breaks_are_joined_and_repeated_headers_dropped():
    plan = make_plan_draft(6, 4, seed=11)
    data = html_to_pdf_bytes(plan_html(plan))
    assert pdf_reader._read_pages(data, {}).continued, "the sample should cut a row at a page break"
    assert parse(data, "plan.pdf").draft.to_dict() == plan.to_dict()


def test_a_mapping_says_what_a_column_holds():
    data = html_to_pdf_bytes(plan_html(small_plan()))
    result = parse(data, "plan.pdf", {"Lead officer": "notes"})
    first = result.draft.recommendations[0].actions[0]
    assert first.leads == [] and first.notes[:2] == ["Sarah Whitfield", "Tom Ashworth"]


def test_a_scan_with_no_text_layer_is_refused_with_advice_to_ocr_it():
    page = Image.new("RGB", (800, 600), "white")
    out = io.BytesIO()
    page.save(out, "PDF")
    with pytest.raises(ReadError) as error:
        parse(out.getvalue(), "scan.pdf")
    assert str(error.value) == (
        "This PDF has no text layer (it looks like a scan): run it through OCR first, then import it."
    )


def test_a_pdf_of_prose_without_a_ruled_table_says_so():
    data = html_to_pdf_bytes("<p>Minutes of the Improvement Board. Nothing was agreed.</p>")
    with pytest.raises(ReadError, match="No action plan table was found in the PDF"):
        parse(data, "minutes.pdf")


def test_a_truncated_pdf_is_reported_as_damaged():
    data = html_to_pdf_bytes(plan_html(small_plan()))
    with pytest.raises(ReadError, match="damaged or incomplete"):
        parse(data[: len(data) // 2], "plan.pdf")


def encrypted_pdf() -> bytes:
    """A PDF whose user password is not empty (Standard security handler, RC4 40-bit)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -4 >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R /ID [<%s><%s>] >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, b"ab" * 16, b"ab" * 16, xref)
    )
    return out.getvalue()


def test_a_password_protected_pdf_is_refused_saying_so():
    with pytest.raises(ReadError, match="This PDF is password-protected"):
        parse(encrypted_pdf(), "plan.pdf")


def test_the_page_limit_is_a_clear_read_error(monkeypatch):
    monkeypatch.setattr(pdf_reader, "MAX_PAGES", 2)
    data = html_to_pdf_bytes(plan_html(make_plan_draft(6, 4, seed=11)))
    with pytest.raises(ReadError, match="more than 2 pages"):
        parse(data, "plan.pdf")


def test_the_title_is_the_largest_text_above_the_table_not_the_running_header():
    result = parse(html_to_pdf_bytes(plan_html(small_plan())), "plan.pdf")
    assert result.draft.title == "Eastwick Council SEND Written Statement of Action"


def test_a_scan_with_only_page_numbers_as_text_is_still_a_scan():
    image = io.BytesIO()
    Image.new("RGB", (40, 40), "grey").save(image, "PNG")
    picture = base64.b64encode(image.getvalue()).decode()
    page = html_to_pdf_bytes(f'<img src="data:image/png;base64,{picture}" style="width:180mm"><p>Page 1</p>')
    with pytest.raises(ReadError, match="no text layer"):
        parse(page, "scan.pdf")
