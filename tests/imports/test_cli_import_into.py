"""`actionplan import FILE --into PLAN_ID`: the web's merge, from the command line."""

import pytest

from actionplan.cli import main
from actionplan.plans.models import Action, ChangeEvent
from tests.imports.conftest import updated_seed_text

pytestmark = pytest.mark.django_db(transaction=True)


def test_import_into_updates_the_plan_and_prints_the_report(seed_plan, tmp_path, capsys):
    path = tmp_path / "plan-november.txt"
    path.write_text(updated_seed_text(), encoding="utf-8")
    assert main(["import", str(path), "--into", str(seed_plan.id)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Imported 3 progress notes, 3 RAG changes, 1 due date change")
    assert "Changed RAG of action 1.1: not rated -> amber" in out
    assert "Changed due date of action 2.1: September 2018 -> December 2018" in out
    assert "Added recommendation 12" in out and "Added action 11.4" in out
    assert any(line.startswith("Could not place recommendation 12, action 2:") for line in out)
    assert ChangeEvent.objects.filter(plan=seed_plan, field="rag", user=None).count() == 3

    count = Action.objects.filter(plan=seed_plan).count()
    assert main(["import", str(path), "--into", str(seed_plan.id)]) == 0
    assert capsys.readouterr().out.startswith("Nothing new to import from plan-november.txt")
    assert Action.objects.filter(plan=seed_plan).count() == count


def test_import_into_a_missing_plan_is_one_line_and_exit_2(tmp_path, capsys, db):
    path = tmp_path / "plan.txt"
    path.write_text(updated_seed_text(), encoding="utf-8")
    assert main(["import", str(path), "--into", "999"]) == 2
    assert (
        capsys.readouterr().err.strip() == "actionplan: There is no plan 999: `actionplan plans` lists them."
    )
