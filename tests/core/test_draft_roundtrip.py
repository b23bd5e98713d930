import json

import pytest

from actionplan.core.draft import DraftInvalid, PlanDraft
from actionplan.plans.models import ChangeEvent, ProgressNote
from actionplan.plans.queries import plan_to_draft
from tests.conftest import SEED_EXPECTED


def test_expected_seed_json_is_valid_against_the_schema():
    data = json.loads(SEED_EXPECTED.read_text())
    assert PlanDraft.from_dict(data).to_dict() == data


def test_schema_rejects_an_unknown_rag_with_its_place():
    data = json.loads(SEED_EXPECTED.read_text())
    data["recommendations"][0]["actions"][0]["rag"] = "purple"
    with pytest.raises(DraftInvalid, match="recommendations/0/actions/0/rag"):
        PlanDraft.from_dict(data)


@pytest.mark.django_db
def test_saved_plan_reads_back_as_the_same_draft(seed_plan, seed_draft):
    assert plan_to_draft(seed_plan).to_dict() == seed_draft.to_dict()


@pytest.mark.django_db
def test_saving_records_who_created_every_action(seed_plan):
    assert ChangeEvent.objects.filter(plan=seed_plan, kind="created", action__isnull=False).count() == 18
    assert ProgressNote.objects.filter(action__plan=seed_plan, imported=True).count() == sum(
        len(a["notes"])
        for r in json.loads(SEED_EXPECTED.read_text())["recommendations"]
        for a in r["actions"]
    )


@pytest.mark.django_db
def test_a_failed_save_leaves_no_partial_plan(seed_draft, monkeypatch):
    from actionplan.plans.models import Plan
    from actionplan.plans.writes import updates as writes

    calls = {"n": 0}
    original = writes._create_action

    def fail_on_fifth(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 5:
            raise RuntimeError("disk full")
        return original(*args, **kwargs)

    monkeypatch.setattr(writes, "_create_action", fail_on_fifth)
    with pytest.raises(RuntimeError):
        writes.save_draft(seed_draft)
    assert Plan.objects.count() == 0
