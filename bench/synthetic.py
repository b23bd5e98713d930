"""Synthetic action plans and the documents that hold them, for tests and benchmarks.

`make_plan_draft(n_recs, n_actions_per_rec, seed)` makes a realistic plan (children's services,
SEND, CQC; UK names and posts; timetables as people write them), the same for the same arguments.
`draft_to_pdf_bytes`, `draft_to_docx_bytes` and `draft_to_xlsx_bytes` write it in the seed's
six-column layout (recommendation merged down over its actions, one lead per paragraph, notes as
bullets, RAG as a word on a coloured cell), simply and without Django, so a benchmark can time the
readers on a document of any length: 102 recommendations of 4 actions make 60 A4 landscape pages
(`sixty_page_pdf()`).
"""

from __future__ import annotations

import html
import io
import random
from datetime import date

from actionplan.core.dates import parse_due
from actionplan.core.draft import ActionDraft, Due, PlanDraft, RecommendationDraft

HEADERS = ("Recommendation", "Action", "Lead officer", "Timetable end date", "RAG", "Key points to note")
RAG_FILLS = {"red": "FF0000", "amber": "FFC000", "green": "00B050", "blue": "00B0F0"}
RAG_WORDS = {"red": "Red", "amber": "Amber", "green": "Green", "blue": "Complete"}

COUNCILS = ("Northshire County Council", "Riverside Borough Council", "Eastwick Metropolitan Borough Council")
INSPECTIONS = (
    "Ofsted ILACS Inspection Action Plan",
    "SEND Written Statement of Action",
    "CQC Local Authority Assessment Improvement Plan",
)
PEOPLE = (
    "Sarah Whitfield", "David Okonkwo", "Priya Chandra", "Gareth Llewellyn", "Fiona MacLeod",
    "Tom Ashworth", "Aisha Rahman", "Helen Brierley", "Marcus Bennett", "Joanne Pilkington",
    "Rhys Morgan", "Kathryn O'Neill", "Bernadette Clarke", "Imran Hussain", "Lucy Featherstone",
)  # fmt: skip
POSTS = (
    "Director of Children's Services", "Head of Safeguarding", "Principal Social Worker",
    "Head of SEND", "Designated Clinical Officer", "Virtual School Head", "Head of Early Help",
    "Service Manager for Children in Care", "Head of Quality Assurance",
)  # fmt: skip
AIMS = (
    "Ensure that {subject} {verb} so that {outcome}.",
    "Improve the quality and timeliness of {subject}, so that {outcome}.",
    "Strengthen management oversight of {subject} so that {outcome}.",
)
SUBJECTS = (
    "assessments of children in need", "education, health and care plans", "strategy discussions",
    "return home interviews for children who go missing", "pathway plans for care leavers",
    "supervision of social workers", "annual reviews of EHC plans", "transition planning at 14+",
    "placement sufficiency planning", "the local offer for children with SEND",
    "multi-agency referrals to the front door", "permanence planning for children in care",
)  # fmt: skip
VERBS = (
    "are completed within timescales", "reflect the child's voice", "are reviewed by managers",
    "involve all relevant agencies", "are co-produced with parents and carers",
)  # fmt: skip
OUTCOMES = (
    "children receive the right help at the right time",
    "families experience a consistent service",
    "risks are identified and acted upon quickly",
    "young people are well prepared for adulthood",
    "leaders know the quality of practice",
)  # fmt: skip
ACTIONS = (
    "Review and relaunch {thing} with clear expectations for practitioners",
    "Commission an independent audit of {thing} and report findings to the Improvement Board",
    "Deliver a programme of training on {thing} for all team managers",
    "Introduce a monthly performance clinic on {thing}",
    "Co-produce revised guidance on {thing} with the Parent Carer Forum",
    "Embed {thing} within the Quality Assurance Framework",
)  # fmt: skip
THINGS = (
    "the supervision policy", "EHC needs assessments", "the MASH threshold document", "life story work",
    "the Children in Care Council feedback loop", "the neglect toolkit", "the SEND graduated approach",
    "the Preparing for Adulthood pathway", "the missing children protocol", "the CQC Single Assessment",
)  # fmt: skip
STEPS = (
    "Agree terms of reference with partners",
    "Publish revised practice standards on the intranet",
    "Hold briefing sessions for each locality team",
    "Add compliance measures to the monthly scorecard",
    "Test the changes through a dip sample of 20 cases",
)  # fmt: skip
NOTES = (
    "Terms of reference agreed at the Improvement Board in {month}.",
    "{count} practitioners attended the first training sessions; feedback was positive.",
    "Audit of {count} cases completed; findings shared with service managers.",
    "Draft guidance consulted on with the Parent Carer Forum, final version due in {month}.",
    "Performance has improved from {low}% to {high}% within timescale.",
    "Recruitment to the new post is under way, interviews scheduled for {month}.",
    "Slippage due to staffing pressures in the locality teams; recovery plan agreed.",
)  # fmt: skip
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")  # fmt: skip


