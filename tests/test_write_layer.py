"""One write layer: outside actionplan/plans/writes/, no module builds a ChangeEvent or AdminEvent
or saves, creates, updates or deletes a domain row (a model of actionplan/plans/models.py). Checked
by reading the source with ast, so a new shortcut fails here before it reaches review."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "actionplan"
WRITE_LAYER = ROOT / "plans" / "writes"
WRITES = {
    "save",
    "delete",
    "create",
    "bulk_create",
    "bulk_update",
    "update",
    "get_or_create",
    "update_or_create",
}
EVENTS = {"ChangeEvent", "AdminEvent"}


def domain_models() -> set[str]:
    tree = ast.parse((ROOT / "plans" / "models.py").read_text())
    return {
        node.name
        for node in tree.body
        if isinstance(node, ast.ClassDef)
        and any(isinstance(b, ast.Attribute) and b.attr == "Model" for b in node.bases)
    }


MODELS = domain_models()
# Names a domain row is held under in this code base (action, plan, rec ...): a write on one of
# them, or on a related manager of one (plan.actions.create), counts as a domain write.
ROW_NAMES = {name.lower() for name in MODELS} | {"rec", "note", "lead", "event", "cycle"}


def _root(node: ast.AST) -> ast.AST:
    """The start of a chain such as Action.objects.filter(...).update: the Name `Action`."""
    while True:
        if isinstance(node, ast.Attribute):
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Subscript):
            node = node.value
        else:
            return node


def _bound_to_models(tree: ast.AST) -> set[str]:
    """Names assigned from an expression rooted at a domain model (x = Action.objects.get(...))."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            root = _root(node.value)
            if isinstance(root, ast.Name) and root.id in MODELS:
                names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return names


def _calls_writing(scope: ast.AST, where: str) -> set[str]:
    held = _bound_to_models(scope) | ROW_NAMES
    found = set()
    for node in ast.walk(scope):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in EVENTS:
            found.add(f"{where}:{node.lineno} builds a {func.id}")
        if not (isinstance(func, ast.Attribute) and func.attr in WRITES):
            continue
        root = _root(func.value)
        if isinstance(root, ast.Name) and (root.id in MODELS or root.id in held):
            found.add(f"{where}:{node.lineno} {ast.unparse(func)}(...) writes a domain row")
    return found


def offences(source: str, where: str = "<source>") -> list[str]:
    """Each function is read with the names it binds to domain rows; the module with its own."""
    tree = ast.parse(source)
    functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    module = ast.Module(body=[n for n in tree.body if not isinstance(n, ast.FunctionDef)], type_ignores=[])
    found = _calls_writing(module, where).union(*(_calls_writing(f, where) for f in functions))
    return sorted(found, key=lambda line: (int(line.split(":")[1].split(" ")[0]), line))


def product_modules():
    for path in sorted(ROOT.rglob("*.py")):
        if WRITE_LAYER in path.parents or "migrations" in path.parts:
            continue
        yield path


def test_only_the_write_layer_writes_domain_rows_or_events():
    found = [o for path in product_modules() for o in offences(path.read_text(), str(path.relative_to(ROOT)))]
    assert found == [], "Write through actionplan.plans.writes instead:\n" + "\n".join(found)


def test_the_check_finds_each_kind_of_shortcut():
    source = """
def view(request, plan_id):
    action = Action.objects.get(pk=1)
    action.rag = "red"
    action.save()
    Plan.objects.filter(pk=plan_id).update(title="x")
    plan.actions.create(text="y")
    ChangeEvent(plan=plan, kind="changed").save()
    session.save()
"""
    found = offences(source)
    assert [line.split(":")[1].split(" ")[0] for line in found] == ["5", "6", "7", "8", "8"]
    assert any("builds a ChangeEvent" in line for line in found)
