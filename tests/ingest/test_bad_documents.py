"""Bad documents for every reader: each is refused with one clear ReadError sentence and never any
other exception, and a damaged file gives no plan at all. Hypothesis mangles the sample documents
(cut short, bytes flipped, zip parts replaced or added) and only ReadError may come out."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actionplan.core.draft import validate
from actionplan.ingest import ReadError, containers, parse, zipsafe

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
DOCX = SAMPLES / "a-appendix.docx"
XLSX = SAMPLES / "c-tracker.xlsx"
CSV = SAMPLES / "e-semicolon-cp1252.csv"
PDF = SAMPLES / "c-tracker.pdf"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def refusal(data: bytes, filename: str) -> str:
    with pytest.raises(ReadError) as error:
        parse(data, filename)
    message = str(error.value)
    assert message.endswith(".") and "\n" not in message
    return message


def rezipped(source: bytes, replace: dict[str, bytes] | None = None, drop=(), add=None) -> bytes:
    """The zip with some parts replaced, dropped or added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename in drop:
                continue
            new.writestr(info.filename, (replace or {}).get(info.filename, old.read(info)))
        for name, data in (add or {}).items():
            new.writestr(name, data)
    return out.getvalue()


# Wrong kinds of file


@pytest.mark.parametrize(
    ("data", "name"),
    [(b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "plan.png"), (b"\x7fELF" + b"\x00" * 200, "plan.docx")],
    ids=["png", "program-named-docx"],
)
def test_a_file_that_is_no_document_is_refused(data, name):
    assert "not a document we can read" in refusal(data, name)


def test_a_zip_that_is_not_a_document_says_so():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("photos/board.jpg", b"\xff\xd8\xff" + b"0" * 100)
    assert refusal(out.getvalue(), "plan.zip") == containers.NOT_A_DOCUMENT


def test_an_opendocument_file_is_refused_with_what_to_do():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    assert refusal(out.getvalue(), "plan.odt") == containers.OPEN_DOCUMENT


@pytest.mark.parametrize(
    ("stream", "message"),
    [
        ("WordDocument", containers.OLD_WORD),
        ("Workbook", containers.OLD_EXCEL),
        ("Other", containers.OLD_OFFICE),
    ],
)
def test_old_office_files_are_refused_with_what_to_do(stream, message):
    data = OLE + b"\x00" * 500 + stream.encode("utf-16-le") + b"\x00" * 500
    assert refusal(data, "plan.doc") == message


def test_a_password_protected_office_document_is_refused_saying_so():
    data = OLE + b"\x00" * 500 + "EncryptionInfo".encode("utf-16-le") + "EncryptedPackage".encode("utf-16-le")
    assert refusal(data + b"\x00" * 500, "plan.docx") == (
        "This document is password-protected: save an unprotected copy and import that."
    )


# Damaged and cut short


@pytest.mark.parametrize("sample", [DOCX, XLSX, PDF], ids=lambda p: p.suffix)
def test_a_document_cut_short_is_reported_as_damaged(sample):
    data = sample.read_bytes()
    assert "damaged or incomplete" in refusal(data[: len(data) * 2 // 3], sample.name)


@pytest.mark.parametrize(
    ("sample", "part"),
    [(DOCX, "word/document.xml"), (XLSX, "xl/worksheets/sheet2.xml")],
    ids=["docx", "xlsx"],
)
def test_a_document_with_a_broken_part_is_reported_as_damaged(sample, part):
    data = rezipped(sample.read_bytes(), replace={part: b"<w:document><unclosed"})
    assert "damaged or incomplete" in refusal(data, sample.name)


def test_a_word_document_with_its_main_part_missing_is_not_read():
    data = rezipped(DOCX.read_bytes(), drop={"word/document.xml"})
    refusal(data, DOCX.name)


# Macros, zip bombs, size


@pytest.mark.parametrize(("sample", "kind"), [(DOCX, "Word"), (XLSX, "Excel")])
def test_macro_enabled_documents_are_refused(sample, kind):
    data = rezipped(
        sample.read_bytes(), add={f"{'word' if kind == 'Word' else 'xl'}/vbaProject.bin": b"\x00" * 64}
    )
    message = refusal(data, sample.name)
    assert "macros" in message and kind in message


def test_a_zip_bomb_inside_a_document_is_refused_before_it_is_unpacked():
    data = rezipped(DOCX.read_bytes(), add={"word/media/padding.bin": b"\x00" * (5 * 1024 * 1024)})
    assert refusal(data, DOCX.name) == zipsafe.BOMB


def test_a_document_that_would_unpack_past_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(zipsafe, "MAX_UNZIPPED_BYTES", 10_000)
    assert refusal(XLSX.read_bytes(), XLSX.name) == zipsafe.BOMB


@override_settings(UPLOAD_MAX_BYTES=1000)
def test_a_file_over_the_configured_size_limit_is_refused_before_it_is_read():
    assert "larger than the 1 KB" in refusal(CSV.read_bytes() * 2, CSV.name)


def test_the_size_limit_is_the_upload_setting_or_20_mb():
    from actionplan.ingest import max_bytes

    with override_settings(UPLOAD_MAX_BYTES=5 * 1024 * 1024):
        assert max_bytes() == 5 * 1024 * 1024
    assert max_bytes() == 20 * 1024 * 1024


# Whatever arrives, only ReadError comes out

RELAXED = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))


