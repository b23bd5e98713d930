import os
from pathlib import Path

import pytest

SEED_DIR = Path(__file__).resolve().parents[2] / "shared" / "seed"
PACKAGED_SEED = Path(__file__).resolve().parents[1] / "actionplan" / "demo_data"
SEED_TXT = PACKAGED_SEED / "southwark-sif-action-plan-2017.txt"
SEED_EXPECTED = Path(__file__).resolve().parent / "samples" / "southwark-sif-action-plan-2017.expected.json"


def pytest_collection_modifyitems(config, items):
    """Tests that restart the PostgreSQL cluster run only in `make test`'s PostgreSQL pass, where the
    Makefile says where the cluster lives; elsewhere they are deselected (reported), not skipped."""
    if os.environ.get("DATABASE_URL", "").startswith("postgres") and os.environ.get("PG_DIR"):
        return
    chosen = [item for item in items if "postgres_cluster" not in item.keywords]
    if len(chosen) != len(items):
        config.hook.pytest_deselected(items=[item for item in items if "postgres_cluster" in item.keywords])
        items[:] = chosen


@pytest.fixture
def seed_draft():
    from actionplan.ingest import parse

    return parse(SEED_TXT.read_bytes(), SEED_TXT.name).draft


@pytest.fixture
def seed_plan(db, seed_draft):
    from actionplan.plans.writes import save_draft

    return save_draft(seed_draft, source_filename=SEED_TXT.name)


def make_user(username, role=None, *, plan=None, person=None, first_name="", last_name=""):
    from django.contrib.auth import get_user_model

    from actionplan.accounts.services import grant_role, link_person

    user = get_user_model().objects.create_user(
        username, password="correct horse battery", first_name=first_name, last_name=last_name
    )
    if role:
        grant_role(user, role, plan)
    if person:
        link_person(user, person)
    return user


@pytest.fixture
def alice(db):
    """Alice Hughes: a board member who may read every plan."""
    return make_user("alice", "viewer", first_name="Alice", last_name="Hughes")


@pytest.fixture
def mary(db):
    """Mary Okafor: plan manager on every plan."""
    return make_user("mary", "manager", first_name="Mary", last_name="Okafor")


@pytest.fixture
def april(seed_plan):
    """April Bald: lead officer on the seed plan, named as a lead on many of its actions."""
    return make_user(
        "april", "lead", plan=seed_plan, person="April Bald", first_name="April", last_name="Bald"
    )


@pytest.fixture
def jackie(seed_plan):
    """Jackie Cook: lead officer on the seed plan, with actions only under recommendation 11."""
    return make_user(
        "jackie", "lead", plan=seed_plan, person="Jackie Cook", first_name="Jackie", last_name="Cook"
    )


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client