def make_plan_draft(n_recs: int = 10, n_actions_per_rec: int = 3, seed: int = 0) -> PlanDraft:
    """A plan of `n_recs` recommendations with `n_actions_per_rec` actions each, fixed by `seed`."""
    rng = random.Random(seed)
    year = rng.choice((2018, 2022, 2023, 2024))
    title = f"{rng.choice(COUNCILS)} {rng.choice(INSPECTIONS)} {rng.choice(MONTHS)} {year}"
    recommendations = []
    for number in range(1, n_recs + 1):
        text = rng.choice(AIMS).format(
            subject=rng.choice(SUBJECTS), verb=rng.choice(VERBS), outcome=rng.choice(OUTCOMES)
        )
        actions = [_action(rng, year) for _ in range(n_actions_per_rec)]
        recommendations.append(RecommendationDraft(number=str(number), text=text, actions=actions))
    return PlanDraft(title=title, recommendations=recommendations)


def _action(rng: random.Random, year: int) -> ActionDraft:
    text = rng.choice(ACTIONS).format(thing=rng.choice(THINGS))
    if rng.random() < 0.3:
        text += ", including:\n" + "\n".join(f"- {step}" for step in rng.sample(STEPS, rng.randint(2, 3)))
    leads = rng.sample(PEOPLE, rng.randint(1, 2)) if rng.random() < 0.75 else [rng.choice(POSTS)]
    due_text = _due_text(rng, year)
    notes = [
        rng.choice(NOTES).format(
            month=rng.choice(MONTHS),
            count=rng.randint(8, 60),
            low=rng.randint(40, 60),
            high=rng.randint(61, 95),
        )
        for _ in range(rng.randint(0, 3))
    ]
    rag = rng.choice(("red", "amber", "amber", "green", "green", "green", "blue", None))
    return ActionDraft(text=text, leads=leads, due=Due(due_text, parse_due(due_text)), rag=rag, notes=notes)


def _due_text(rng: random.Random, year: int) -> str:
    kind = rng.random()
    if kind < 0.55:
        return f"{rng.choice(MONTHS)} {year + rng.randint(0, 1)}"
    if kind < 0.75:
        quarter = rng.randint(1, 4)
        return f"Q{quarter} {year}/{(year + 1) % 100:02d}"
    if kind < 0.9:
        day = date(year, rng.randint(1, 12), rng.randint(1, 28))
        return day.strftime("%d/%m/%Y")
    return rng.choice(("Ongoing", "Spring 2024", "TBC"))


# --------------------------------------------------------------------------------------------------
# Writers: the six-column appendix


def _blocks(text: str) -> list[tuple[bool, str]]:
    """(is list item, text) per line of structured text."""
    found = []
    for line in (text or "").splitlines():
        line = line.strip()
        if line.startswith("- "):
            found.append((True, line[2:].strip()))
        elif line:
            found.append((False, line))
    return found


def _rec_label(rec: RecommendationDraft) -> str:
    return f"{rec.number}. {rec.text}" if rec.number else rec.text


def plan_html(draft: PlanDraft, *, rag_words: bool = True) -> str:
    """The plan as an HTML page laid out for print: title, then the table with its header repeated on
    each page and rows allowed to break across pages, as Word prints a long table."""
    e = html.escape
    rows = []
    for rec in draft.recommendations:
        for index, action in enumerate(rec.actions):
            cells = []
            # The recommendation in its first row, the cells below it open at the top: it reads as one
            # merged cell, and a row cut by a page break carries its part of the text with it.
            if index == 0:
                cells.append(f'<td class="rec">{e(_rec_label(rec))}</td>')
            else:
                cells.append('<td class="rec more"></td>')
            cells.append(f"<td>{_html_blocks(action.text)}</td>")
            cells.append("<td>" + "".join(f"<p>{e(lead)}</p>" for lead in action.leads) + "</td>")
            cells.append(f"<td>{e(action.due.text)}</td>")
            fill = f' style="background:#{RAG_FILLS[action.rag]}"' if action.rag else ""
            word = e(RAG_WORDS[action.rag]) if action.rag and rag_words else ""
            cells.append(f"<td{fill}>{word}</td>")
            notes = "".join(f"<li>{e(note)}</li>" for note in action.notes)
            cells.append(f"<td>{'<ul>' + notes + '</ul>' if notes else ''}</td>")
            rows.append("<tr>" + "".join(cells) + "</tr>")
    head = "".join(f"<th>{e(h)}</th>" for h in HEADERS)
    return PRINT_PAGE.format(
        title=e(draft.title), running=e(draft.title), head=head, body="\n".join(rows), widths=_COLGROUP
    )