def assert_reads_or_refuses_clearly(data: bytes, filename: str) -> None:
    try:
        result = parse(data, filename)
    except ReadError as error:
        message = str(error)
        assert message and message.endswith(".") and "\n" not in message
    else:
        validate(result.draft.to_dict())


def flipped(data: bytes, positions: list[int], values: list[int]) -> bytes:
    mangled = bytearray(data)
    for position, value in zip(positions, values, strict=False):
        mangled[position % len(mangled)] = value
    return bytes(mangled)


@pytest.mark.parametrize("sample", [DOCX, XLSX, CSV, PDF], ids=lambda p: p.suffix)
@RELAXED
@given(cut=st.floats(0, 1))
def test_documents_cut_anywhere_raise_nothing_but_read_error(sample, cut):
    data = sample.read_bytes()
    assert_reads_or_refuses_clearly(data[: int(len(data) * cut)], sample.name)


@pytest.mark.parametrize("sample", [DOCX, XLSX, CSV, PDF], ids=lambda p: p.suffix)
@RELAXED
@given(
    positions=st.lists(st.integers(0, 10**7), min_size=1, max_size=12),
    values=st.lists(st.integers(0, 255), min_size=1, max_size=12),
)
def test_documents_with_bytes_flipped_raise_nothing_but_read_error(sample, positions, values):
    assert_reads_or_refuses_clearly(flipped(sample.read_bytes(), positions, values), sample.name)


XMLISH = st.lists(
    st.sampled_from(
        ["<w:tbl>", "</w:tbl>", "<w:tr>", "<w:tc>", "<w:p>", "<w:t>", "Recommendation", "Action", "RAG",
         '<w:vMerge w:val="restart"/>', '<w:gridSpan w:val="999"/>', '<w:shd w:fill="FF0000"/>', "<row>",
         '<c r="A1" t="s"><v>0</v></c>', "<mergeCell ref=\"A1:Z99999\"/>", "&amp;", "&#0;", "\x00", "é"]
    ),
    max_size=60,
).map("".join)  # fmt: skip


@pytest.mark.parametrize("sample", [DOCX, XLSX], ids=lambda p: p.suffix)
@RELAXED
@given(data=st.data())
def test_documents_with_parts_replaced_or_added_raise_nothing_but_read_error(sample, data):
    source = sample.read_bytes()
    with zipfile.ZipFile(io.BytesIO(source)) as archive:
        names = archive.namelist()
    part = data.draw(st.sampled_from(names))
    content = data.draw(st.one_of(st.binary(max_size=300), XMLISH.map(str.encode)))
    how = data.draw(st.sampled_from(["replace", "drop", "add"]))
    if how == "replace":
        mangled = rezipped(source, replace={part: content})
    elif how == "drop":
        mangled = rezipped(source, drop={part})
    else:
        mangled = rezipped(
            source, add={data.draw(st.sampled_from(["word/extra.xml", "xl/x.bin", "a"])): content}
        )
    assert_reads_or_refuses_clearly(mangled, sample.name)


@RELAXED
@given(
    members=st.dictionaries(
        st.sampled_from(["[Content_Types].xml", "word/document.xml", "xl/workbook.xml", "_rels/.rels",
                         "xl/worksheets/sheet1.xml", "word/styles.xml", "docProps/core.xml"]),
        st.one_of(st.binary(max_size=200), XMLISH.map(str.encode)),
        max_size=6,
    ),
    name=st.sampled_from(["plan.docx", "plan.xlsx", "plan"]),
)  # fmt: skip
def test_random_zips_of_office_parts_raise_nothing_but_read_error(members, name):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for member, content in members.items():
            archive.writestr(member, content)
    assert_reads_or_refuses_clearly(out.getvalue(), name)
