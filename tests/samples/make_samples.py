"""Write the sample plan documents in tests/samples/ and the actionplan/1 JSON each must parse to.

    .venv/bin/python tests/samples/make_samples.py          # (re)writes every sample

The plans are written out here as data first; each document is then laid out from that data the way
councils' and trusts' documents are, and its `<name>.expected.json` is the same data as the document
shows it (an Excel date as Excel displays it, a CSV's RAG as the word it holds). The expected JSON
is never produced by the readers under test.

Layouts:
  a  the seed's six-column appendix: recommendation merged down over its actions, RAG by colour only
  b  "Recommendation N:" rows across the table, actions numbered 1.1, 1.2, an extra "Measures of
     success" column, RAG as a word
  c  an Excel tracker: one row per action, number and requirement on the first row of each group,
     real dates, RAG by fill, a "Status" column of words, a "Progress" column that holds the leads
  d  a long PDF: rows cut by page breaks, the header repeated on every page, running headers/footers
  e  a CSV saved by Excel in Windows-1252 with semicolons

PDFs of layouts a and b are made by LibreOffice from the Word samples (as people print Word to PDF)
when `soffice` is installed; otherwise, and for c and d, by WeasyPrint from HTML.
"""

from __future__ import annotations

import copy
import csv
import html
import io
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from actionplan.core.dates import parse_due  # noqa: E402
from actionplan.core.draft import ActionDraft, Due, PlanDraft, RecommendationDraft  # noqa: E402
from bench.synthetic import (  # noqa: E402
    docx_fill,
    docx_repeat_header,
    html_to_pdf_bytes,
    make_plan_draft,
    plan_html,
)

FILLS = {"red": "FF0000", "amber": "FFC000", "green": "00B050", "blue": "0070C0"}
ALT_FILLS = {"red": "C00000", "amber": "FFFF00", "green": "92D050", "blue": "00B0F0"}
WORDS = {"red": "Red", "amber": "Amber", "green": "Green", "blue": "Complete"}


def action(text, leads=(), due="", rag=None, notes=(), extra=None, when: date | None = None) -> ActionDraft:
    """An action; `when` is the real date a spreadsheet cell holds, where there is one."""
    made = ActionDraft(text=text, leads=list(leads), due=Due(due, parse_due(due)), rag=rag, notes=list(notes))
    made.extra = dict(extra or {})
    if when is not None:
        made.due = Due(due, when.isoformat())
    return made


def rec(number, text, *actions) -> RecommendationDraft:
    return RecommendationDraft(number=number, text=text, actions=list(actions))


# --------------------------------------------------------------------------------------------------
# The plans

