"""Administrators' pages (users, roles, links to lead officers, the administrators' log) and the
plan lifecycle pages (archive and restore for managers, deletion for administrators)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from actionplan.accounts import services
from actionplan.accounts.forms import InviteForm, PersonForm, RoleForm
from actionplan.plans import access
from actionplan.plans.models import AdminEvent, Membership

User = get_user_model()


def _site_admin(request) -> None:
    access.require_site_admin(request.user)


def _users():
    memberships = Membership.objects.select_related("plan").order_by("plan__title", "plan_id")
    return User.objects.select_related("person").prefetch_related(
        Prefetch("memberships", queryset=memberships)
    )


def _password_link(request, user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return request.build_absolute_uri(reverse("set_password", args=[uid, token]))


def _send_link(user, link: str) -> None:
    if user.email:
        send_mail(
            "Set your actionplan password",
            f"Hello {user.get_full_name() or user.get_username()},\n\n"
            f"Your username is {user.get_username()}. "
            f"Set your password here (the link works once, for 3 days):\n\n{link}\n",
            None,
            [user.email],
        )


@login_required
@require_GET
def users(request):
    _site_admin(request)
    return render(request, "admin/users.html", {"users": _users().order_by("username")})


@login_required
@require_http_methods(["GET", "POST"])
def invite(request):
    _site_admin(request)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = _invite(request, form.cleaned_data)
        except services.AccountError as exc:
            form.add_error(None, str(exc))
        else:
            link = _password_link(request, user)
            _send_link(user, link)
            return render(request, "admin/link.html", {"subject": user, "link": link, "invited": True})
    return render(request, "admin/invite.html", {"form": form})


def _invite(request, data):
    with transaction.atomic():
        user = services.create_user(
            data["username"],
            by=request.user,
            full_name=data["full_name"],
            email=data["email"],
            kind="user_invited",
        )
        services.grant_role(user, data["role"], data["plan"], by=request.user)
        if data.get("person"):
            services.link_person(user, data["person"], by=request.user)
    return user


def _user_page(request, subject, role_form=None, person_form=None, status=200):
    person = getattr(subject, "person", None)
    context = {
        "subject": subject,
        "memberships": subject.memberships.select_related("plan").order_by("plan__title", "plan_id"),
        "role_form": role_form or RoleForm(),
        "person_form": person_form or PersonForm(initial={"person": person.name if person else ""}),
        "events": AdminEvent.objects.filter(subject=subject)[:20],
    }
    return render(request, "admin/user.html", context, status=status)


@login_required
@require_GET
def user_detail(request, user_id):
    _site_admin(request)
    return _user_page(request, get_object_or_404(User, pk=user_id))


@login_required
@require_POST
def user_add_role(request, user_id):
    _site_admin(request)
    subject = get_object_or_404(User, pk=user_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        return _user_page(request, subject, role_form=form, status=400)
    services.grant_role(subject, form.cleaned_data["role"], form.cleaned_data["plan"], by=request.user)
    messages.success(request, f"{subject.get_username()} now has that role.")
    return redirect("admin_user", user_id=subject.pk)


@login_required
@require_POST
def user_remove_role(request, user_id, membership_id):
    _site_admin(request)
    membership = get_object_or_404(Membership, pk=membership_id, user_id=user_id)
    services.remove_role(membership, by=request.user)
    messages.success(request, "The role was removed.")
    return redirect("admin_user", user_id=user_id)


@login_required
@require_POST
def user_link_person(request, user_id):
    _site_admin(request)
    subject = get_object_or_404(User, pk=user_id)
    form = PersonForm(request.POST)
    if form.is_valid():
        try:
            services.link_person(subject, form.cleaned_data["person"], by=request.user)
        except services.AccountError as exc:
            form.add_error("person", str(exc))
    if form.errors:
        return _user_page(request, subject, person_form=form, status=400)
    messages.success(request, f"{subject.get_username()} is linked to {form.cleaned_data['person']}.")
    return redirect("admin_user", user_id=subject.pk)


@login_required
@require_POST
def user_password_link(request, user_id):
    _site_admin(request)
    subject = get_object_or_404(User, pk=user_id)
    link = _password_link(request, subject)
    services.log("password_link", request.user, subject=subject)
    _send_link(subject, link)
    return render(request, "admin/link.html", {"subject": subject, "link": link, "invited": False})


@login_required
@require_POST
def user_set_active(request, user_id):
    _site_admin(request)
    subject = get_object_or_404(User, pk=user_id)
    active = request.POST.get("active") == "1"
    try:
        services.set_active(subject, active, by=request.user)
    except services.AccountError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{subject.get_username()} can {'now' if active else 'no longer'} sign in.")
    return redirect("admin_user", user_id=subject.pk)


@login_required
@require_GET
def admin_log(request):
    _site_admin(request)
    page = Paginator(AdminEvent.objects.select_related("subject"), 50).get_page(request.GET.get("page"))
    return render(request, "admin/log.html", {"page": page})
