"""The Word features python-docx has no API for, set directly in the XML: repeated header rows,
vertical merges, cell fills, fields (page numbers) and paragraphs written straight into a cell."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.text.paragraph import Paragraph

A4_LONG, A4_SHORT = Mm(297), Mm(210)


def landscape(section) -> None:
    from docx.enum.section import WD_ORIENT

    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = A4_LONG, A4_SHORT
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))


def repeat_as_header(row) -> None:
    """Word repeats this row at the top of every page the table runs onto."""
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def cant_split(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))


def vertical_merge(cell, first: bool) -> None:
    """Merge a column's cells downwards: the first says "restart", the ones below continue it."""
    merge = OxmlElement("w:vMerge")
    if first:
        merge.set(qn("w:val"), "restart")
    cell._tc.get_or_add_tcPr().append(merge)


def fill(cell, hex_colour: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), hex_colour)
    cell._tc.get_or_add_tcPr().append(shading)


def add_field(paragraph, instruction: str, placeholder: str = "1") -> None:
    """A simple field ("PAGE", "NUMPAGES") Word fills in when it lays the pages out."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {instruction} ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = placeholder
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def cell_paragraphs(cell, items: list[tuple[str | None, str]]) -> None:
    """Fill a cell with (style id, text) paragraphs, reusing the empty paragraph every cell starts
    with. Newlines inside one text become line breaks, so one note stays one paragraph."""
    first = cell.paragraphs[0]
    for i, (style_id, text) in enumerate(items):
        paragraph = first if i == 0 else cell.add_paragraph()
        set_style(paragraph, style_id)
        _add_text(paragraph, text)


def set_style(paragraph, style_id: str | None) -> None:
    """By style id, straight into the XML: python-docx's lookup by name scans every style each
    time, which made a 500-action paper take seconds."""
    if style_id:
        paragraph._p.style = style_id


def style_id(doc, name: str) -> str:
    return doc.styles[name].style_id


def _add_text(paragraph: Paragraph, text: str) -> None:
    run = paragraph.add_run()
    for i, line in enumerate(text.split("\n")):
        if i:
            run.add_break()
        run.add_text(line)


def row_cells(row) -> list:
    """The row's own <w:tc> cells: python-docx's row.cells would hand back the cell above for a
    continued vertical merge, and walks the whole table to do it."""
    from docx.table import _Cell

    return [_Cell(tc, row.table) for tc in row._tr.tc_lst]
