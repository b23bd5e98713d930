import pytest

from tests.exports.history import plan_with_history


@pytest.fixture
def history_plan(seed_draft, mary):
    return plan_with_history(seed_draft, mary)
