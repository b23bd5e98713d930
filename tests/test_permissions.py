"""The permission matrix: every URL the application has, checked against its rule in
tests/permission_rules.py for anonymous visitors, users without a role on the plan, viewers,
leads of another action, managers and administrators."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.conftest import make_user
from tests.permission_rules import (
    ACTION_UPDATE,
    IMPORTER,
    OWN_IMPORT,
    PLAN_ADMIN,
    PLAN_MANAGE,
    PLAN_READ,
    PUBLIC,
    RULES,
    SIGNED_IN,
    SITE_ADMIN,
    URL_ARGS,
)

WRITE_KINDS = (ACTION_UPDATE, PLAN_MANAGE, PLAN_ADMIN)


def url_patterns(patterns=None, prefix=""):
    """(name, route, parameter names) for every URL pattern, through includes."""
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            yield from url_patterns(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield p.name, prefix + str(p.pattern), list(p.pattern.regex.groupindex)


PATTERNS = list(url_patterns())
NAMED = {name: params for name, _, params in PATTERNS if name}


def test_every_url_has_a_name():
    assert [route for name, route, _ in PATTERNS if not name] == []


def test_every_url_has_a_permission_rule():
    missing = sorted(set(NAMED) - set(RULES))
    assert not missing, f"Add these to tests/permission_rules.py RULES: {missing}"


def filler(name, param):
    return URL_ARGS.get(f"{name}:{param}") or URL_ARGS.get(param)


def test_every_url_parameter_can_be_filled():
    missing = sorted({f"{n}:{p}" for n, params in NAMED.items() for p in params if not filler(n, p)})
    assert not missing, f"Add these to tests/permission_rules.py URL_ARGS: {missing}"


def test_no_rule_is_left_for_a_url_that_is_gone():
    sso = {"oidc_authentication_init", "oidc_authentication_callback", "oidc_logout"}  # only when configured
    assert sorted(set(RULES) - set(NAMED) - sso) == []


@dataclass
class World:
    """One plan with people in every role, and the objects URL parameters point at."""

    plan: object
    action: object
    users: dict = field(default_factory=dict)

    def __getattr__(self, name):
        if name in self.users:
            return self.users[name]
        raise AttributeError(name)

    @property
    def note(self):
        return self.action.notes.order_by("id").first()

    @property
    def evidence(self):
        from actionplan.plans.models import Evidence

        item = Evidence(action=self.action, note="Minutes", original_name="minutes.pdf")
        item.file.save("minutes.pdf", ContentFile(b"%PDF-1.7 minutes"), save=True)
        return item

    @property
    def cycle(self):
        from actionplan.plans.models import ReportingCycle

        return ReportingCycle.objects.create(
            plan=self.plan,
            label="March 2025",
            starts=dt.date(2025, 3, 1),
            ends=dt.date(2025, 3, 31),
            deadline=dt.date(2025, 4, 5),
        )

    @property
    def membership(self):
        return self.subject.memberships.first()

    @property
    def password_link(self):
        uid = urlsafe_base64_encode(force_bytes(self.subject.pk))
        return uid, default_token_generator.make_token(self.subject)


@pytest.fixture
def world(seed_plan):
    from actionplan.core.draft import ActionDraft, PlanDraft, RecommendationDraft
    from actionplan.plans.writes import save_draft

    action = seed_plan.actions.filter(leads__name="April Bald").exclude(leads__name="Jackie Cook").first()
    # Another plan, led by other people, so its manager knows no one on the seed plan.
    other_plan = save_draft(PlanDraft(title="Someone else's plan", recommendations=[
        RecommendationDraft("1", "Improve", [ActionDraft("Do it", leads=["Terry Outside"])])]))  # fmt: skip
    users = {
        "outsider": make_user("olly", "manager", plan=other_plan),  # a manager, but of another plan
        "viewer": make_user("vera", "viewer", plan=seed_plan),
        "lead": make_user("april", "lead", plan=seed_plan, person="April Bald"),
        "other_lead": make_user("jackie", "lead", plan=seed_plan, person="Jackie Cook"),
        "manager": make_user("mary", "manager", plan=seed_plan),
        "plan_admin": make_user("pam", "admin", plan=seed_plan),
        "site_admin": make_user("rosa", "admin"),
        "subject": make_user("sid", "viewer", plan=seed_plan),
    }
    return World(plan=seed_plan, action=action, users=users)


def url_for(world, name):
    return reverse(name, kwargs={param: filler(name, param)(world) for param in NAMED[name]})


def as_user(world, who):
    client = Client()
    if who:
        client.force_login(getattr(world, who))
    return client


def goes_to_sign_in(response) -> bool:
    return response.status_code == 302 and re.match(r"^/accounts/login/", response["Location"]) is not None


def let_through(response) -> bool:
    return response.status_code not in (403, 404) and response.status_code < 500


def attempt(client, url):
    """What the user gets from the view's main method: POST, or GET for a page that takes no POST."""
    response = client.post(url)
    return client.get(url) if response.status_code == 405 else response