PLAN_A = PlanDraft(
    title="Brackenshire County Council Post Ofsted ILACS Action Plan March 2024",
    recommendations=[
        rec(
            "1",
            "The quality and impact of management oversight and supervision of social work practice, "
            "including in the children in need service.",
            action(
                "Relaunch the supervision policy with a clear expectation of monthly reflective supervision, "
                "including:\n- Quarterly supervision audits by service managers\n"
                "- A supervision recording template on Liquidlogic",
                ["Sarah Whitfield", "Tom Ashworth"],
                "April 2024",
                "green",
                [
                    "Revised policy signed off by the Senior Leadership Team on 12 February.",
                    "First audit cycle scheduled for April 2024.",
                ],
            ),
            action(
                "Deliver management oversight training for all team managers and advanced practitioners.",
                ["Principal Social Worker"],
                "end of June 2024",
                "amber",
                ["Two of four cohorts trained; the remaining cohorts are booked for May and June."],
            ),
        ),
        rec(
            "2",
            "The timeliness and quality of assessments for disabled children, so that their needs are "
            "understood and met.",
            action(
                "Review the Disabled Children's Team assessment pathway with parents and carers.",
                ["Priya Chandra"],
                "Q1 2024/25",
                "red",
                [
                    "Review delayed by vacancies in the team; interim manager appointed from 4 March.",
                    "Parent Carer Forum workshop arranged for 18 April.",
                ],
            ),
            action(
                "Introduce weekly performance clinics on assessment timeliness.",
                ["Gareth Llewellyn", "Fiona MacLeod"],
                "Ongoing",
                "green",
                ["Clinics started in January; timeliness improved from 58% to 71%."],
            ),
        ),
        rec(
            "3",
            "The consistency of return home interviews for children who go missing, and the use of the "
            "information from them to reduce risk.",
            action(
                "Recommission the return home interview service with a 72-hour offer.",
                ["Head of Early Help"],
                "30/09/2024",
                "amber",
                ["Specification drafted with Thames Valley Police and the commissioning team."],
            ),
            action(
                "Share themes from return home interviews monthly with the Exploitation and Missing Panel.",
                ["Aisha Rahman"],
                "May 2024",
                "blue",
                [
                    "Monthly themes report in place since February.",
                    "The panel has used the reports to target two locations for disruption activity.",
                ],
            ),
            action(
                "Train social workers to use return home interview information in safety plans.",
                ["Aisha Rahman", "Marcus Bennett"],
                "Sept 2024",
                None,
                [],
            ),
        ),
        rec(
            "4",
            "Pathway plans for care leavers, so that they are specific, written with young people and "
            "reviewed when their circumstances change.",
            action(
                "Co-produce a new pathway plan template with the Children in Care Council.\n"
                "The template will be tested with ten young people before it is launched.",
                ["Helen Brierley"],
                "July 2024",
                "green",
                ["Three co-production sessions held; the draft template is with young people for comment."],
            ),
            action(
                "Audit all pathway plans of young people aged 17 and a half.",
                ["Head of Quality Assurance"],
                "Q2 2024/25",
                "amber",
                ["Audit tool agreed.", "Sample of 40 plans identified."],
            ),
        ),
        rec(
            "5",
            "The sufficiency of local placements for children in care, so that fewer children live a long "
            "way from home.",
            action(
                "Publish a refreshed Placement Sufficiency Strategy 2024 to 2027.",
                ["Imran Hussain"],
                "2024/25",
                "green",
                ["Consultation with providers closed on 29 February."],
            ),
            action(
                "Open two new in-house children's homes in partnership with Brackenshire Health.",
                ["Imran Hussain", "Bernadette Clarke"],
                "Phase 2 of the capital programme",
                "red",
                ["Planning permission for the second home refused; an alternative site is being assessed."],
            ),
        ),
        rec(
            "6",
            "The response to 16 and 17 year olds who present as homeless.",
            action(
                "Agree a joint housing and children's services protocol for homeless 16 and 17 year olds.",
                ["Kathryn O'Neill", "Rhys Morgan"],
                "December 2024",
                "amber",
                [
                    "Draft protocol discussed at the Corporate Parenting Board in March.",
                    "Legal review under way.",
                ],
            ),
        ),
    ],
)

PLAN_B = PlanDraft(
    title="Harlow Vale Local Area Partnership SEND Written Statement of Action Progress Report January 2024",
    recommendations=[
        rec(
            "1",
            "Leaders across education, health and care should improve the timeliness and quality of "
            "education, health and care (EHC) plans, so that children's needs are met without delay.",
            action(
                "1.1 Recruit four additional EHC plan coordinators and an educational psychologist to clear "
                "the backlog of needs assessments.",
                ["Head of SEND"],
                "September 2023",
                "blue",
                [
                    "All four coordinators in post from 1 September.",
                    "Backlog reduced from 212 to 64 assessments.",
                ],
                {
                    "Measures of success": [
                        "95% of new EHC plans issued within 20 weeks",
                        "No assessment older than 26 weeks",
                    ]
                },
            ),
            action(
                "1.2 Introduce a multi-agency quality assurance panel for draft EHC plans.",
                ["Designated Clinical Officer", "Principal Educational Psychologist"],
                "Q3 2023/24",
                "amber",
                [
                    "Panel meets fortnightly; health advice is still late in a third of cases.",
                    "Escalation route agreed with the Integrated Care Board.",
                ],
                {"Measures of success": ["80% of audited plans judged good or better"]},
            ),
        ),
        rec(
            "2",
            "The local area should jointly commission speech and language therapy so that children and "
            "young people can get the help they need when they need it.",
            action(
                "2.1 Complete a joint needs analysis of speech, language and communication needs.",
                ["Jo Pemberton", "Ravi Kapoor"],
                "November 2023",
                "green",
                ["Needs analysis presented to the SEND Partnership Board on 14 November."],
                {"Measures of success": ["Joint commissioning plan agreed by the Board"]},
            ),
            action(
                "2.2 Recommission the speech and language therapy service with an early-years pathway:\n"
                "- Drop-in sessions at family hubs\n- Training for nursery practitioners",
                ["Integrated Care Board Commissioning Lead"],
                "April 2024",
                "red",
                ["Procurement paused while the budget is agreed."],
                {"Measures of success": ["Waiting time for first appointment below 18 weeks"]},
            ),
            action(
                "2.3 Publish waiting times for therapy services on the Local Offer every month.",
                ["Ravi Kapoor"],
                "Ongoing",
                "green",
                [],
                {"Measures of success": ["Waiting times published every month"]},
            ),
        ),
        rec(
            "3",
            "Leaders should improve communication with parents and carers, including through the Local "
            "Offer website.",
            action(
                "3.1 Co-produce a new Local Offer website with the Harlow Vale Parent Carer Forum.",
                ["Service Manager for SEND Information"],
                "March 2024",
                "amber",
                ["Website content 70% complete; user testing with parents booked for February."],
                {"Measures of success": ["Parent satisfaction with the Local Offer above 60%"]},
            ),
            action(
                "3.2 Hold termly SEND information sessions for parents in each locality.",
                ["Jo Pemberton"],
                "Summer term 2024",
                "green",
                ["Autumn sessions attended by 146 parents and carers."],
            ),
        ),
        rec(
            "4",
            "Leaders should strengthen planning for young people's transition to adulthood.",
            action(
                "4.1 Embed Preparing for Adulthood outcomes in all EHC plans from Year 9.",
                ["Head of SEND", "Head of Adult Social Care"],
                "31/07/2024",
                "amber",
                ["Training for EHC coordinators delivered in December."],
                {
                    "Measures of success": [
                        "All Year 9 annual reviews include Preparing for Adulthood outcomes"
                    ]
                },
            ),
        ),
    ],
)


