"""Upload -> preview -> confirm through the web: nothing saved before confirm, warnings beside
their rows, the mapping editable, bad input in one sentence, and only managers may import."""

import html as html_module
import io
import os
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from actionplan.imports import staging
from actionplan.imports.models import ImportSession
from actionplan.plans.models import Action, ChangeEvent, Plan, ProgressNote
from tests.conftest import SEED_TXT, make_user
from tests.imports.conftest import NEW_NOTE

pytestmark = pytest.mark.django_db


def upload(client, data: bytes, name="plan.txt", target="new"):
    return client.post(reverse("import_new"), {"file": SimpleUploadedFile(name, data), "target": target})


def seed_upload(client, target="new"):
    return upload(client, SEED_TXT.read_bytes(), SEED_TXT.name, target)


def staged_file(token):
    return staging.staged_path(ImportSession(token=token))


def token_of(response) -> str:
    assert response.status_code == 302, response.content.decode()[:2000]
    return re.search(r"/imports/([\w-]+)/$", response["Location"])[1]


def error_sentences(html: str) -> list[str]:
    summary = re.search(r'<ul class="govuk-list govuk-error-summary__list">(.*?)</ul>', html, re.S)
    assert summary, "no error summary"
    items = re.findall(r"<li>(.*?)</li>", summary[1], re.S)
    return [html_module.unescape(re.sub(r"<[^>]+>", "", item)).strip() for item in items]


@pytest.fixture
def mary_client(client, mary):
    client.force_login(mary)
    return client


# Upload and preview --------------------------------------------------------------------------


def test_upload_page_offers_file_paste_and_the_plans_you_manage(mary_client, seed_plan):
    html = mary_client.get(reverse("import_new")).content.decode()
    assert 'type="file"' in html and 'name="text"' in html
    assert f'<option value="{seed_plan.id}"' in html and "A new plan" in html


def test_preview_writes_nothing(mary_client):
    plans, events = Plan.objects.count(), ChangeEvent.objects.count()
    token = token_of(seed_upload(mary_client))
    response = mary_client.get(reverse("import_preview", args=[token]))
    assert response.status_code == 200
    assert Plan.objects.count() == plans and ChangeEvent.objects.count() == events
    assert ImportSession.objects.filter(token=token).exists()
    assert staged_file(token).read_bytes() == SEED_TXT.read_bytes()


def test_preview_shows_counts_mapping_and_each_warning_beside_its_row(mary_client):
    html = mary_client.get(
        reverse("import_preview", args=[token_of(seed_upload(mary_client))])
    ).content.decode()
    assert re.search(r'data-count="recommendations">11<', html)
    assert re.search(r'data-count="actions">18<', html)
    assert re.search(r'data-count="notes">38<', html)
    row = re.search(r'<tr class="govuk-table__row" data-preview-action="10.1".*?</tr>', html, re.S)[0]
    assert "The RAG rating &#x27;?????&#x27; is not one we recognise" in row
    column = re.search(r'<tr class="govuk-table__row" data-column="Progress">.*?</tr>', html, re.S)[0]
    assert "holds names, so it was read as lead officers" in column
    assert '<option value="leads" selected>' in column
    assert len(re.findall(r"data-preview-action=", html)) == 18
    assert "Save plan" in html


def test_changing_the_mapping_reparses_and_moves_the_leads(mary_client):
    token = token_of(seed_upload(mary_client))
    html = mary_client.get(reverse("import_preview", args=[token])).content.decode()
    fields = dict(re.findall(r'name="header-(\d+)" value="([^"]+)"', html))
    post = {f"header-{i}": header for i, header in fields.items()}
    chosen = {"Recommendation": "recommendation", "Action": "action", "Progress": "notes",
              "Timetable End date": "due", "RAG": "rag", "Key points to note": "notes"}  # fmt: skip
    post.update({f"field-{i}": chosen[header] for i, header in fields.items()})
    response = mary_client.post(reverse("import_preview", args=[token]), post)
    assert response.status_code == 302
    html = mary_client.get(reverse("import_preview", args=[token])).content.decode()
    row = re.search(r'data-preview-action="1.1".*?</tr>', html, re.S)[0]
    leads = re.search(r"<td class=\"govuk-table__cell\" data-leads>(.*?)</td>", row, re.S)[1]
    notes = re.search(r"data-notes>(.*?)</td>", row, re.S)[1]
    assert "None named" in leads and "April Bald" in notes
    assert "No lead officer is named for this action." in row
    assert ImportSession.objects.get(token=token).mapping["Progress"] == "notes"

    mary_client.post(reverse("import_confirm", args=[token]))
    plan = Plan.objects.get()
    first = Action.objects.filter(plan=plan).order_by("recommendation__position", "position").first()
    assert (
        not first.lead_people
        and ProgressNote.objects.filter(action=first, text__contains="April Bald").exists()
    )


