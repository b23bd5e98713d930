import pytest


def rec_of(plan, number):
    return plan.recommendations.get(number=number)


def actions_of(plan, number):
    return list(plan.actions.filter(recommendation__number=number).order_by("position"))


@pytest.fixture
def mary_client(client, mary):
    client.force_login(mary)
    return client


@pytest.fixture
def other_plan(db, seed_draft):
    """A second copy of the seed plan, for objects that belong to another plan."""
    from actionplan.plans.writes import save_draft

    return save_draft(seed_draft, source_filename="other.txt")