PLAN_C = PlanDraft(
    title="Westmere Community Health Services NHS Trust CQC Action Plan Tracker Children and Young People",
    recommendations=[
        rec(
            "1",
            "The trust must ensure that staff working with children complete safeguarding children level 3 "
            "training.",
            action(
                "Send a monthly training compliance report to every team leader.",
                ["Lucy Featherstone"],
                "30/04/2024",
                "green",
                ["Reports issued since January.", "Compliance rose from 71% to 86%."],
                {"Status": ["In progress"]},
                when=date(2024, 4, 30),
            ),
            action(
                "Add safeguarding level 3 training to the induction programme for all new starters.",
                ["Lucy Featherstone", "Practice Development Lead"],
                "Mar-24",
                "blue",
                ["Induction programme updated in March."],
                {"Status": ["Complete"]},
                when=date(2024, 3, 31),
            ),
        ),
        rec(
            "2",
            "The trust must ensure that risk assessments for young people with mental health needs are "
            "completed and reviewed.",
            action(
                "Introduce a standard risk assessment template in the electronic patient record.",
                ["David Okonkwo"],
                "31 May 2024",
                "amber",
                ["Template built; testing delayed by the system upgrade.", "Go-live moved to May."],
                {"Status": ["Delayed"]},
                when=date(2024, 5, 31),
            ),
            action(
                "Audit a sample of 30 records each month and feed back to clinicians.",
                ["Joanne Pilkington"],
                "30/06/2024",
                "red",
                ["Audits not started: the audit lead post is vacant."],
                {"Status": ["Not started"]},
                when=date(2024, 6, 30),
            ),
            action(
                "Review the risk policy with the young people's participation group.",
                ["Joanne Pilkington"],
                "30/09/2024",
                None,
                [],
                {"Status": ["Not started"]},
                when=date(2024, 9, 30),
            ),
        ),
        rec(
            "3",
            "The trust should ensure that children and young people have their care plans explained to them "
            "in a way they understand.",
            action(
                "Produce easy-read and young people's versions of the care plan with the Youth Board.",
                ["Amira Haddad"],
                "Jul-24",
                "green",
                ["Youth Board designed the young people's version.", "Easy-read version with the printers."],
                {"Status": ["In progress"]},
                when=date(2024, 7, 31),
            ),
        ),
        rec(
            "4",
            "The trust should ensure that waiting times for the community paediatric service are monitored "
            "and reduced.",
            action(
                "Report community paediatric waiting times to the Quality Committee every month.",
                ["Head of Children's Services"],
                "31/03/2024",
                "blue",
                ["First report to the Quality Committee in February."],
                {"Status": ["Complete"]},
                when=date(2024, 3, 31),
            ),
            action(
                "Run additional Saturday clinics to reduce the longest waits.",
                ["Dr Owen Price", "Amira Haddad"],
                "30/09/2024",
                "amber",
                ["12 extra clinics held; 181 children seen.", "Longest wait down from 64 to 49 weeks."],
                {"Status": ["In progress"]},
                when=date(2024, 9, 30),
            ),
        ),
    ],
)
# How each tracker date is shown in Excel (the number format), by its position in the plan.
TRACKER_FORMATS = ["dd/mm/yyyy", "mmm-yy", "d mmmm yyyy", "dd/mm/yyyy", "dd/mm/yyyy", "mmm-yy", "dd/mm/yyyy",
                   "dd/mm/yyyy"]  # fmt: skip

