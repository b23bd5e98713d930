"""The domain. Rows are changed only through the write layer (actionplan.plans.writes), which
records every change as a ChangeEvent (or, for roles and people, an AdminEvent); the values "as
at" a past moment are derived from those events."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from actionplan.plans.roles import Role


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    BLUE = "blue", "Blue"


class Person(models.Model):
    """Someone named as a lead; may or may not have a user account."""

    name = models.CharField(max_length=200, unique=True)
    email = models.EmailField(blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="person"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class CycleKind(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    CUSTOM = "custom", "Custom dates"


class RollupRule(models.TextChoices):
    WORST = "worst", "Worst of (any red makes the whole red)"
    MAJORITY = "majority", "Majority (the most common rating; ties go to the worse)"


class Plan(models.Model):
    title = models.CharField(max_length=500)
    organisation = models.CharField(max_length=200, blank=True)
    inspection = models.CharField(max_length=200, blank=True)
    source_filename = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    archived_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    cycle_kind = models.CharField(max_length=10, choices=CycleKind.choices, default=CycleKind.MONTHLY)
    # Days after a cycle's end by which updates are due.
    update_deadline_days = models.PositiveIntegerField(default=5)
    requires_sign_off = models.BooleanField(default=True)
    rollup_rule = models.CharField(max_length=10, choices=RollupRule.choices, default=RollupRule.WORST)
    # Overrides for the suggested-RAG rules (see status.DEFAULT_RULES); empty means the defaults.
    rag_rules = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["title", "id"]

    def __str__(self):
        return self.title


class ReportingCycle(models.Model):
    """A reporting period: every progress note belongs to one once cycles are set up."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="cycles")
    label = models.CharField(max_length=100)
    starts = models.DateField()
    ends = models.DateField()
    deadline = models.DateField()

    class Meta:
        ordering = ["plan", "starts"]
        constraints = [models.UniqueConstraint(fields=["plan", "starts"], name="one_cycle_per_start")]

    def __str__(self):
        return self.label


class Recommendation(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="recommendations")
    number = models.CharField(max_length=30)
    text = models.TextField()
    position = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    archived_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["plan", "position"]

    def __str__(self):
        return f"{self.number}. {self.text[:60]}"


class Action(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="actions")
    text = models.TextField()
    position = models.PositiveIntegerField()
    leads = models.ManyToManyField(Person, through="ActionLead", related_name="actions")
    due_text = models.CharField(max_length=300, blank=True)
    baseline_due_date = models.DateField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    rag = models.CharField(max_length=5, choices=Rag.choices, null=True, blank=True)
    rag_reason = models.TextField(blank=True)
    extra = models.JSONField(default=dict, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    archived_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["recommendation__position", "position"]
        indexes = [models.Index(fields=["plan", "recommendation", "position"])]

    def __str__(self):
        return self.text[:80]

    @property
    def ref(self) -> str:
        """The reference people use for an action, "1.2": its recommendation's number and its place
        (select_related("recommendation") to avoid a query)."""
        return f"{self.recommendation.number}.{self.position}"

    @property
    def lead_people(self) -> list[Person]:
        """Leads in the document's order (prefetch actionlead_set__person to avoid a query)."""
        return [link.person for link in self.actionlead_set.all()]


class ActionLead(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE)
    person = models.ForeignKey(Person, on_delete=models.CASCADE)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["action", "person"], name="one_lead_entry")]


