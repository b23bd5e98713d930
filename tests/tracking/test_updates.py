"""The monthly loop through the write layer and the action page."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from freezegun import freeze_time

from actionplan.plans import writes
from actionplan.plans.concurrency import StaleEdit
from actionplan.plans.models import ChangeEvent, ProgressNote

pytestmark = pytest.mark.django_db


def first_action_of(plan, number="1"):
    return plan.actions.filter(recommendation__number=number).order_by("position").first()


@freeze_time("2018-03-14 10:00")
def test_update_records_note_in_its_cycle_and_rag_change_with_reason(seed_plan, mary):
    action = first_action_of(seed_plan)
    note = writes.record_update(
        action, mary, text="Panels now meeting monthly", rag="amber", reason="Staffing gaps"
    )
    action.refresh_from_db()
    assert action.rag == "amber" and action.rag_reason == "Staffing gaps" and action.version == 2
    assert note.cycle.label == "March 2018" and note.cycle.deadline == dt.date(2018, 4, 5)
    change = ChangeEvent.objects.get(action=action, field="rag")
    assert (change.old, change.new, change.reason, change.actor_name) == (
        None,
        "amber",
        "Staffing gaps",
        "Mary Okafor",
    )


def test_rag_change_without_reason_is_refused_and_changes_nothing(seed_plan, mary):
    action = first_action_of(seed_plan)
    with pytest.raises(ValidationError) as exc:
        writes.record_update(action, mary, text="Progress", rag="red", reason=" ")
    assert "reason" in exc.value.message_dict
    action.refresh_from_db()
    assert action.rag is None and not ProgressNote.objects.filter(action=action, imported=False).exists()


def test_empty_update_is_refused(seed_plan, mary):
    with pytest.raises(ValidationError, match="Write a progress update"):
        writes.record_update(first_action_of(seed_plan), mary, text="  ")


def test_blue_needs_evidence_then_awaits_sign_off(seed_plan, mary):
    from actionplan.plans.status import completion_state

    action = first_action_of(seed_plan)
    with pytest.raises(ValidationError, match="give evidence"):
        writes.record_update(action, mary, text="Done", rag="blue", reason="All delivered")
    writes.record_update(
        action,
        mary,
        text="Done",
        rag="blue",
        reason="All delivered",
        evidence=writes.EvidenceInput(note="Audit report March 2018"),
    )
    action.refresh_from_db()
    assert completion_state(action, seed_plan) == "awaiting sign-off"
    writes.sign_off(action, mary)
    action.refresh_from_db()
    assert completion_state(action, seed_plan) == "complete"
    assert action.evidence.get().note == "Audit report March 2018"
    assert list(ChangeEvent.objects.filter(action=action).values_list("kind", flat=True).order_by("id"))[
        -3:
    ] == ["changed", "completed", "signed_off"]


def test_reopening_a_complete_action_clears_completion(seed_plan, mary):
    action = first_action_of(seed_plan)
    writes.record_update(
        action, mary, rag="blue", reason="Done", evidence=writes.EvidenceInput(link="https://x.org/e")
    )
    writes.record_update(action, mary, rag="amber", reason="Audit found gaps")
    action.refresh_from_db()
    assert action.completed_at is None and action.rag == "amber"


def test_revised_due_date_keeps_baseline_and_counts_moves(seed_plan, mary):
    from actionplan.plans.tracking import with_tracking_annotations

    action = first_action_of(seed_plan)
    with pytest.raises(ValidationError, match="reason"):
        writes.revise_due_date(action, mary, due_date=dt.date(2018, 6, 30), reason="")
    writes.revise_due_date(
        action, mary, due_date=dt.date(2018, 6, 30), due_text="June 2018", reason="Recruitment"
    )
    writes.revise_due_date(
        action, mary, due_date=dt.date(2018, 9, 30), due_text="September 2018", reason="Again"
    )
    annotated = with_tracking_annotations(type(action).objects.filter(pk=action.pk)).get()
    assert annotated.baseline_due_date == dt.date(2018, 4, 30) and annotated.due_date == dt.date(2018, 9, 30)
    assert annotated.due_moves == 2


def test_correction_supersedes_and_keeps_the_original(seed_plan, mary):
    action = first_action_of(seed_plan)
    note = writes.record_update(action, mary, text="Panel met in Febuary")
    new = writes.correct_note(note, mary, text="Panel met in February", reason="typo")
    assert ProgressNote.objects.filter(action=action, imported=False).count() == 2
    assert new.supersedes == note
    with pytest.raises(ValidationError, match="already been corrected"):
        writes.correct_note(note, mary, text="again")


def test_second_save_from_the_same_version_is_refused_with_what_changed(seed_plan, mary, alice):
    action = first_action_of(seed_plan)
    writes.record_update(
        action, mary, text="Mary's update", rag="green", reason="On track", expected_version=1
    )
    with pytest.raises(StaleEdit) as exc:
        writes.record_update(action, alice, text="Alice's update", expected_version=1)
    assert [c.kind for c in exc.value.changes] == ["note", "changed"]
    assert not ProgressNote.objects.filter(text="Alice's update").exists()


def test_change_leads_records_old_and_new(seed_plan, mary):
    action = first_action_of(seed_plan)
    writes.change_leads(action, mary, names=["April Bald", "Jenny Brennan"], reason="Restructure")
    event = ChangeEvent.objects.get(action=action, field="leads")
    assert event.old == ["April Bald", "Elaine Allegretti"] and event.new == ["April Bald", "Jenny Brennan"]


# The action page -----------------------------------------------------------------------------


def post_update(client, action, **data):
    payload = {"text": "", "rag": action.rag or "none", "reason": "", "version": action.version, **data}
    return client.post(reverse("action", args=[action.plan_id, action.id]), payload)


def test_lead_posts_update_and_sees_it_in_the_timeline(client, seed_plan, april):
    client.force_login(april)
    action = first_action_of(seed_plan)
    response = post_update(
        client, action, text="Formal review points agreed", rag="amber", reason="Data late"
    )
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "Your update has been saved." in html
    assert "Formal review points agreed" in html and "Reason: Data late" in html
    assert 'data-current-rag="amber"' in html


def test_missing_reason_shows_error_summary_and_keeps_text(client, seed_plan, april):
    client.force_login(april)
    action = first_action_of(seed_plan)
    response = post_update(client, action, text="My careful words", rag="red")
    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html and "Give the reason for the RAG change." in html
    assert "My careful words" in html


def test_stale_form_is_refused_with_the_other_change_and_own_text_kept(client, seed_plan, april, mary):
    action = first_action_of(seed_plan)
    writes.record_update(action, mary, text="Mary got there first", rag="green", reason="On track")
    client.force_login(april)
    response = post_update(client, action, text="April's own words")  # action.version is still 1 here
    html = response.content.decode()
    assert response.status_code == 409
    assert "someone else changed this action" in html
    assert "Mary Okafor changed the rag status from" in html
    assert "April&#x27;s own words" in html or "April's own words" in html


def test_lead_of_another_action_gets_403(client, seed_plan, jackie):
    client.force_login(jackie)
    response = post_update(client, first_action_of(seed_plan), text="Not mine")
    assert response.status_code == 403


def test_viewer_sees_no_form_and_cannot_post(client, seed_plan, alice):
    client.force_login(alice)
    action = first_action_of(seed_plan)
    assert "Save update" not in client.get(reverse("action", args=[seed_plan.id, action.id])).content.decode()
    assert post_update(client, action, text="x").status_code == 403


def test_revise_due_date_through_the_page_shows_slippage_on_overview(client, seed_plan, mary):
    client.force_login(mary)
    action = first_action_of(seed_plan)
    url = reverse("revise_due", args=[seed_plan.id, action.id])
    assert client.post(url, {"due": "September 2018", "reason": "", "version": 1}).status_code == 400
    assert (
        client.post(url, {"due": "September 2018", "reason": "Recruitment", "version": 1}).status_code == 302
    )
    html = client.get(reverse("plan", args=[seed_plan.id])).content.decode()
    assert "30 April 2018 -&gt; 30 September 2018, moved once" in html


def test_manager_signs_off_completion(client, seed_plan, mary):
    client.force_login(mary)
    action = first_action_of(seed_plan)
    post_update(client, action, rag="blue", reason="Delivered", evidence_note="Board minutes 5 May")
    html = client.get(reverse("action", args=[seed_plan.id, action.id])).content.decode()
    assert "Complete, awaiting sign-off" in html
    client.post(reverse("sign_off", args=[seed_plan.id, action.id]))
    assert (
        'data-completion="complete"'
        in client.get(reverse("action", args=[seed_plan.id, action.id])).content.decode()
    )


def test_correct_note_page(client, seed_plan, mary):
    client.force_login(mary)
    action = first_action_of(seed_plan)
    note = writes.record_update(action, mary, text="Wrong figure: 12")
    url = reverse("correct_note", args=[seed_plan.id, action.id, note.id])
    assert client.post(url, {"text": ""}).status_code == 400
    assert client.post(url, {"text": "Right figure: 21", "reason": "typo"}).status_code == 302
    html = client.get(reverse("action", args=[seed_plan.id, action.id])).content.decode()
    assert "Wrong figure: 12" in html and "Right figure: 21" in html and "Corrected" in html


def test_evidence_file_is_stored_and_served_only_as_a_download(client, seed_plan, mary, alice, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(mary)
    action = first_action_of(seed_plan)
    pdf = SimpleUploadedFile(
        "audit report.pdf",
        b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n",
        content_type="application/pdf",
    )
    response = post_update(client, action, rag="blue", reason="Delivered", evidence_file=pdf)
    assert response.status_code == 302
    evidence = action.evidence.get()
    url = reverse("evidence_file", args=[seed_plan.id, action.id, evidence.id])
    download = client.get(url)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    client.logout()
    assert client.get(url).status_code == 302  # anonymous: sign in first


def test_html_evidence_is_refused_with_a_field_error(client, seed_plan, mary):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(mary)
    action = first_action_of(seed_plan)
    page = SimpleUploadedFile(
        "evil.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf"
    )
    response = post_update(client, action, rag="blue", reason="Delivered", evidence_file=page)
    assert response.status_code == 400
    assert "govuk-error-message" in response.content.decode()
    assert not action.evidence.exists()