PLAN_E = PlanDraft(
    title="Ashcombe Borough Council – Children’s Services Self-Assessment Action Plan 2024/25",
    recommendations=[
        rec(
            "1",
            "Improve the timeliness of initial health assessments for children entering care.",
            action(
                "Agree a joint escalation process with the Designated Doctor for Looked After Children.",
                ["Zoë Fenwick"],
                "31.03.2025",
                "amber",
                [
                    "Escalation process drafted – awaiting sign-off by the ICB.",
                    "Timeliness 62% in Q1 (target 90%).",
                ],
            ),
            action(
                "Fund an additional paediatric clinic each week (£45,000 a year).",
                ["Siobhán Kelly", "Zoë Fenwick"],
                "Q4 2024/25",
                "green",
                ["Funding agreed by Cabinet in July."],
            ),
        ),
        rec(
            "2",
            "Strengthen the voice of children in their child protection conferences.",
            action(
                "Offer every child aged 8 and over an advocate before their conference.",
                ["Conference and Reviewing Service Manager"],
                "March 2025",
                "red",
                ["Advocacy contract under-used: 14% of children took up the offer."],
            ),
            action(
                "Introduce ‘Words and Pictures’ explanations for younger children.",
                ["Conference and Reviewing Service Manager"],
                "December 2024",
                "blue",
                [],
            ),
        ),
        rec(
            "3",
            "Make sure that young carers are identified early and offered an assessment.",
            action(
                "Train school staff to identify young carers, including:\n- Designated safeguarding leads\n"
                "- Pastoral leads in secondary schools",
                ["Young Carers Lead", "Education Safeguarding Adviser"],
                "31.12.2024",
                "green",
                ["Training delivered to 38 schools.", "Referrals up by 40% on last year."],
            ),
        ),
    ],
)


def long_plan() -> PlanDraft:
    """Layout d: a long plan of realistic made-up content, long enough to run over several pages."""
    draft = make_plan_draft(9, 4, seed=2024)
    draft.title = "Kingsbridge City Council Children's Services Improvement Plan Quarter 3 Update"
    return draft


# --------------------------------------------------------------------------------------------------
# Word

HEADERS_A = ("Recommendation", "Action", "Lead officer", "Timetable End date", "RAG", "Key points to note")
HEADERS_B = ("Action", "Lead", "Timescale", "RAG", "Progress update", "Measures of success")
HEADERS_C = ("Ref", "Requirement", "Actions", "Progress", "Target date", "RAG", "Status", "Comments")


def _lines(text: str) -> list[tuple[bool, str]]:
    out = []
    for line in text.splitlines():
        if line.startswith("- "):
            out.append((True, line[2:]))
        elif line.strip():
            out.append((False, line))
    return out


def _new_document(title: str, intro: str):
    from docx import Document
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin = section.right_margin = Mm(15)
    section.top_margin = section.bottom_margin = Mm(15)
    document.styles["Normal"].font.name = "Arial"
    document.styles["Normal"].font.size = Pt(9)
    section.header.paragraphs[0].text = "OFFICIAL"
    document.add_paragraph("OFFICIAL - SENSITIVE", style="Normal")
    document.add_heading(title, level=1)
    document.add_paragraph(intro)
    return document