def test_two_columns_claiming_the_leads_is_refused_with_the_old_mapping_kept(mary_client):
    token = token_of(seed_upload(mary_client))
    post = {"header-0": "Recommendation", "field-0": "leads", "header-2": "Progress", "field-2": "leads"}
    response = mary_client.post(reverse("import_preview", args=[token]), post)
    assert response.status_code == 400
    assert error_sentences(response.content.decode()) == [
        "Only one column can hold the lead officers: 'Recommendation' and 'Progress' both do."
    ]
    assert ImportSession.objects.get(token=token).mapping == {}


def test_confirm_saves_the_plan_in_one_transaction_and_clears_the_staged_file(mary_client, mary):
    token = token_of(seed_upload(mary_client))
    response = mary_client.post(reverse("import_confirm", args=[token]))
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("plan", args=[plan.id])
    assert plan.actions.count() == 18 and plan.source_filename == SEED_TXT.name
    assert ChangeEvent.objects.filter(plan=plan, kind="created", action__isnull=True).get().user == mary
    html = mary_client.get(response["Location"]).content.decode()
    assert "The plan has been saved: 11 recommendations, 18 actions and 38 notes." in html
    assert not ImportSession.objects.exists() and not staged_file(token).exists()
    # A second click finds nothing to save: still one plan.
    assert mary_client.post(reverse("import_confirm", args=[token])).status_code == 404
    assert Plan.objects.count() == 1


