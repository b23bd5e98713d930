"""Run in a subprocess against a reliability test's own store (ACTIONPLAN_DATA_DIR, DATABASE_URL):
migrate, import the seed plan as a user would, and add users who may update every action. Prints
one JSON line: the plan id, its action ids and the usernames.

    python -m tests.reliability.setup_store --users 20
"""

from __future__ import annotations

import argparse
import json
import os

PASSWORD = "reliability-password-2024"


def main(argv=None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=1)
    parser.add_argument("--no-plan", action="store_true")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "actionplan.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command

    from actionplan.demo import SEED_NAME, seed_bytes
    from actionplan.ingest import parse
    from actionplan.plans.models import Membership
    from actionplan.plans.writes import save_draft

    call_command("migrate", verbosity=0, interactive=False)
    info = {"plan": None, "actions": [], "users": []}
    if not args.no_plan:
        plan = save_draft(parse(seed_bytes(), SEED_NAME).draft, source_filename=SEED_NAME)
        info["plan"] = plan.id
        info["actions"] = list(plan.actions.order_by("id").values_list("id", flat=True))
    User = get_user_model()
    hashed = make_password(PASSWORD)  # once: the production hasher takes a while per password
    users = User.objects.bulk_create(
        [
            User(username=f"client{i}", first_name="Client", last_name=str(i), password=hashed)
            for i in range(args.users)
        ]
    )
    Membership.objects.bulk_create([Membership(user=u, plan=None, role="manager") for u in users])
    info["users"] = [u.username for u in users]
    print(json.dumps(info))


if __name__ == "__main__":
    main()
