import threading

import pytest
from django.db import connections, transaction
from freezegun import freeze_time

from actionplan.plans.concurrency import StaleEdit, bump_version, check_version
from actionplan.plans.models import Action, ChangeEvent, ProgressNote
from actionplan.plans.writes import record_update
from tests.conftest import make_user


@pytest.fixture
def action(seed_plan):
    return seed_plan.actions.order_by("id").first()


@pytest.mark.django_db
def test_bump_version_advances_and_refuses_a_stale_version(action):
    start = action.version
    assert bump_version(action, start) == start + 1
    with pytest.raises(StaleEdit) as caught:
        bump_version(Action.objects.get(pk=action.pk), start)
    assert caught.value.current.version == start + 1
    assert Action.objects.get(pk=action.pk).version == start + 1


@pytest.mark.django_db
def test_versions_from_forms_may_be_text_and_garbage_counts_as_stale(action):
    assert bump_version(action, str(action.version)) == 2
    with pytest.raises(StaleEdit):
        bump_version(action, "not a number")


@pytest.mark.django_db
def test_check_version_reads_without_writing(action):
    check_version(action, action.version)
    check_version(action, None)
    with pytest.raises(StaleEdit):
        check_version(action, action.version + 5)
    assert Action.objects.get(pk=action.pk).version == action.version


@pytest.mark.django_db
def test_stale_edit_says_who_changed_what_and_when(action, alice):
    """Bob's form was drawn before Alice changed the RAG: he is told exactly what she did."""
    from actionplan.accounts.services import grant_role

    grant_role(alice, "manager")
    seen_by_bob = action.version
    with freeze_time("2025-03-03 10:42:00"):
        record_update(action, alice, rag="amber", reason="Recruitment slipped", expected_version=seen_by_bob)
        action.refresh_from_db()
        bob = make_user("bob", "manager", first_name="Bob", last_name="Stone")
        with pytest.raises(StaleEdit) as caught:
            record_update(action, bob, text="Panel met twice", expected_version=seen_by_bob)
        messages = caught.value.messages()
    assert messages == ["Alice Hughes changed the RAG from not rated to Amber at 10:42"]
    assert [e.actor_name for e in caught.value.changes_since] == ["Alice Hughes"]
    assert not ProgressNote.objects.filter(action=action, text="Panel met twice").exists()


@pytest.mark.django_db
def test_changes_since_lists_only_later_versions(action, alice):
    from actionplan.accounts.services import grant_role

    grant_role(alice, "manager")
    record_update(action, alice, text="First", expected_version=action.version)
    action.refresh_from_db()
    seen = action.version
    record_update(action, alice, text="Second", expected_version=seen)
    with pytest.raises(StaleEdit) as caught:
        check_version(action, seen)
    assert [e.new["text"] for e in caught.value.changes] == ["Second"]


def _race(worker, n=2):
    """Run worker(i) in n threads that start together; return what each returned or raised."""
    barrier, results = threading.Barrier(n), [None] * n

    def run(i):
        try:
            barrier.wait(timeout=10)
            results[i] = worker(i)
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test inspects
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_saves_from_one_version_cannot_both_win(seed_plan):
    action_id = seed_plan.actions.order_by("id").first().pk
    seen = Action.objects.get(pk=action_id).version  # both forms were drawn from this version

    def save(i):
        with transaction.atomic():
            return bump_version(Action.objects.get(pk=action_id), seen)

    results = _race(save)
    wins = [r for r in results if isinstance(r, int)]
    losses = [r for r in results if isinstance(r, StaleEdit)]
    assert (len(wins), len(losses)) == (1, 1), results
    assert Action.objects.get(pk=action_id).version == seen + 1


@pytest.mark.django_db(transaction=True)
def test_two_leads_saving_at_once_keep_one_note_and_tell_the_other(seed_plan):
    action = seed_plan.actions.order_by("id").first()
    people = [make_user(name, "manager") for name in ("kim", "lee")]
    seen = action.version

    def save(i):
        return record_update(
            Action.objects.get(pk=action.pk), people[i], text=f"Update {i}", expected_version=seen
        )

    results = _race(save)
    assert sum(isinstance(r, StaleEdit) for r in results) == 1, results
    assert ProgressNote.objects.filter(action=action, text__startswith="Update ").count() == 1
    assert ChangeEvent.objects.filter(action=action, kind="note").count() == 1