def checks_for(kind):
    """The checks that apply to a kind of rule."""
    checks = {
        PUBLIC: [check_anonymous_is_served],
        SIGNED_IN: [check_anonymous_signs_in, check_signed_in_is_served],
        PLAN_READ: [
            check_anonymous_signs_in,
            check_outsider_gets_404,
            check_viewer_reads,
            check_viewer_may_not_post,
        ],
        ACTION_UPDATE: [check_other_lead_may_not_write, check_own_lead_may_write],
        PLAN_MANAGE: [check_lead_may_not_write, check_manager_may_write],
        PLAN_ADMIN: [check_manager_may_not_write, check_plan_admin_may_write],
        SITE_ADMIN: [check_anonymous_signs_in, check_others_are_forbidden, check_site_admin_is_served],
        IMPORTER: [
            check_anonymous_signs_in,
            check_viewer_may_not_write,
            check_lead_may_not_write,
            check_manager_may_write,
        ],
        OWN_IMPORT: [check_anonymous_signs_in, check_viewer_may_not_write, check_outsider_gets_404],
    }[kind]
    if kind in WRITE_KINDS:
        checks = [check_anonymous_signs_in, check_outsider_gets_404, check_viewer_may_not_write, *checks]
    return checks


def check_anonymous_is_served(world, url):
    response = Client().get(url)
    assert response.status_code < 500 and (not goes_to_sign_in(response) or url == reverse("logout"))


def check_anonymous_signs_in(world, url):
    assert goes_to_sign_in(attempt(Client(), url)), "anonymous visitors must be sent to the sign-in page"


def check_signed_in_is_served(world, url):
    assert let_through(as_user(world, "viewer").get(url))


def check_outsider_gets_404(world, url):
    assert attempt(as_user(world, "outsider"), url).status_code == 404


def check_viewer_reads(world, url):
    assert let_through(as_user(world, "viewer").get(url))


def check_viewer_may_not_post(world, url):
    assert as_user(world, "viewer").post(url).status_code in (403, 405)


def check_viewer_may_not_write(world, url):
    assert attempt(as_user(world, "viewer"), url).status_code == 403


def check_other_lead_may_not_write(world, url):
    assert attempt(as_user(world, "other_lead"), url).status_code == 403


def check_own_lead_may_write(world, url):
    assert let_through(attempt(as_user(world, "lead"), url))


def check_lead_may_not_write(world, url):
    assert attempt(as_user(world, "lead"), url).status_code == 403


def check_manager_may_write(world, url):
    assert let_through(attempt(as_user(world, "manager"), url))


def check_manager_may_not_write(world, url):
    assert attempt(as_user(world, "manager"), url).status_code == 403


def check_plan_admin_may_write(world, url):
    assert let_through(attempt(as_user(world, "plan_admin"), url))


def check_others_are_forbidden(world, url):
    for who in ("viewer", "manager", "plan_admin"):
        assert attempt(as_user(world, who), url).status_code == 403, who


def check_site_admin_is_served(world, url):
    assert let_through(attempt(as_user(world, "site_admin"), url))


CASES = [
    pytest.param(name, check, id=f"{name}-{check.__name__.removeprefix('check_')}")
    for name in sorted(NAMED)
    if name in RULES
    for check in checks_for(RULES[name])
]


@pytest.mark.django_db
@pytest.mark.parametrize("name, check", CASES)
def test_permission(world, name, check):
    check(world, url_for(world, name))