_COLGROUP = "".join(f'<col style="width:{w}%">' for w in (20, 26, 12, 10, 6, 26))
PRINT_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title><style>
@page {{ size: A4 landscape; margin: 18mm 12mm 16mm 12mm;
  @top-right {{ content: "{running}"; font: 7pt Arial, sans-serif; color: #555; }}
  @bottom-center {{ content: "Page " counter(page) " of " counter(pages); font: 8pt Arial, sans-serif; }} }}
body {{ font: 9pt/1.25 Arial, Helvetica, sans-serif; }}
h1 {{ font-size: 15pt; margin: 0 0 8pt; }}
table {{ border-collapse: collapse; width: 100%; table-layout: fixed; }}
th, td {{ border: 0.6pt solid #000; padding: 3pt 4pt 0 4pt; vertical-align: top; text-align: left;
  orphans: 1; widows: 1; }}
th {{ background: #D9D9D9; }}
td.rec {{ border-bottom: none; }} td.more {{ border-top: none; }}
thead {{ display: table-header-group; }}
p {{ margin: 0 0 4pt; }} ul {{ margin: 0 0 4pt; padding-left: 11pt; }} li {{ margin: 0 0 4pt; }}
</style></head><body><h1>{title}</h1>
<table><colgroup>{widths}</colgroup><thead><tr>{head}</tr></thead><tbody>
{body}
</tbody></table></body></html>"""


def _html_blocks(text: str) -> str:
    out, items = [], []
    for is_item, line in _blocks(text):
        if is_item:
            items.append(f"<li>{html.escape(line)}</li>")
            continue
        if items:
            out.append("<ul>" + "".join(items) + "</ul>")
            items = []
        out.append(f"<p>{html.escape(line)}</p>")
    if items:
        out.append("<ul>" + "".join(items) + "</ul>")
    return "".join(out)


def html_to_pdf_bytes(page: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=page).write_pdf()


def draft_to_pdf_bytes(draft: PlanDraft) -> bytes:
    return html_to_pdf_bytes(plan_html(draft))


def sixty_page_pdf(seed: int = 7) -> bytes:
    """The benchmark document: a 60-page plan PDF (408 actions), its rows cut by page breaks."""
    return draft_to_pdf_bytes(make_plan_draft(102, 4, seed))


def draft_to_docx_bytes(draft: PlanDraft) -> bytes:
    from docx import Document
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin = section.right_margin = Mm(15)
    document.styles["Normal"].font.size = Pt(9)
    document.add_paragraph(draft.title, style="Title")
    table = document.add_table(rows=1, cols=len(HEADERS))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, HEADERS, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    docx_repeat_header(table.rows[0])
    for rec in draft.recommendations:
        first_row = None
        for index, action in enumerate(rec.actions):
            cells = table.add_row().cells
            if index == 0:
                first_row = cells
                docx_paragraphs(cells[0], [(False, _rec_label(rec))])
            docx_paragraphs(cells[1], _blocks(action.text))
            docx_paragraphs(cells[2], [(False, lead) for lead in action.leads])
            docx_paragraphs(cells[3], [(False, action.due.text)] if action.due.text else [])
            if action.rag:
                docx_fill(cells[4], RAG_FILLS[action.rag])
                docx_paragraphs(cells[4], [(False, RAG_WORDS[action.rag])])
            docx_paragraphs(cells[5], [(True, note) for note in action.notes])
        if first_row is not None and len(rec.actions) > 1:
            first_row[0].merge(table.rows[len(table.rows) - 1].cells[0])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_paragraphs(cell, blocks: list[tuple[bool, str]]) -> None:
    """Fill a cell: list items in the "List Bullet" style, other lines as plain paragraphs."""
    for index, (is_item, text) in enumerate(blocks):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        if is_item:
            paragraph.style = "List Bullet"
        paragraph.add_run(text)


def docx_fill(cell, hex_colour: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), hex_colour)
    cell._tc.get_or_add_tcPr().append(shading)


def docx_repeat_header(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


def draft_to_xlsx_bytes(draft: PlanDraft) -> bytes:
    """One row per action; the recommendation merged down over its actions; due dates as real dates
    where the timetable names one; RAG as a word on its fill colour."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    book = Workbook()
    sheet = book.active
    sheet.title = "Action plan"
    sheet.append([draft.title])
    sheet.append(list(HEADERS))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for rec in draft.recommendations:
        first = sheet.max_row + 1
        for index, action in enumerate(rec.actions):
            due = date.fromisoformat(action.due.date) if action.due.date else action.due.text
            sheet.append(
                [
                    _rec_label(rec) if index == 0 else None,
                    action.text,
                    "\n".join(action.leads),
                    due,
                    RAG_WORDS[action.rag] if action.rag else None,
                    "\n".join(f"• {note}" for note in action.notes),
                ]
            )
            row = sheet.max_row
            if action.due.date:
                sheet.cell(row=row, column=4).number_format = "dd/mm/yyyy"
            if action.rag:
                colour = RAG_FILLS[action.rag]
                sheet.cell(row=row, column=5).fill = PatternFill(
                    "solid", start_color=colour, end_color=colour
                )
        if len(rec.actions) > 1:
            sheet.merge_cells(start_row=first, start_column=1, end_row=sheet.max_row, end_column=1)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
