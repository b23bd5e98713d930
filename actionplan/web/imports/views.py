"""Importing a document: upload (or paste) -> preview with warnings and the column mapping ->
confirm. Nothing is written to any plan before confirm; the upload is staged (imports.staging)
so the preview can be re-read with a corrected mapping and confirm saves exactly what was shown.

Only administrators and plan managers may import (403 for anyone else); an update targets only a
plan the user manages (404 when they have no access to it, 403 when they may only read it)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from actionplan.accounts.services import grant_role
from actionplan.core.sizes import max_bytes
from actionplan.imports import staging
from actionplan.imports.forms import PASTED_NAME, UploadForm, posted_mapping
from actionplan.imports.merge import apply_import_update, plan_import_diff
from actionplan.imports.models import ImportSession
from actionplan.imports.preview import FIELD_CHOICES, build_preview
from actionplan.imports.reading import read_document, too_large_message
from actionplan.ingest import ReadError
from actionplan.plans import access, writes
from actionplan.plans.roles import Role


def _require_importer(user) -> None:
    if not access.can_import(user):
        raise PermissionDenied("Only administrators and plan managers can import plans.")


def _target_plan(user, value):
    """None for a new plan, else the plan to update, which the user must manage."""
    value = (value or "").strip()
    if value in ("", "new"):
        return None
    if not value.isdigit():
        raise Http404("No such plan.")
    plan, can = access.get_plan(user, int(value))
    can.require(can.can_manage)
    return plan


def _upload_page(request, form, status=200, error=None):
    bound = form.is_bound
    file_errors = [
        *(form.errors.get("file", []) if bound else []),
        *(form.non_field_errors() if bound else []),
    ]
    text_errors = list(form.errors.get("text", [])) if bound else []
    if error:
        file_errors.append(error)
    context = {
        "form": form,
        "plans": access.managed_plans(request.user).order_by("title", "id"),
        "target": str((form.data.get("target") if bound else None) or form.initial.get("target") or "new"),
        "text": form.data.get("text", "") if bound else "",
        "file_errors": file_errors,
        "text_errors": text_errors,
        "problems": [("import-file", e) for e in file_errors] + [("import-text", e) for e in text_errors],
        "max_bytes": max_bytes(),
    }
    return render(request, "imports/upload.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def import_new(request):
    _require_importer(request.user)
    if request.method == "GET":
        return _upload_page(request, UploadForm(initial={"target": request.GET.get("into", "new")}))
    target = _target_plan(request.user, request.POST.get("target"))
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, form, status=400)
    try:
        data, filename = _document(form)
        read_document(data, filename)
    except ReadError as exc:
        form.add_error(form.error_field, str(exc))
        return _upload_page(request, form, status=400)
    session = staging.stage(request.user, data, filename, target)
    return redirect("import_preview", token=session.token)


def _document(form) -> tuple[bytes, str]:
    uploaded = form.cleaned_data.get("file")
    if uploaded:
        if uploaded.size > max_bytes():  # before reading it into memory
            raise ReadError(too_large_message())
        return b"".join(uploaded.chunks()), uploaded.name
    return form.cleaned_data["text"].encode("utf-8"), PASTED_NAME


def _load(request, token) -> tuple[ImportSession, object]:
    """The user's staged import and the plan it updates (None for a new plan)."""
    _require_importer(request.user)
    session = staging.session_for(request.user, token)
    if session is None:
        raise Http404("No such import: it may have been saved already, or be more than a day old.")
    plan = _target_plan(request.user, str(session.target_plan_id or ""))
    return session, plan


def _preview_page(request, session, plan, result, *, errors=(), posted=None, status=200):
    diff = plan_import_diff(plan, result.draft) if plan is not None else None
    preview = build_preview(result, diff)
    if posted:  # show the user's own choices after a refused mapping
        for row in preview.mapping:
            row.field = posted.get(row.header, row.field)
    context = {
        "session": session, "plan": plan, "preview": preview, "diff": diff, "errors": list(errors),
        "field_choices": FIELD_CHOICES,
    }  # fmt: skip
    return render(request, "imports/preview.html", context, status=status)


def _read_error_page(request, session, exc: ReadError):
    """The staged document can no longer be read: back to the upload page, saying why."""
    target = session.target_plan_id or "new"
    staging.discard(session)
    return _upload_page(request, UploadForm(initial={"target": target}), status=400, error=str(exc))


@login_required
@require_http_methods(["GET", "POST"])
def import_preview(request, token):
    session, plan = _load(request, token)
    data = staging.staged_bytes(session)
    try:
        result = read_document(data, session.filename, session.mapping)
    except ReadError as exc:
        return _read_error_page(request, session, exc)
    if request.method == "GET":
        return _preview_page(request, session, plan, result)
    mapping, errors = posted_mapping(request.POST, len(result.mapping))
    if not errors:
        try:
            read_document(data, session.filename, mapping)
        except ReadError as exc:
            errors = [f"With those columns, the document cannot be read: {exc}"]
    if errors:
        return _preview_page(request, session, plan, result, errors=errors, posted=mapping, status=400)
    session.mapping = mapping
    session.save(update_fields=["mapping"])
    messages.success(request, "The preview has been updated with your column choices.")
    return redirect("import_preview", token=session.token)


@login_required
@require_POST
def import_confirm(request, token):
    session, plan = _load(request, token)
    try:
        result = read_document(staging.staged_bytes(session), session.filename, session.mapping)
    except ReadError as exc:
        return _read_error_page(request, session, exc)
    with transaction.atomic():
        # Claim the staged import first, so a second click (or a second tab) cannot save it twice.
        if not ImportSession.objects.filter(pk=session.pk).delete()[0]:
            raise Http404("This import has already been saved.")
        if plan is None:
            saved = writes.save_draft(result.draft, by=request.user, source_filename=session.filename)
            if not access.access_for(request.user, saved).can_manage:
                # A manager of other plans only: they own the plan they imported.
                grant_role(request.user, Role.MANAGER, saved, by=request.user)
            draft = result.draft
            message = (
                f"The plan has been saved: {_count(len(draft.recommendations), 'recommendation')}, "
                f"{_count(draft.action_count(), 'action')} and {_count(draft.note_count(), 'note')}."
            )
        else:
            saved = plan
            message = apply_import_update(plan, result.draft, request.user, session.filename).summary()
    staging.discard(session)
    messages.success(request, message)
    return redirect("plan", plan_id=saved.pk)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


@login_required
@require_POST
def import_discard(request, token):
    session, _plan = _load(request, token)
    staging.discard(session)
    messages.success(request, "The import has been cancelled; nothing was saved.")
    return redirect("import_new")
