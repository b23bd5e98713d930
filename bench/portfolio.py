"""A realistic portfolio of plans for benchmarks and load tests, deterministic from a seed.

`generate(size, seed)` fills an empty database (never the user's: the benchmark points
ACTIONPLAN_DATA_DIR at a fresh folder) with:

- small: the seed plan (the Southwark document, imported as a user would) and its users;
- council: the seed plan and 39 generated plans (40 plans, 2,000 actions, 50,000 progress notes over
  24 monthly cycles of history, 300 people, 200 users with their roles);
- large: ten times council (400 plans, 20,000 actions, 500,000 notes): PostgreSQL only.

Generated plans look like what the write layer leaves behind: progress notes in each monthly cycle
with their "note" ChangeEvents, RAG history and due-date slippage as "changed" events, completion
and sign-off with evidence, corrections that supersede a note, versions that count the changes.
Rows go in with bulk_create in large batches, one transaction per plan.

The pages the benchmark measures are guaranteed to exist: a plan of 150 actions, an action with 100
timeline entries in it, a lead with 60 actions, and a plan of 500 actions for the export figures.
`generate` returns a dict naming them (ids and usernames), which the benchmark keeps.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import random
import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from actionplan.plans.models import (
    Action,
    ActionLead,
    ChangeEvent,
    Evidence,
    Person,
    Plan,
    ProgressNote,
    Recommendation,
    ReportingCycle,
)

BATCH = 5000
CYCLES = 24


def bench_password() -> str:
    """Every generated user's password: ACTIONPLAN_BENCH_PASSWORD, else a new one each run (the
    bench reads it back from the portfolio.json it writes beside the throwaway data dir)."""
    return os.environ.get("ACTIONPLAN_BENCH_PASSWORD") or secrets.token_urlsafe(16)


@dataclass(frozen=True)
class Size:
    plans: int  # including the seed plan
    actions: int  # including the seed plan's 18
    notes: int  # including the seed plan's 38 imported key points
    people: int
    users: int


SIZES = {
    "small": Size(plans=1, actions=0, notes=0, people=0, users=4),
    "council": Size(plans=40, actions=2000, notes=50000, people=300, users=200),
    "large": Size(plans=400, actions=20000, notes=500000, people=3000, users=2000),
}
BIG_PLAN_ACTIONS = 500  # exported in the benchmark
PAGE_PLAN_ACTIONS = 150  # its overview, dashboard, report and search are measured
LONG_TIMELINE = 100  # entries on the measured action page
LEAD_ACTIONS = 60  # the measured "My actions" lead

# Realistic current RAG: most on track or at risk, a tail of red, some complete, a few unrated.
RAG_WEIGHTS = {"red": 0.12, "amber": 0.30, "green": 0.35, "blue": 0.18, None: 0.05}

FIRST = (
    "Aisha Alan Amara Andrew Angela Bernard Bola Carol Chidi Claire Daniel Deborah Eleanor Emeka "
    "Fatima Fiona Gareth Grace Hannah Harpreet Ian Imran Jane Joseph Kate Kwame Laura Liam Mandeep "
    "Margaret Mohammed Nadia Neil Olu Paul Priya Rachel Richard Ruth Sam Sarah Sean Simone Tariq Tom "
    "Una Victoria Wendy Yusuf Zoe"
).split()
LAST = (
    "Adeyemi Ahmed Baker Bennett Brown Campbell Chen Clarke Davies Edwards Evans Fisher Green Hall "
    "Harris Hughes Jackson James Johnson Jones Khan King Lewis Martin Mensah Morgan Murphy Nowak "
    "Okafor Owen Patel Price Roberts Robinson Shah Singh Smith Taylor Thomas Turner Walker Ward "
    "White Williams Wilson Wood Wright Young"
).split()
ORGS = ("Northbridge Eastmoor Kingsford Westerham Ashdown Riverside Millbrook Stanton").split()
INSPECTIONS = [
    "Ofsted ILACS",
    "Ofsted SIF",
    "CQC",
    "Internal audit",
    "SEND written statement of action",
    "JTAI",
    "HMIP",
    "Peer review",
]
TOPICS = [
    "supervision",
    "case file audit",
    "management oversight",
    "care planning",
    "placement sufficiency",
    "pathway plans",
    "return home interviews",
    "strategy discussions",
    "child protection conferences",
    "early help assessments",
    "EHCP timeliness",
    "workforce stability",
    "agency staffing",
    "caseloads",
    "voice of the child",
    "permanence planning",
    "MASH thresholds",
    "private fostering",
    "care leavers",
    "health assessments",
    "IRO challenge",
    "quality assurance framework",
    "performance reporting",
    "exploitation screening",
    "missing children",
    "court timeliness",
    "SGO support",
]
VERBS = [
    "Introduce",
    "Review",
    "Embed",
    "Strengthen",
    "Audit",
    "Develop",
    "Implement",
    "Monitor",
    "Train staff in",
    "Refresh",
    "Publish",
    "Commission",
]
NOTE_OPENERS = [
    "Audit of {n} case files completed; {m} met the standard.",
    "Training delivered to {n} practitioners in {month}.",
    "Task and finish group met; terms of reference agreed.",
    "Performance report to the improvement board shows {pct}% compliance.",
    "Dip sample of {n} cases found improvement in {topic}.",
    "Revised guidance on {topic} published on the practice hub.",
    "Recruitment to {n} posts under way; {m} offers accepted.",
    "Further work needed on {topic}: see the exception report.",
    "Partner agencies signed up to the new protocol for {topic}.",
    "Monthly tracker shows {pct}% of plans reviewed on time.",
]
NOTE_TAILS = [
    "",
    " Next review at the {month} board.",
    " Lead to report back next cycle.",
    " Evidence held on the shared drive.",
    " Slippage reported to the DCS.",
    " Feedback from children and families is positive.",
    " Further audit planned for {month}.",
]
REASONS = [
    "Audit findings show improvement",
    "Recruitment delays",
    "Evidence of impact not yet seen",
    "Milestones met this cycle",
    "Awaiting partner sign-off",
    "Capacity pressures in the team",
    "Re-baselined at the improvement board",
]
SEARCH_TERM = "court timeliness"  # a topic: about a quarter of a plan's actions mention it


def _months_back(today: dt.date, months: int) -> dt.date:
    """The first day of the month `months` before today's month."""
    index = today.year * 12 + today.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def _month_end(first: dt.date) -> dt.date:
    nxt = _months_back(first, -1)
    return nxt - dt.timedelta(days=1)