def test_a_failing_save_leaves_no_partial_plan_and_keeps_the_import(mary_client, monkeypatch):
    from actionplan.plans import models

    token = token_of(seed_upload(mary_client))
    real = models.ActionLead.objects.bulk_create
    calls = []

    def fail_on_third(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("database went away")
        return real(*args, **kwargs)

    monkeypatch.setattr(models.ActionLead.objects, "bulk_create", fail_on_third)
    mary_client.raise_request_exception = False
    assert mary_client.post(reverse("import_confirm", args=[token])).status_code == 500
    assert Plan.objects.count() == 0 and Action.objects.count() == 0
    assert ImportSession.objects.filter(token=token).exists()


def test_pasted_table_previews_and_saves(mary_client):
    text = SEED_TXT.read_text(encoding="utf-8")
    response = mary_client.post(reverse("import_new"), {"text": text, "target": "new"})
    token = token_of(response)
    assert ImportSession.objects.get(token=token).filename == "Pasted table.txt"
    mary_client.post(reverse("import_confirm", args=[token]))
    assert Plan.objects.get().actions.count() == 18


def test_cancel_discards_the_staged_import(mary_client):
    token = token_of(seed_upload(mary_client))
    response = mary_client.post(reverse("import_discard", args=[token]))
    assert response.status_code == 302 and not ImportSession.objects.exists()
    assert not staged_file(token).exists()


def test_staged_imports_older_than_a_day_are_cleaned_up(mary_client, mary):
    import datetime as dt

    from django.utils import timezone

    token = token_of(seed_upload(mary_client))
    ImportSession.objects.filter(token=token).update(created_at=timezone.now() - dt.timedelta(days=2))
    orphan = staging.staging_dir() / "orphan-file"
    orphan.write_bytes(b"left behind")
    old = (timezone.now() - dt.timedelta(days=2)).timestamp()
    os.utime(orphan, (old, old))
    assert mary_client.get(reverse("import_preview", args=[token])).status_code == 404
    staging.purge_expired()
    assert not ImportSession.objects.filter(token=token).exists()
    assert not staged_file(token).exists() and not orphan.exists()


# The same import, updated ----------------------------------------------------------------------


def test_update_preview_shows_the_diff_and_apply_records_the_changes(mary_client, seed_plan, updated_bytes):
    actions_before = Action.objects.filter(plan=seed_plan).count()
    token = token_of(upload(mary_client, updated_bytes, "plan-november.txt", target=seed_plan.id))
    html = mary_client.get(reverse("import_preview", args=[token])).content.decode()
    assert Action.objects.filter(plan=seed_plan).count() == actions_before  # nothing yet
    assert "Matched 11 recommendations and 18 actions to the plan." in html
    assert "RAG Not rated to Amber" in html and "due date September 2018 to December 2018" in html
    assert "Recommendation 12: Ensure that care leavers" in html
    assert "The action names no lead officer" in html
    row = re.search(r'data-preview-action="1.1".*?</tr>', html, re.S)[0]
    assert "data-new-note" in row and NEW_NOTE in row
    assert "Apply update" in html

    response = mary_client.post(reverse("import_confirm", args=[token]))
    assert response["Location"] == reverse("plan", args=[seed_plan.id])
    page = mary_client.get(response["Location"]).content.decode()
    assert (
        "Imported 3 progress notes, 3 RAG changes, 1 due date change, 1 new recommendation and 2 new actions "
        "from plan-november.txt (matched 11 recommendations and 18 actions); 1 item could not be placed."
    ) in page
    assert Plan.objects.count() == 1
    assert Action.objects.filter(plan=seed_plan).count() == actions_before + 2
    assert (
        ChangeEvent.objects.filter(
            plan=seed_plan, field="rag", reason="Imported from plan-november.txt"
        ).count()
        == 3
    )

    # The same document again: nothing to do, nothing added.
    token = token_of(upload(mary_client, updated_bytes, "plan-november.txt", target=seed_plan.id))
    html = mary_client.get(reverse("import_preview", args=[token])).content.decode()
    assert "Nothing new: the plan already holds everything in this document." in html
    events = ChangeEvent.objects.count()
    mary_client.post(reverse("import_confirm", args=[token]))
    assert ChangeEvent.objects.count() == events
    assert Action.objects.filter(plan=seed_plan).count() == actions_before + 2


# Bad input -------------------------------------------------------------------------------------


def assert_refused_in_one_sentence(response, expected=None):
    html = response.content.decode()
    assert response.status_code == 400
    assert "Traceback" not in html
    sentences = error_sentences(html)
    assert len(sentences) == 1 and sentences[0].endswith("."), sentences
    if expected:
        assert sentences[0] == expected
    assert Plan.objects.count() == 0 and ImportSession.objects.count() == 0
    return sentences[0]


def test_random_bytes_are_refused_in_one_sentence(mary_client):
    assert_refused_in_one_sentence(upload(mary_client, os.urandom(4096), "plan.docx"))


def test_an_empty_file_is_refused(mary_client):
    assert_refused_in_one_sentence(upload(mary_client, b"", "plan.txt"), "The file is empty.")


def test_text_with_no_table_is_refused(mary_client):
    response = upload(mary_client, b"Dear colleagues,\nPlease find the plan attached.\n", "letter.txt")
    assert_refused_in_one_sentence(response, "No action plan table was found in the document.")


def test_pasted_text_with_no_table_puts_the_error_on_the_text_box(mary_client):
    response = mary_client.post(reverse("import_new"), {"text": "just some words", "target": "new"})
    assert_refused_in_one_sentence(response)
    assert 'href="#import-text"' in response.content.decode()


@override_settings(UPLOAD_MAX_BYTES=1000)
def test_an_oversize_file_is_refused(mary_client):
    response = seed_upload(mary_client)
    assert_refused_in_one_sentence(response, "The file is too large: it must be 1000 bytes or smaller.")


def test_nothing_chosen_asks_for_a_file_or_a_table(mary_client):
    response = mary_client.post(reverse("import_new"), {"target": "new"})
    assert_refused_in_one_sentence(response, "Choose a file to upload, or paste the plan's table.")


def zipped(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


CONTENT_TYPES = {"[Content_Types].xml": b"<Types/>"}
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@pytest.mark.parametrize(
    "name, data",
    [
        ("bomb.docx", zipped({**CONTENT_TYPES, "word/document.xml": b"\0" * 30_000_000})),
        ("macros.docm", zipped({**CONTENT_TYPES, "word/document.xml": b"<w:document/>",
                                "word/vbaProject.bin": b"\1" * 100})),
        ("truncated.docx", zipped({**CONTENT_TYPES, "word/document.xml": b"x" * 5000})[:300]),
        ("locked.xlsx", OLE + "EncryptedPackage".encode("utf-16-le") + b"\0" * 600),
        ("picture.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 100),
    ],
)  # fmt: skip
def test_bad_documents_are_refused_in_one_sentence_with_no_plan(mary_client, name, data):
    assert_refused_in_one_sentence(upload(mary_client, data, name))


def test_html_and_script_in_a_cell_are_kept_as_text_and_shown_escaped(mary_client):
    table = (
        "Recommendation\tAction\tLead officer\tTimetable\tRAG\tKey points\n"
        "1. Ensure &lt;script&gt;alert('rec')&lt;/script&gt; is text"
        "\tReview &lt;img src=x onerror=alert(1)&gt;\tJackie Cook\tApril 2018\tGreen"
        "\t&lt;b&gt;bold&lt;/b&gt; &amp; <script>alert('note')</script>\n"
    )
    token = token_of(mary_client.post(reverse("import_new"), {"text": table, "target": "new"}))
    html = mary_client.get(reverse("import_preview", args=[token])).content.decode()
    assert "&lt;script&gt;alert(&#x27;rec&#x27;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "<script>alert" not in html and "<img src=x" not in html
    mary_client.post(reverse("import_confirm", args=[token]))
    action = Action.objects.get()
    assert action.text == "Review <img src=x onerror=alert(1)>"
    page = mary_client.get(reverse("plan", args=[action.plan_id])).content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "<img src=x" not in page


# Who may import --------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["alice", "april"])
def test_viewers_and_leads_may_not_import(client, seed_plan, who, request):
    user = request.getfixturevalue(who)
    client.force_login(user)
    assert client.get(reverse("import_new")).status_code == 403
    assert seed_upload(client).status_code == 403
    assert "Import a plan" not in client.get(reverse("home")).content.decode()
    assert Plan.objects.count() == 1


def test_managers_see_the_import_button(mary_client):
    assert "Import a plan" in mary_client.get(reverse("home")).content.decode()


def test_a_manager_of_one_plan_cannot_update_another(client, seed_plan, seed_draft):
    from actionplan.plans.writes import save_draft

    own = save_draft(seed_draft)
    paula = make_user("paula", "manager", plan=own)
    client.force_login(paula)
    html = client.get(reverse("import_new")).content.decode()
    assert f'<option value="{own.id}"' in html and f'<option value="{seed_plan.id}"' not in html
    assert seed_upload(client, target=seed_plan.id).status_code == 404
    assert not ImportSession.objects.exists()
    assert token_of(seed_upload(client, target=own.id))


def test_a_manager_of_one_plan_manages_the_new_plan_they_import(client, seed_plan):
    paula = make_user("paula", "manager", plan=seed_plan)
    client.force_login(paula)
    response = client.post(reverse("import_confirm", args=[token_of(seed_upload(client))]))
    new = Plan.objects.exclude(pk=seed_plan.pk).get()
    assert response["Location"] == reverse("plan", args=[new.id])
    assert client.get(response["Location"]).status_code == 200


def test_a_reader_of_the_target_plan_who_manages_another_gets_403(client, seed_plan, seed_draft):
    from actionplan.accounts.services import grant_role
    from actionplan.plans.writes import save_draft

    own = save_draft(seed_draft)
    paula = make_user("paula", "manager", plan=own)
    grant_role(paula, "viewer", seed_plan)
    client.force_login(paula)
    assert seed_upload(client, target=seed_plan.id).status_code == 403


def test_someone_elses_staged_import_is_not_found(client, mary_client, seed_plan):
    token = token_of(seed_upload(mary_client))
    other = make_user("olga", "manager")
    client.force_login(other)
    assert client.get(reverse("import_preview", args=[token])).status_code == 404
    assert client.post(reverse("import_confirm", args=[token])).status_code == 404
    assert Plan.objects.count() == 1


def test_a_mapping_that_leaves_no_table_is_refused_in_one_sentence(mary_client):
    token = token_of(seed_upload(mary_client))
    headers = ["Recommendation", "Action", "Progress", "Timetable End date", "RAG", "Key points to note"]
    post = {f"header-{i}": h for i, h in enumerate(headers)} | {f"field-{i}": "extra" for i in range(6)}
    response = mary_client.post(reverse("import_preview", args=[token]), post)
    assert response.status_code == 400
    assert error_sentences(response.content.decode()) == [
        "With those columns, the document cannot be read: No action plan table was found in the document."
    ]
    assert ImportSession.objects.get(token=token).mapping == {}
    assert Plan.objects.count() == 0