class ProgressNote(models.Model):
    """A dated progress line. Never edited: a correction is a new note that supersedes this one."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    author_name = models.CharField(max_length=200, blank=True)
    cycle = models.ForeignKey(
        ReportingCycle, null=True, blank=True, on_delete=models.SET_NULL, related_name="notes"
    )
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="superseded_by"
    )
    imported = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["action", "created_at", "position", "id"]


class Evidence(models.Model):
    """What shows an action is done: a note, a link or an uploaded file (under the data dir)."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="evidence")
    note = models.TextField(blank=True)
    link = models.URLField(blank=True, max_length=1000)
    file = models.FileField(upload_to="evidence/%Y/%m/", blank=True, max_length=300)
    original_name = models.CharField(max_length=255, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at", "id"]


class EventKind(models.TextChoices):
    """What a ChangeEvent records (the conventions are in ChangeEvent's docstring)."""

    CREATED = "created", "Created"
    CHANGED = "changed", "Changed"
    NOTE = "note", "Progress note"
    ARCHIVED = "archived", "Archived"
    RESTORED = "restored", "Restored"
    DELETED = "deleted", "Deleted"
    COMPLETED = "completed", "Completed"
    SIGNED_OFF = "signed_off", "Signed off"
    REOPENED = "reopened", "Reopened"
    CYCLE_ADDED = "cycle_added", "Cycle added"
    CYCLE_REMOVED = "cycle_removed", "Cycle removed"


class ChangeEvent(models.Model):
    """The audit trail: who changed what, when, from what to what, and why.

    Conventions every writer follows (the "as at" views depend on them):
    - kind="created": a plan (action/recommendation null), recommendation or action came into being;
    - kind="changed", field=<model field> with old/new as JSON values: dates as ISO strings, leads
      as a list of names, rag as "red"/"amber"/"green"/"blue"/None;
    - kind="note": a progress note was added (new={"note_id", "text"});
    - kind="archived" / "restored" / "deleted": the object left or came back (deleted: admin only);
    - kind="completed" / "signed_off" / "reopened": completion and sign-off of an action, and its
      reopening (a RAG moved off blue);
    - kind="cycle_added" / "cycle_removed": a custom reporting cycle (field="cycles").
    The value of a field as at time T is the `old` of the earliest "changed" event after T for it,
    or the current value when there is none.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="events")
    recommendation = models.ForeignKey(
        Recommendation, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    action = models.ForeignKey(Action, null=True, blank=True, on_delete=models.CASCADE, related_name="events")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    actor_name = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    kind = models.CharField(max_length=40, choices=EventKind.choices)
    field = models.CharField(max_length=40, blank=True)
    old = models.JSONField(null=True, blank=True)
    new = models.JSONField(null=True, blank=True)
    reason = models.TextField(blank=True)
    # The changed object's version after this change: what a refused edit missed (concurrency.py).
    object_version = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["plan", "at"]), models.Index(fields=["action", "at"])]


# Who may do what, and the administrators' log ----------------------------------------------
# Roles are the domain's own rule (plans.access reads them), so they live here, not in accounts,
# which only signs people in. AdminEvent keeps plan ids and titles as plain values, not foreign keys:
# it must outlive what it describes, above all a deleted plan, whose own ChangeEvents go with it.


class Membership(models.Model):
    """A role for a user on one plan, or on every plan when `plan` is empty."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    plan = models.ForeignKey(
        Plan, null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=10, choices=Role.CHOICES)
    granted_at = models.DateTimeField(default=timezone.now)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        db_table = "accounts_membership"  # made by the accounts app, which held it before
        ordering = ["user", "plan", "id"]
        constraints = [
            # One role per user per plan; NULL never equals NULL in SQL, hence the second rule.
            models.UniqueConstraint(fields=["user", "plan"], name="one_role_per_plan"),
            models.UniqueConstraint(
                fields=["user"], condition=Q(plan__isnull=True), name="one_role_on_every_plan"
            ),
        ]

    def __str__(self):
        where = f"plan {self.plan_id}" if self.plan_id else "every plan"
        return f"{self.user} – {Role.LABELS.get(self.role, self.role)} on {where}"


class AdminEvent(models.Model):
    """A change to accounts and roles, or a plan's deletion: who, when, old -> new, why."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    actor_name = models.CharField(max_length=200, blank=True)
    # user_invited, user_created, role_granted, role_changed, role_removed, person_linked,
    # user_activated, user_deactivated, password_link, plan_deleted
    kind = models.CharField(max_length=40)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject_name = models.CharField(max_length=200, blank=True)
    plan_ref = models.BigIntegerField(null=True, blank=True, db_index=True)
    plan_title = models.CharField(max_length=500, blank=True)
    old = models.JSONField(null=True, blank=True)
    new = models.JSONField(null=True, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        db_table = "accounts_adminevent"  # made by the accounts app, which held it before
        ordering = ["-at", "-id"]

    def summary(self) -> str:
        """'gave alice the Plan manager role on Southwark SIF plan', for the log pages."""
        who, where = self.subject_name or "someone", self.plan_title or "every plan"
        role_old, role_new = Role.LABELS.get(self.old, self.old), Role.LABELS.get(self.new, self.new)
        texts = {
            "user_invited": f"invited {who}",
            "user_created": f"created the user {who}",
            "role_granted": f"gave {who} the {role_new} role on {where}",
            "role_changed": f"changed the role of {who} on {where} from {role_old} to {role_new}",
            "role_removed": f"removed the {role_old} role on {where} from {who}",
            "person_linked": f"linked {who} to the lead officer {self.new}",
            "user_activated": f"let {who} sign in again",
            "user_deactivated": f"switched off {who}",
            "password_link": f"made a set-password link for {who}",
            "password_set": f"{who} set a password" if not self.user_id else f"set a password for {who}",
            "person_email_changed": (
                f"changed the email of {who} from {self.old or 'none'} to {self.new or 'none'}"
            ),
            "plan_deleted": f"deleted the plan {self.plan_title} (id {self.plan_ref})",
        }
        return texts.get(self.kind, self.kind.replace("_", " "))
