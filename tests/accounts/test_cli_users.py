import pytest
from django.contrib.auth import authenticate, get_user_model

from actionplan.cli import main
from actionplan.plans import access
from actionplan.plans.models import Person

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "spring meadow lantern"


@pytest.fixture(autouse=True)
def password(monkeypatch):
    monkeypatch.setenv("ACTIONPLAN_PASSWORD", PASSWORD)


def one_error_line(capsys) -> str:
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("actionplan: ")
    return lines[0]


def test_user_add_makes_a_manager_of_every_plan(capsys, seed_plan):
    assert main(["user", "add", "mary", "--role", "manager"]) == 0
    assert "mary: Plan manager on every plan" in capsys.readouterr().out
    mary = get_user_model().objects.get(username="mary")
    assert authenticate(username="mary", password=PASSWORD) == mary
    assert access.role_on(mary, seed_plan) == "manager"


def test_user_add_lead_on_one_plan_linked_to_their_lead_name(capsys, seed_plan):
    assert (
        main(
            ["user", "add", "april", "--role", "lead", "--plan", str(seed_plan.id), "--person", "April Bald"]
        )
        == 0
    )
    april = get_user_model().objects.get(username="april")
    assert Person.objects.get(name="April Bald").user == april
    _, can = access.get_plan(april, seed_plan.id)
    assert can.can_update(seed_plan.actions.filter(leads__name="April Bald").first())


def test_user_add_creates_the_person_when_new(capsys):
    assert main(["user", "add", "newbie", "--role", "viewer", "--person", "Nia Evans"]) == 0
    assert Person.objects.get(name="Nia Evans").user.username == "newbie"


def test_user_add_again_gives_another_role(capsys, seed_plan):
    assert main(["user", "add", "dev", "--role", "viewer"]) == 0
    assert main(["user", "add", "dev", "--role", "manager", "--plan", str(seed_plan.id)]) == 0
    dev = get_user_model().objects.get(username="dev")
    assert access.role_on(dev, seed_plan) == "manager"


@pytest.mark.parametrize(
    "argv, message",
    [
        (["user", "add", "x", "--role", "emperor"], "choose one of admin, manager, lead, viewer"),
        (["user", "add", "x"], "--role is needed"),
        (["user", "add", "x", "--role", "viewer", "--plan", "999"], "--plan 999"),
        (["user", "add", "x", "--role", "viewer", "--plan", "abc"], "--plan abc"),
    ],
)
def test_bad_input_gives_one_line_and_exit_2(capsys, argv, message):
    assert main(argv) == 2
    assert message in one_error_line(capsys)
    assert not get_user_model().objects.filter(username="x").exists()


def test_a_weak_password_is_refused(capsys, monkeypatch):
    monkeypatch.setenv("ACTIONPLAN_PASSWORD", "password")
    assert main(["user", "add", "weak", "--role", "viewer"]) == 2
    assert "too common" in one_error_line(capsys)


def test_without_a_password_or_terminal_the_user_is_told(capsys, monkeypatch):
    monkeypatch.delenv("ACTIONPLAN_PASSWORD")

    def no_terminal(prompt=""):
        raise EOFError

    monkeypatch.setattr("getpass.getpass", no_terminal)
    assert main(["user", "add", "quiet", "--role", "viewer"]) == 2
    assert "ACTIONPLAN_PASSWORD" in one_error_line(capsys)


def test_password_is_prompted_for_twice(capsys, monkeypatch):
    monkeypatch.delenv("ACTIONPLAN_PASSWORD")
    answers = iter([PASSWORD, PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert main(["user", "add", "typed", "--role", "viewer"]) == 0
    assert authenticate(username="typed", password=PASSWORD) is not None


def test_user_list_shows_roles_and_lead_links(capsys, seed_plan):
    main(["user", "add", "april", "--role", "lead", "--plan", str(seed_plan.id), "--person", "April Bald"])
    main(["user", "add", "mary", "--role", "manager"])
    capsys.readouterr()
    assert main(["user", "list"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines == [f"april\tlead@{seed_plan.id}\tApril Bald\tactive", "mary\tmanager@all\t-\tactive"]
