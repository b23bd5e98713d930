from pathlib import Path

import pytest

SEED_DIR = Path(__file__).resolve().parents[2] / "shared" / "seed"
PACKAGED_SEED = Path(__file__).resolve().parents[1] / "actionplan" / "plans" / "demo_data"
SEED_TXT = PACKAGED_SEED / "southwark-sif-action-plan-2017.txt"
SEED_EXPECTED = Path(__file__).resolve().parent / "samples" / "southwark-sif-action-plan-2017.expected.json"


@pytest.fixture
def seed_draft():
    from actionplan.ingest import parse

    return parse(SEED_TXT.read_bytes(), SEED_TXT.name).draft


@pytest.fixture
def seed_plan(db, seed_draft):
    from actionplan.plans.writes import save_draft

    return save_draft(seed_draft, source_filename=SEED_TXT.name)


@pytest.fixture
def alice(django_user_model):
    """Alice Hughes: a signed-in user of the service."""
    return django_user_model.objects.create_user("alice", password="correct horse battery", first_name="Alice",
                                                 last_name="Hughes")


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client
