import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from actionplan.plans.uploads import UploadRejected, attachment_response, check_upload, safe_filename

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def office(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = office({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX = office({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.mark.parametrize(
    "name, content, kind",
    [("report.pdf", PDF, "pdf"), ("minutes.docx", DOCX, "docx"), ("tracker.xlsx", XLSX, "xlsx"),
     ("chart.png", PNG, "png"), ("photo.jpg", JPEG, "jpeg"), ("figures.csv", b"a,b\n1,2\n", "csv"),
     ("notes.txt", "Café opened – £5\n".encode(), "txt"), ("no-extension", PDF, "pdf")],
)  # fmt: skip
def test_kind_is_decided_by_content(name, content, kind):
    checked = check_upload(upload(name, content), {"pdf", "docx", "xlsx", "png", "jpeg", "csv", "txt"})
    assert checked.kind == kind
    assert checked.safe_name.endswith("." + {"jpeg": "jpg"}.get(kind, kind))


def test_a_file_whose_name_lies_is_refused():
    with pytest.raises(UploadRejected, match="named as a PDF but is a PNG"):
        check_upload(upload("evidence.pdf", PNG), {"pdf", "png"})


def test_html_renamed_as_pdf_is_not_a_pdf():
    with pytest.raises(UploadRejected, match="must be a PDF"):
        check_upload(upload("evidence.pdf", b"<html><script>alert(1)</script></html>"), {"pdf"})


def test_a_kind_not_allowed_is_refused():
    with pytest.raises(UploadRejected, match="must be a Word document or PDF"):
        check_upload(upload("chart.png", PNG), {"pdf", "docx"})


def test_binary_junk_is_not_text():
    with pytest.raises(UploadRejected):
        check_upload(upload("data.txt", b"\x00\x01\x02\xff" * 100), {"txt", "csv"})


def test_text_stands_for_both_text_kinds():
    assert check_upload(upload("log.txt", b"hello\n"), {"pdf", "text"}).kind == "txt"


@override_settings(UPLOAD_MAX_BYTES=1000)
def test_too_large_is_refused():
    with pytest.raises(UploadRejected, match="smaller than"):
        check_upload(upload("big.pdf", PDF + b"0" * 2000), {"pdf"})


def test_empty_is_refused():
    with pytest.raises(UploadRejected, match="empty"):
        check_upload(upload("empty.pdf", b""), {"pdf"})


@override_settings(UPLOAD_MAX_BYTES=1_000_000)
def test_a_zip_bomb_dressed_as_a_word_document_is_refused():
    bomb = office({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"\x00" * 50_000_000})
    assert len(bomb) < 1_000_000
    with pytest.raises(UploadRejected, match="unpacks to far more"):
        check_upload(upload("bomb.docx", bomb), {"docx"})


def test_macro_enabled_documents_are_refused():
    docm = office(
        {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>", "word/vbaProject.bin": b"x"}
    )
    with pytest.raises(UploadRejected):
        check_upload(upload("macro.docx", docm), {"docx"})


def test_a_plain_zip_is_not_an_office_document():
    with pytest.raises(UploadRejected):
        check_upload(upload("archive.docx", office({"a.txt": b"x"})), {"docx"})


def test_safe_filename_drops_folders_and_odd_characters():
    assert safe_filename("../../etc/pass<wd>.pdf", "pdf") == "pass_wd.pdf"
    assert safe_filename("C:\\Users\\me\\Q1 report.PDF", "pdf") == "Q1 report.pdf"
    assert safe_filename("", "png") == "file.png"


def test_files_are_served_as_downloads_never_inline(tmp_path):
    path = tmp_path / "page.txt"
    path.write_bytes(b"<html><script>alert(1)</script></html>")
    response = attachment_response(path, "page.html", kind="txt")
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "text/plain"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    response.close()


def test_unknown_kind_is_served_as_octet_stream(tmp_path):
    path = tmp_path / "x.bin"
    path.write_bytes(b"data")
    response = attachment_response(path, "x.bin")
    assert response["Content-Type"] == "application/octet-stream"
    response.close()