def _aware(day: dt.date, seconds: int = 9 * 3600) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min) + dt.timedelta(seconds=seconds))


def _weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


class _Builder:
    """Holds the run's random source, people, users and the plans it made."""

    def __init__(self, size: Size, seed: int, now: dt.datetime):
        self.size, self.rng, self.now = size, random.Random(seed), now
        self.today = timezone.localdate(now)
        password = bench_password()
        self.password = make_password(password)  # one hash for all: hashing each would take minutes
        self.info: dict = {"password": password, "seed": seed}

    # People and users ------------------------------------------------------------------------

    def people_and_users(self):
        size, rng = self.size, self.rng
        User = get_user_model()
        taken = set(Person.objects.values_list("name", flat=True))
        names = sorted({f"{f} {last}" for f in FIRST for last in LAST} - taken)
        rng.shuffle(names)
        initials = iter(f"{f} {i}. {last}" for i in "ABCDEFGHJKLMNPRSTW" for f in FIRST for last in LAST)
        while len(names) < size.people:  # the large portfolio needs more people than first x last
            names.append(next(initials))
        names = names[: size.people - Person.objects.count()]  # the seed plan's leads count too
        n_admin, n_managers = 1, max(2, size.users // 20)
        n_viewers = max(1, size.users // 5)
        n_leads = size.users - n_admin - n_managers - n_viewers
        specs = [("admin", "admin", "Ada Admin")]
        specs += [(f"manager{i}", "manager", f"Manager {i}") for i in range(n_managers)]
        specs += [(f"viewer{i}", "viewer", f"Board Member {i}") for i in range(n_viewers)]
        lead_names = names[:n_leads]
        specs += [(f"lead{i}", "lead", name) for i, name in enumerate(lead_names)]
        users = User.objects.bulk_create(
            [
                User(
                    username=u,
                    password=self.password,
                    first_name=full.split(" ")[0],
                    last_name=" ".join(full.split(" ")[1:]),
                    email=f"{u}@example.org",
                )
                for u, _, full in specs
            ],
            batch_size=BATCH,
        )
        self.users = {u.username: u for u in users}
        self.user_roles = {u: role for u, role, _ in specs}
        people = Person.objects.bulk_create(
            [Person(name=name, email="") for name in names],
            batch_size=BATCH,
        )
        by_name = {p.name: p for p in people}
        for i, name in enumerate(lead_names):
            by_name[name].user = self.users[f"lead{i}"]
        Person.objects.bulk_update([by_name[n] for n in lead_names], ["user"], batch_size=BATCH)
        self.people = people
        self.person_user = {by_name[n].id: self.users[f"lead{i}"] for i, n in enumerate(lead_names)}
        self.managers = [self.users[u] for u, role, _ in specs if role == "manager"]
        # The measured lead: a linked person who gets exactly LEAD_ACTIONS live actions.
        self.star = by_name[lead_names[0]] if lead_names else None
        # Leads are spread unevenly, as in life: a few senior people lead many actions.
        self.lead_weights = [1.0 / (1 + i) ** 0.6 for i in range(len(people))]
        self._pool = None

    def lead_pool(self):
        """Everyone but the measured lead, with cumulative weights (a pick is then a bisection)."""
        if self._pool is None:
            pairs = [(p, w) for p, w in zip(self.people, self.lead_weights, strict=True) if p != self.star]
            self._pool = ([p for p, _ in pairs], list(itertools.accumulate(w for _, w in pairs)))
        return self._pool

    def memberships(self, plan_leads: dict[int, set[int]], managed: dict[int, list]):
        from actionplan.plans.models import Membership

        rows = []
        for username, role in self.user_roles.items():
            if role in ("admin", "viewer") or (role == "manager" and username in ("manager0", "manager1")):
                rows.append(Membership(user=self.users[username], plan=None, role=role))
        for plan_id, managers in managed.items():
            rows += [Membership(user=m, plan_id=plan_id, role="manager") for m in managers]
        for plan_id, person_ids in plan_leads.items():
            rows += [
                Membership(user=self.person_user[pid], plan_id=plan_id, role="lead")
                for pid in sorted(person_ids)
                if pid in self.person_user
            ]
        Membership.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
        return len(rows)

    # Text ------------------------------------------------------------------------------------

    def note_text(self, when: dt.date, topic: str) -> str:
        rng = self.rng
        values = {
            "n": rng.randint(5, 60),
            "m": rng.randint(1, 5),
            "pct": rng.randint(55, 98),
            "month": when.strftime("%B %Y"),
            "topic": topic,
        }
        text = rng.choice(NOTE_OPENERS).format(**values) + rng.choice(NOTE_TAILS).format(**values)
        if rng.random() < 0.25:
            text += "\n- " + rng.choice(TOPICS).capitalize() + " reviewed at the practice panel"
        return text

    def action_text(self, topic: str) -> str:
        rng = self.rng
        text = f"{rng.choice(VERBS)} {topic} across the service, with a clear line of management oversight."
        if rng.random() < 0.4:
            text += "\n- " + "\n- ".join(rng.sample(TOPICS, 2)).capitalize()
        return text


def _due_text(day: dt.date) -> str:
    return day.strftime("%B %Y")


@dataclass
class _PlanSpec:
    actions: int
    notes: int
    long_timeline: bool = False


def _plan_specs(size: Size, seed_actions: int, seed_notes: int, rng: random.Random) -> list[_PlanSpec]:
    """Actions and notes for each generated plan, adding up exactly to the size's totals."""
    generated = size.plans - 1
    if generated <= 0:
        return []
    fixed = [BIG_PLAN_ACTIONS, PAGE_PLAN_ACTIONS]
    rest_actions = size.actions - seed_actions - sum(fixed)
    others = generated - len(fixed)
    sizes = [rest_actions // others + (1 if i < rest_actions % others else 0) for i in range(others)]
    # Vary plan sizes (pairs of plans trade actions) while keeping the total.
    for i in range(0, others - 1, 2):
        shift = rng.randint(0, sizes[i] // 2)
        sizes[i] -= shift
        sizes[i + 1] += shift
    actions = fixed + sizes
    total_actions = sum(actions)
    notes_left = size.notes - seed_notes
    notes = [notes_left * a // total_actions for a in actions]
    notes[0] += notes_left - sum(notes)
    specs = [_PlanSpec(a, n) for a, n in zip(actions, notes, strict=True)]
    specs[1].long_timeline = True
    return specs


def generate(size_name: str, seed: int = 1, *, now: dt.datetime | None = None, progress=None) -> dict:
    """Fill the (empty) database with a portfolio of the given size; return what the benchmark needs."""
    from actionplan.demo import SEED_NAME, seed_bytes
    from actionplan.ingest import parse
    from actionplan.plans.writes import save_draft

    size = SIZES[size_name]
    if Plan.objects.exists():
        raise RuntimeError("generate fills an empty database: point ACTIONPLAN_DATA_DIR at a fresh folder.")
    now = now or timezone.now()
    builder = _Builder(size, seed, now)
    say = progress or (lambda message: None)
    with transaction.atomic():
        seed_plan = save_draft(parse(seed_bytes(), SEED_NAME).draft, source_filename=SEED_NAME)
        if size_name == "small":
            return _small(builder, seed_plan)
        builder.people_and_users()
    seed_actions = Action.objects.filter(plan=seed_plan).count()
    seed_notes = ProgressNote.objects.filter(action__plan=seed_plan).count()
    specs = _plan_specs(size, seed_actions, seed_notes, builder.rng)
    plan_leads: dict[int, set[int]] = {seed_plan.id: set()}
    managed: dict[int, list] = {seed_plan.id: builder.managers[2:4]}
    star_left = LEAD_ACTIONS
    made = []
    for index, spec in enumerate(specs):
        # The star lead's 60 actions are spread over the first plans after the two measured ones.
        star_here = 0
        if index >= 2 and star_left:
            star_here = min(star_left, 12, spec.actions)
            star_left -= star_here
        with transaction.atomic():
            plan, leads, long_action = _generate_plan(builder, index, spec, star_here)
        plan_leads[plan.id] = leads
        managed[plan.id] = builder.rng.sample(builder.managers[2:], k=min(2, len(builder.managers) - 2))
        made.append((plan, spec))
        if index == 0:
            builder.info["export_plan"] = plan.id
        if index == 1:
            builder.info["page_plan"] = plan.id
            builder.info["long_action"] = long_action
        if (index + 1) % 10 == 0 or index + 1 == len(specs):
            say(f"{index + 1}/{len(specs)} plans")
    with transaction.atomic():
        builder.info["memberships"] = builder.memberships(plan_leads, managed)
    star_user = builder.person_user[builder.star.id]
    builder.info.update(
        size=size_name,
        seed_plan=seed_plan.id,
        manager="manager0",
        lead=star_user.username,
        lead_person=builder.star.name,
        search=SEARCH_TERM,
        counts=counts(),
    )
    return builder.info


def _small(builder: _Builder, seed_plan: Plan) -> dict:
    """The seed plan with users in the same roles the council portfolio has, so page query counts
    at both sizes are measured the same way."""
    from actionplan.plans.models import Membership

    User = get_user_model()
    specs = [
        ("admin", "admin", None),
        ("manager0", "manager", None),
        ("viewer0", "viewer", None),
        ("lead0", "lead", seed_plan),
    ]
    users = {}
    for username, role, plan in specs:
        users[username] = User.objects.create(username=username, password=builder.password)
        Membership.objects.create(user=users[username], plan=plan, role=role)
    # The seed's busiest lead, and its action with the most notes, stand for the measured pages.
    star = Person.objects.get(name="April Bald")
    star.user = users["lead0"]
    star.save(update_fields=["user"])
    busiest = max(Action.objects.filter(plan=seed_plan), key=lambda a: (a.notes.count(), -a.id))
    builder.info.update(
        size="small",
        seed_plan=seed_plan.id,
        export_plan=seed_plan.id,
        page_plan=seed_plan.id,
        long_action=busiest.id,
        manager="manager0",
        lead="lead0",
        lead_person=star.name,
        search="panel",
        counts=counts(),
    )
    return builder.info


def counts() -> dict:
    from actionplan.plans.models import Membership

    return {
        "plans": Plan.objects.count(),
        "actions": Action.objects.count(),
        "notes": ProgressNote.objects.count(),
        "events": ChangeEvent.objects.count(),
        "cycles": ReportingCycle.objects.count(),
        "people": Person.objects.count(),
        "users": get_user_model().objects.count(),
        "memberships": Membership.objects.count(),
    }


def _generate_plan(b: _Builder, index: int, spec: _PlanSpec, star_actions: int):
    rng, today = b.rng, b.today
    start_month = _months_back(today, CYCLES - 1)
    created = _aware(start_month - dt.timedelta(days=rng.randint(3, 20)))
    org = ORGS[index % len(ORGS)]
    inspection = INSPECTIONS[index % len(INSPECTIONS)]
    plan = Plan.objects.create(
        title=f"{org} {inspection} improvement plan {2000 + index}",
        organisation=f"{org} Council",
        inspection=inspection,
        source_filename=f"{org.lower()}-{index}.docx",
        created_at=created,
    )
    months = [_months_back(today, CYCLES - 1 - i) for i in range(CYCLES)]
    cycles = ReportingCycle.objects.bulk_create(
        [
            ReportingCycle(
                plan=plan,
                label=m.strftime("%B %Y"),
                starts=m,
                ends=_month_end(m),
                deadline=_month_end(m) + dt.timedelta(days=plan.update_deadline_days),
            )
            for m in months
        ]
    )
    events = [
        ChangeEvent(
            plan=plan,
            kind="created",
            at=created,
            actor_name="system",
            new={"title": plan.title, "source": plan.source_filename},
        )
    ]

    # Recommendations of 2 to 7 actions each.
    rec_sizes = []
    left = spec.actions
    while left > 0:
        take = min(left, rng.randint(2, 7))
        rec_sizes.append(take)
        left -= take
    recs = Recommendation.objects.bulk_create(
        [
            Recommendation(
                plan=plan,
                number=str(i + 1),
                position=i + 1,
                created_at=created,
                text=f"Ensure that {rng.choice(TOPICS)} is consistently effective and well evidenced.",
            )
            for i in range(len(rec_sizes))
        ]
    )

    # Actions with their final state; history is replayed below to reach it.
    actions, plan_meta = [], []
    for rec, n in zip(recs, rec_sizes, strict=True):
        for position in range(1, n + 1):
            topic = rng.choice(TOPICS)
            baseline = _months_back(today, rng.randint(-12, CYCLES - 2))
            baseline = _month_end(baseline)
            rag = _weighted(rng, RAG_WEIGHTS)
            actions.append(
                Action(
                    plan=plan,
                    recommendation=rec,
                    text=b.action_text(topic),
                    position=position,
                    due_text=_due_text(baseline),
                    baseline_due_date=baseline,
                    due_date=baseline,
                    rag=None,
                    created_at=created,
                    extra={
                        "Measures of success": [
                            f"{rng.randint(70, 95)}% of {topic} audits rated good or better"
                        ]
                    },
                )
            )
            plan_meta.append((topic, rag))
    actions = Action.objects.bulk_create(actions, batch_size=BATCH)

    # Leads: one or two per action; the star lead takes exactly `star_actions` of them.
    star_set = set(rng.sample(range(len(actions)), star_actions)) if star_actions else set()
    lead_rows, plan_leads = [], set()
    others, cumulative = b.lead_pool()
    for i, action in enumerate(actions):
        chosen = []
        if i in star_set:
            chosen.append(b.star)
        while len(chosen) < (1 if rng.random() < 0.6 else 2):
            person = rng.choices(others, cum_weights=cumulative)[0]
            if person not in chosen:
                chosen.append(person)
        for pos, person in enumerate(chosen):
            lead_rows.append(ActionLead(action=action, person=person, position=pos))
            plan_leads.add(person.id)
        events.append(
            ChangeEvent(
                plan=plan,
                recommendation_id=action.recommendation_id,
                action=action,
                kind="created",
                at=created,
                actor_name="system",
            )
        )
    ActionLead.objects.bulk_create(lead_rows, batch_size=BATCH)
    lead_of = {}
    for row in lead_rows:
        lead_of.setdefault(row.action_id, row.person_id)

    # Notes per action: the plan's total spread unevenly; the long-timeline action gets its own share.
    long_index = len(actions) // 3 if spec.long_timeline else None
    weights = [rng.uniform(0.3, 1.7) for _ in actions]
    long_notes = LONG_TIMELINE - 19  # 1 created + 12 RAG changes + 3 due moves of 2 fields = 19 events
    budget = spec.notes - (long_notes if long_index is not None else 0)
    share = sum(w for i, w in enumerate(weights) if i != long_index)
    per_action = [0 if i == long_index else int(budget * w / share) for i, w in enumerate(weights)]
    ordinary = [j for j in range(len(actions)) if j != long_index]
    for i in range(budget - sum(per_action)):
        per_action[ordinary[i % len(ordinary)]] += 1
    if long_index is not None:
        per_action[long_index] = long_notes

    notes, corrections, note_events, updated = [], [], [], []
    for i, action in enumerate(actions):
        topic, final_rag = plan_meta[i]
        if i == long_index:
            final_rag = (
                "amber"  # so its twelve RAG changes are twelve timeline entries, none of them completion
            )
        _history(
            b,
            plan,
            action,
            cycles,
            months,
            created,
            per_action[i],
            topic,
            final_rag,
            lead_of.get(action.id),
            (notes, corrections, note_events, events),
            long=(i == long_index),
        )
        updated.append(action)
    ProgressNote.objects.bulk_create(notes, batch_size=BATCH)  # ids come back: events refer to them
    ProgressNote.objects.bulk_create(corrections, batch_size=BATCH)  # after the notes they supersede
    for note, event in note_events:
        event.new = {"note_id": note.id, "text": note.text}
        if note.supersedes is not None:
            event.field = "correction"
            event.old = {"note_id": note.supersedes.id, "text": note.supersedes.text}
    Action.objects.bulk_update(
        updated,
        [
            "rag",
            "rag_reason",
            "due_date",
            "due_text",
            "completed_at",
            "completed_by",
            "signed_off_at",
            "signed_off_by",
            "version",
        ],
        batch_size=BATCH,
    )
    Evidence.objects.bulk_create(
        [
            Evidence(
                action=a,
                note="Audit report and board minutes",
                added_at=a.completed_at,
                added_by=a.completed_by,
            )
            for a in updated
            if a.completed_at
        ],
        batch_size=BATCH,
    )
    ChangeEvent.objects.bulk_create(events + [e for _, e in note_events], batch_size=BATCH)
    long_action = actions[long_index].id if long_index is not None else None
    return plan, plan_leads, long_action


def _history(
    b, plan, action, cycles, months, created, n_notes, topic, final_rag, lead_person_id, out, *, long=False
):
    """Replay 24 cycles of an action's life into notes and events, ending at its current state."""
    rng, now = b.rng, b.now
    notes, corrections, note_events, events = out
    author = b.person_user.get(lead_person_id) or rng.choice(b.managers)
    author_name = author.get_full_name() or author.username
    version = 1
    link = {"plan": plan, "action": action, "recommendation_id": action.recommendation_id}

    # Imported key points at creation (one to three), then updates spread over the cycles.
    imported = min(n_notes, 0 if long else rng.randint(1, 3))
    for position in range(imported):
        notes.append(
            ProgressNote(
                action=action,
                text=b.note_text(created.date(), topic),
                created_at=created,
                author_name="system",
                imported=True,
                position=position,
            )
        )
    moments = sorted(_moment_in(rng, months, now) for _ in range(n_notes - imported))

    # RAG changes along the way, ending at the final RAG; blue comes last if it comes at all.
    n_rag = 12 if long else rng.choices([0, 1, 2, 3, 4], weights=[10, 30, 30, 20, 10])[0]
    if final_rag is not None:
        n_rag = max(n_rag, 1)
    target = (final_rag or rng.choice(["amber", "green"])) if n_rag else None
    path, previous_rag = [], None
    for step in range(n_rag - 1):  # every step a real change, and the last one reaches the target
        avoid = {previous_rag, target} if step == n_rag - 2 else {previous_rag}
        previous_rag = rng.choice([r for r in ("red", "amber", "green") if r not in avoid])
        path.append(previous_rag)
    if n_rag:
        path.append(target)
    rag_moments = sorted(_moment_in(rng, months, now) for _ in path)
    n_moves = 3 if long else rng.choices([0, 1, 2], weights=[75, 18, 7])[0]
    move_moments = sorted(_moment_in(rng, months, now) for _ in range(n_moves))

    timeline = [(m, "note", None) for m in moments] + [
        (m, "rag", r) for m, r in zip(rag_moments, path, strict=True)
    ]
    timeline += [(m, "due", None) for m in move_moments]
    timeline.sort(key=lambda item: item[0])
    rag, due, due_text = None, action.baseline_due_date, action.due_text
    for when, kind, value in timeline:
        version += 1
        if kind == "note":
            cycle = cycles[_month_index(months, when)]
            previous = notes[-1] if notes and notes[-1].action is action and not notes[-1].imported else None
            if previous is not None and not getattr(previous, "_corrected", False) and rng.random() < 0.01:
                # A correction: supersedes the note before it (both are kept).
                previous._corrected = True
                note = ProgressNote(
                    action=action,
                    text=previous.text + " (figures corrected)",
                    created_at=when,
                    author=author,
                    author_name=author_name,
                    cycle=previous.cycle,
                    supersedes=previous,
                )
                corrections.append(note)
            else:
                note = ProgressNote(
                    action=action,
                    text=b.note_text(when.date(), topic),
                    created_at=when,
                    author=author,
                    author_name=author_name,
                    cycle=cycle,
                )
                notes.append(note)
            note_events.append(
                (
                    note,
                    ChangeEvent(
                        kind="note",
                        at=when,
                        user=author,
                        actor_name=author_name,
                        object_version=version,
                        **link,
                    ),
                )
            )
        elif kind == "rag" and value != rag:
            reason = rng.choice(REASONS)
            events.append(
                ChangeEvent(
                    kind="changed",
                    field="rag",
                    old=rag,
                    new=value,
                    reason=reason,
                    at=when,
                    user=author,
                    actor_name=author_name,
                    object_version=version,
                    **link,
                )
            )
            if value == "blue":
                action.completed_at, action.completed_by = when, author
                events.append(
                    ChangeEvent(
                        kind="completed",
                        at=when,
                        user=author,
                        actor_name=author_name,
                        object_version=version,
                        **link,
                    )
                )
                if rng.random() < 0.8 and when + dt.timedelta(days=3) < now:
                    signer = rng.choice(b.managers)
                    action.signed_off_at, action.signed_off_by = when + dt.timedelta(days=3), signer
                    version += 1
                    events.append(
                        ChangeEvent(
                            kind="signed_off",
                            at=action.signed_off_at,
                            user=signer,
                            actor_name=signer.get_full_name(),
                            object_version=version,
                            **link,
                        )
                    )
            elif rag == "blue":
                action.completed_at = action.completed_by = action.signed_off_at = action.signed_off_by = None
                events.append(
                    ChangeEvent(
                        kind="reopened",
                        at=when,
                        user=author,
                        actor_name=author_name,
                        reason=reason,
                        object_version=version,
                        **link,
                    )
                )
            rag, action.rag_reason = value, reason
        elif kind == "due":
            new_due = _month_end(_months_back(due, -rng.randint(1, 4)))
            reason = rng.choice(REASONS)
            new_text = _due_text(new_due)
            for field, old, new in (
                ("due_date", due.isoformat(), new_due.isoformat()),
                ("due_text", due_text, new_text),
            ):
                events.append(
                    ChangeEvent(
                        kind="changed",
                        field=field,
                        old=old,
                        new=new,
                        reason=reason,
                        at=when,
                        user=author,
                        actor_name=author_name,
                        object_version=version,
                        **link,
                    )
                )
            due, due_text = new_due, new_text
    action.rag, action.due_date, action.due_text, action.version = rag, due, due_text, version


def _moment_in(rng, months, now) -> dt.datetime:
    """A working-hours moment in one of the cycles' months, never in the future."""
    first = months[0]
    span = (now.date() - first).days
    while True:
        day = first + dt.timedelta(days=rng.randint(0, max(span, 0)))
        moment = _aware(day, rng.randint(8 * 3600, 18 * 3600))
        if moment < now:
            return moment


def _month_index(months, when) -> int:
    day = timezone.localtime(when).date()
    return (day.year - months[0].year) * 12 + day.month - months[0].month