def _paragraphs(cell, lines: list[tuple[bool, str]], *, numbered_list: bool = False) -> None:
    """Lines into a cell; list items as "List Bullet" paragraphs, or as plain paragraphs carrying
    their own numbering properties (numPr), as Word writes a list started from the toolbar."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for index, (is_item, text) in enumerate(lines):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        if is_item and numbered_list:
            properties = paragraph._p.get_or_add_pPr()
            numbering = OxmlElement("w:numPr")
            level, number = OxmlElement("w:ilvl"), OxmlElement("w:numId")
            level.set(qn("w:val"), "0")
            number.set(qn("w:val"), "1")
            numbering.extend([level, number])
            properties.append(numbering)
        elif is_item:
            paragraph.style = "List Bullet"
        paragraph.add_run(text)


def _header_row(table, headers) -> None:
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
        docx_fill(cell, "D9D9D9")
    docx_repeat_header(table.rows[0])


def docx_a(plan: PlanDraft) -> bytes:
    document = _new_document(
        plan.title,
        "This plan responds to the recommendations of the Ofsted inspection of local authority "
        "children's services (ILACS) in January 2024. Progress is reported to the Improvement Board monthly.",
    )

    def table_for(recommendations, repeat_header_after: int | None = None):
        table = document.add_table(rows=1, cols=6)
        table.style = "Table Grid"
        _header_row(table, HEADERS_A)
        for count, recommendation in enumerate(recommendations):
            if repeat_header_after is not None and count == repeat_header_after:
                cells = table.add_row().cells  # the header typed again where a page used to break
                for cell, text in zip(cells, HEADERS_A, strict=True):
                    cell.paragraphs[0].add_run(text).bold = True
            first = None
            for index, act in enumerate(recommendation.actions):
                cells = table.add_row().cells
                if index == 0:
                    first = cells[0]
                    _paragraphs(cells[0], [(False, f"{recommendation.number}. {recommendation.text}")])
                _paragraphs(cells[1], _lines(act.text))
                if len(act.leads) == 2 and recommendation.number == "3":
                    _paragraphs(cells[2], [(False, " / ".join(act.leads))])
                else:
                    _paragraphs(cells[2], [(False, lead) for lead in act.leads])
                _paragraphs(cells[3], [(False, act.due.text)])
                if act.rag:  # colour only: the cell holds no word
                    docx_fill(
                        cells[4], (ALT_FILLS if recommendation.number in ("2", "5") else FILLS)[act.rag]
                    )
                _paragraphs(cells[5], [(True, note) for note in act.notes])
            if len(recommendation.actions) > 1:
                first.merge(table.rows[-1].cells[0])

    table_for(plan.recommendations[:3], repeat_header_after=2)
    document.add_page_break()
    table_for(plan.recommendations[3:])  # the plan carried on in a second table with the same header
    document.add_paragraph("Key: Red – off track; Amber – some slippage; Green – on track; Blue – complete.")
    return _save(document)


def docx_b(plan: PlanDraft) -> bytes:
    document = _new_document(
        plan.title,
        "The Written Statement of Action sets out how the local area partnership will address the "
        "areas of significant weakness identified in the joint Ofsted and CQC inspection.",
    )
    table = document.add_table(rows=1, cols=6)
    table.style = "Table Grid"
    _header_row(table, HEADERS_B)
    for recommendation in plan.recommendations:
        row = table.add_row()
        merged = row.cells[0].merge(row.cells[5])
        merged.paragraphs[0].add_run(
            f"Recommendation {recommendation.number}: {recommendation.text}"
        ).bold = True
        docx_fill(merged, "DEEAF6")
        for act in recommendation.actions:
            cells = table.add_row().cells
            _paragraphs(cells[0], _lines(act.text), numbered_list=True)
            leads = act.leads
            if recommendation.number == "2" and len(leads) == 2:
                _paragraphs(cells[1], [(False, " and ".join(leads))])
            elif len(leads) == 2:
                _paragraphs(cells[1], [(False, "; ".join(leads))])
            else:
                _paragraphs(cells[1], [(False, lead) for lead in leads])
            _paragraphs(cells[2], [(False, act.due.text)])
            if act.rag:
                _paragraphs(cells[3], [(False, WORDS[act.rag])])
                docx_fill(cells[3], FILLS[act.rag])
            _paragraphs(cells[4], [(False, note) for note in act.notes])
            _paragraphs(
                cells[5], [(True, m) for m in act.extra.get("Measures of success", [])], numbered_list=True
            )
    return _save(document)


def docx_c(plan: PlanDraft) -> bytes:
    document = _new_document(plan.title, "Updated monthly for the Quality Committee.")
    table = document.add_table(rows=1, cols=len(HEADERS_C))
    table.style = "Table Grid"
    _header_row(table, HEADERS_C)
    for recommendation in plan.recommendations:
        for index, act in enumerate(recommendation.actions):
            cells = table.add_row().cells
            if index == 0:
                _paragraphs(cells[0], [(False, recommendation.number)])
                _paragraphs(cells[1], [(False, recommendation.text)])
            _paragraphs(cells[2], _lines(act.text))
            _paragraphs(cells[3], [(False, ", ".join(act.leads))])
            _paragraphs(cells[4], [(False, act.due.text)])
            if act.rag:
                docx_fill(cells[5], FILLS[act.rag])
            _paragraphs(cells[6], [(False, s) for s in act.extra.get("Status", [])])
            _paragraphs(cells[7], [(False, note) for note in act.notes])
    return _save(document)


def _save(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------------------------------
# Excel


def _excel():
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    return Workbook, Alignment, Font, PatternFill


def _solid(colour: str):
    from openpyxl.styles import PatternFill

    return PatternFill("solid", start_color=colour, end_color=colour)


def _wrap(sheet) -> None:
    from openpyxl.styles import Alignment

    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def xlsx_a(plan: PlanDraft) -> bytes:
    workbook, _, font, _ = _excel()
    book = workbook()
    sheet = book.active
    sheet.title = "Appendix 1"
    sheet["A1"] = plan.title
    sheet["A1"].font = font(bold=True, size=14)
    sheet.merge_cells("A1:F1")
    sheet.append([])
    sheet.append(list(HEADERS_A))
    for cell in sheet[3]:
        cell.font = font(bold=True)
        cell.fill = _solid("D9D9D9")
    for recommendation in plan.recommendations:
        first = sheet.max_row + 1
        for index, act in enumerate(recommendation.actions):
            sheet.append(
                [
                    f"{recommendation.number}. {recommendation.text}" if index == 0 else None,
                    act.text.replace("\n- ", "\n• "),
                    "\n".join(act.leads),
                    act.due.text,
                    None,
                    "\n".join(f"• {note}" for note in act.notes) or None,
                ]
            )
            if act.rag:
                sheet.cell(row=sheet.max_row, column=5).fill = _solid(FILLS[act.rag])
        if len(recommendation.actions) > 1:
            sheet.merge_cells(start_row=first, start_column=1, end_row=sheet.max_row, end_column=1)
    _wrap(sheet)
    return _save_book(book)


def xlsx_b(plan: PlanDraft) -> bytes:
    workbook, _, font, _ = _excel()
    book = workbook()
    sheet = book.active
    sheet.title = "WSoA"
    sheet.append([plan.title])
    sheet.append(list(HEADERS_B))
    for cell in sheet[2]:
        cell.font = font(bold=True)
    for recommendation in plan.recommendations:
        sheet.append([f"Recommendation {recommendation.number}: {recommendation.text}"])
        row = sheet.max_row
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=6)
        sheet.cell(row=row, column=1).fill = _solid("DEEAF6")
        for act in recommendation.actions:
            sheet.append(
                [
                    act.text,
                    " / ".join(act.leads),
                    act.due.text,
                    WORDS[act.rag] if act.rag else None,
                    "\n".join(act.notes) or None,
                    "\n".join(f"- {m}" for m in act.extra.get("Measures of success", [])) or None,
                ]
            )
            if act.rag:
                sheet.cell(row=sheet.max_row, column=4).fill = _solid(FILLS[act.rag])
    _wrap(sheet)
    return _save_book(book)


def xlsx_c(plan: PlanDraft) -> bytes:
    """The tracker: a cover sheet first, the plan on the second sheet, a RAG key on the third."""
    from openpyxl.styles.colors import Color

    workbook, _, font, pattern = _excel()
    book = workbook()
    cover = book.active
    cover.title = "Cover"
    cover.append(["Westmere Community Health Services NHS Trust"])
    cover.append(["CQC inspection of community health services for children, young people and families"])
    cover.append(["Version 7, April 2024. Owner: Director of Nursing."])
    sheet = book.create_sheet("Action plan")
    sheet["A1"] = plan.title
    sheet["A1"].font = font(bold=True, size=13)
    sheet.merge_cells("A1:H1")
    sheet.append(list(HEADERS_C))
    for cell in sheet[2]:
        cell.font = font(bold=True)
        cell.fill = _solid("1F4E79")
    position = 0
    for recommendation in plan.recommendations:
        for index, act in enumerate(recommendation.actions):
            when = date.fromisoformat(act.due.date)
            sheet.append(
                [
                    int(recommendation.number) if index == 0 else None,
                    recommendation.text if index == 0 else None,
                    act.text,
                    "\n".join(act.leads),
                    when,
                    None,
                    act.extra["Status"][0],
                    "\n".join(act.notes) or None,
                ]
            )
            row = sheet.max_row
            sheet.cell(row=row, column=5).number_format = TRACKER_FORMATS[position]
            if act.rag:
                sheet.cell(row=row, column=6).fill = _solid(FILLS[act.rag])
            else:  # a theme colour: its shade depends on the workbook's theme, so it is not read
                sheet.cell(row=row, column=6).fill = pattern("solid", fgColor=Color(theme=0, tint=-0.15))
            position += 1
    _wrap(sheet)
    key = book.create_sheet("RAG key")
    key.append(["Colour", "Meaning"])
    for word, meaning in (
        ("Red", "Off track"),
        ("Amber", "At risk"),
        ("Green", "On track"),
        ("Blue", "Complete"),
    ):
        key.append([word, meaning])
    return _save_book(book)


def _save_book(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------------------------------
# CSV


def _csv_bytes(rows: list[list[str]], *, delimiter=",", encoding="utf-8-sig") -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode(encoding)


def csv_a(plan: PlanDraft) -> bytes:
    rows = [[plan.title, "", "", "", "", ""], [""] * 6, list(HEADERS_A)]
    for recommendation in plan.recommendations:
        for index, act in enumerate(recommendation.actions):
            rows.append(
                [
                    f"{recommendation.number}. {recommendation.text}" if index == 0 else "",
                    act.text,
                    " / ".join(act.leads),
                    act.due.text,
                    WORDS[act.rag] if act.rag else "",
                    "\n".join(f"• {note}" for note in act.notes),
                ]
            )
    return _csv_bytes(rows)


def csv_b(plan: PlanDraft) -> bytes:
    rows = [list(HEADERS_B)]
    for recommendation in plan.recommendations:
        rows.append([f"Recommendation {recommendation.number}: {recommendation.text}", "", "", "", "", ""])
        for act in recommendation.actions:
            rows.append(
                [
                    act.text,
                    "; ".join(act.leads),
                    act.due.text,
                    WORDS[act.rag] if act.rag else "",
                    "\n".join(act.notes),
                    "\n".join(act.extra.get("Measures of success", [])),
                ]
            )
    return _csv_bytes(rows, encoding="utf-8")


def csv_c(plan: PlanDraft) -> bytes:
    """Exported from the tracker: number and requirement repeated on every row, dates as text."""
    rows = [[plan.title] + [""] * 7, list(HEADERS_C)]
    for recommendation in plan.recommendations:
        for act in recommendation.actions:
            rows.append(
                [
                    recommendation.number,
                    recommendation.text,
                    act.text,
                    "\n".join(act.leads),
                    act.due.text,
                    WORDS[act.rag] if act.rag else "",
                    act.extra["Status"][0],
                    "\n".join(act.notes),
                ]
            )
    return _csv_bytes(rows)


def csv_e(plan: PlanDraft) -> bytes:
    headers = ["No.", "Recommendation", "Action", "Responsible officer", "Deadline", "RAG status", "Update"]
    rows = [[plan.title] + [""] * 6, headers]
    for recommendation in plan.recommendations:
        for index, act in enumerate(recommendation.actions):
            rows.append(
                [
                    recommendation.number if index == 0 else "",
                    recommendation.text if index == 0 else "",
                    act.text,
                    " & ".join(act.leads),
                    act.due.text,
                    {"red": "R", "amber": "A", "green": "G", "blue": "B"}.get(act.rag, ""),
                    "\n".join(f"- {note}" for note in act.notes),
                ]
            )
    return _csv_bytes(rows, delimiter=";", encoding="cp1252")


# --------------------------------------------------------------------------------------------------
# PDF


def pdf_from_docx(docx: bytes) -> bytes | None:
    """Word to PDF as people do it, with LibreOffice; None when LibreOffice is not installed."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        return None
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "plan.docx"
        source.write_bytes(docx)
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{folder}/profile", "--headless", "--convert-to", "pdf",
             "--outdir", folder, str(source)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
        return (Path(folder) / "plan.pdf").read_bytes()


