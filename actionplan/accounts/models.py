"""Who may do what (Membership) and the administrators' log (AdminEvent).

AdminEvent keeps plan ids and titles as plain values, not foreign keys: it must outlive what it
describes, above all a deleted plan, whose own ChangeEvents go with it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from actionplan.accounts.roles import Role


class Membership(models.Model):
    """A role for a user on one plan, or on every plan when `plan` is empty."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    plan = models.ForeignKey(
        "plans.Plan", null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=10, choices=Role.CHOICES)
    granted_at = models.DateTimeField(default=timezone.now)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
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