def pdf_c(plan: PlanDraft) -> bytes:
    """The tracker printed from a browser: ruled table, RAG by fill only, header repeated."""
    e = html.escape
    rows = []
    for recommendation in plan.recommendations:
        for index, act in enumerate(recommendation.actions):
            fill = f' style="background:#{FILLS[act.rag]}"' if act.rag else ""
            notes = "".join(f"<p>{e(note)}</p>" for note in act.notes)
            rows.append(
                "<tr>"
                f"<td>{e(recommendation.number) if index == 0 else ''}</td>"
                f"<td>{e(recommendation.text) if index == 0 else ''}</td>"
                f"<td>{e(act.text)}</td><td>{'<br>'.join(e(lead) for lead in act.leads)}</td>"
                f"<td>{e(act.due.text)}</td><td{fill}></td><td>{e(act.extra['Status'][0])}</td><td>{notes}</td>"
                "</tr>"
            )
    head = "".join(f"<th>{e(h)}</th>" for h in HEADERS_C)
    page = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><style>
@page {{ size: A4 landscape; margin: 15mm;
  @bottom-right {{ content: "Page " counter(page); font: 8pt sans-serif; }}
  @top-left {{ content: "OFFICIAL"; font: 8pt sans-serif; }} }}
body {{ font: 9pt/1.3 "DejaVu Sans", sans-serif; }} h1 {{ font-size: 14pt; }}
table {{ border-collapse: collapse; width: 100%; table-layout: fixed; }}
th, td {{ border: 0.5pt solid #333; padding: 3pt 4pt 0 4pt; vertical-align: top; text-align: left; }}
th {{ background: #1F4E79; color: white; }} thead {{ display: table-header-group; }}
p {{ margin: 0 0 4pt; }}
col.ref {{ width: 5% }} col.rag {{ width: 5% }}
</style></head><body><h1>{e(plan.title)}</h1><p>Updated monthly for the Quality Committee.</p>
<table><colgroup><col class="ref"><col><col><col><col><col class="rag"><col><col></colgroup>
<thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></body></html>"""
    return html_to_pdf_bytes(page)


# --------------------------------------------------------------------------------------------------
# What each document shows, as actionplan/1


def expected_xlsx_c(plan: PlanDraft) -> PlanDraft:
    shown = copy.deepcopy(plan)
    position = 0
    for recommendation in shown.recommendations:
        for act in recommendation.actions:
            when = date.fromisoformat(act.due.date)
            act.due = Due(_excel_shows(when, TRACKER_FORMATS[position]), when.isoformat())
            position += 1
    return shown


def _excel_shows(when: date, number_format: str) -> str:
    if number_format == "dd/mm/yyyy":
        return when.strftime("%d/%m/%Y")
    if number_format == "mmm-yy":
        return when.strftime("%b-%y")
    return f"{when.day} {when:%B %Y}"


def _write(name: str, data: bytes, expected: PlanDraft) -> None:
    (HERE / name).write_bytes(data)
    (HERE / f"{name}.expected.json").write_text(expected.to_json(), encoding="utf-8")
    print(f"wrote {name} ({len(data):,} bytes)")


def tracker_plan_with_text_dates() -> PlanDraft:
    """The tracker's Word, PDF and CSV copies write the target date as the text the spreadsheet
    shows, and a reader of text dates reads "Mar-24" as no date at all (design.md: nothing guessed)."""
    shown = expected_xlsx_c(PLAN_C)
    for recommendation in shown.recommendations:
        for act in recommendation.actions:
            act.due = Due(act.due.text, parse_due(act.due.text))
    return shown


def main() -> None:
    docx_a_bytes, docx_b_bytes = docx_a(PLAN_A), docx_b(PLAN_B)
    _write("a-appendix.docx", docx_a_bytes, PLAN_A)
    _write("a-appendix.xlsx", xlsx_a(PLAN_A), PLAN_A)
    _write("a-appendix.csv", csv_a(PLAN_A), PLAN_A)
    _write(
        "a-appendix.pdf",
        pdf_from_docx(docx_a_bytes) or html_to_pdf_bytes(plan_html(PLAN_A, rag_words=False)),
        PLAN_A,
    )

    _write("b-recommendation-rows.docx", docx_b_bytes, PLAN_B)
    _write("b-recommendation-rows.xlsx", xlsx_b(PLAN_B), PLAN_B)
    untitled = copy.deepcopy(PLAN_B)
    untitled.title = "b recommendation rows"  # no title row in this CSV: the title comes from its name
    _write("b-recommendation-rows.csv", csv_b(PLAN_B), untitled)
    pdf_b = pdf_from_docx(docx_b_bytes)
    if pdf_b is not None:
        _write("b-recommendation-rows.pdf", pdf_b, PLAN_B)

    tracker = tracker_plan_with_text_dates()
    _write("c-tracker.xlsx", xlsx_c(PLAN_C), expected_xlsx_c(PLAN_C))
    _write("c-tracker.docx", docx_c(tracker), tracker)
    _write("c-tracker.csv", csv_c(tracker), tracker)
    _write("c-tracker.pdf", pdf_c(tracker), tracker)

    long = long_plan()
    _write("d-long-split-rows.pdf", html_to_pdf_bytes(plan_html(long)), long)

    _write("e-semicolon-cp1252.csv", csv_e(PLAN_E), PLAN_E)


if __name__ == "__main__":
    main()
