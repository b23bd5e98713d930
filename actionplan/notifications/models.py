"""What was sent, to whom and how it went (OutboundMessage), which actions each message named
(MessageItem), which emailed update links have been used (LinkUse), each plan's reminder settings
(PlanNotificationSettings) and who asked for no more reminders (ReminderOptOut).

An OutboundMessage is written, status "pending", in its own transaction BEFORE it is sent; its
`key` is unique, so no message is ever recorded, and therefore sent, twice (docs/reminders.md)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

DEFAULT_REMINDER_DAYS = (7, 2)


def default_reminder_days():
    return list(DEFAULT_REMINDER_DAYS)


class PlanNotificationSettings(models.Model):
    """A plan's chasing rules. A plan without a row uses the defaults."""

    plan = models.OneToOneField("plans.Plan", on_delete=models.CASCADE, related_name="notification_settings")
    # Days before a cycle's deadline on which leads still missing an update are reminded.
    reminder_days = models.JSONField(default=default_reminder_days, blank=True)
    # Off: `actionplan remind` sends no update requests for this plan; the plan manager sends them
    # with the button on the requests page. Reminders, overdue notices and digests still follow.
    automatic_requests = models.BooleanField(default=True)

    @classmethod
    def for_plan(cls, plan) -> "PlanNotificationSettings":
        """The plan's settings, or unsaved defaults (reading never writes)."""
        found = cls.objects.filter(plan=plan).first()
        return found or cls(plan=plan)


class ReminderOptOut(models.Model):
    """A lead (Person) or plan manager (User) who followed an unsubscribe link: no reminders,
    overdue notices or digests; the update request for each cycle still goes."""

    person = models.OneToOneField(
        "plans.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="reminder_opt_out"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reminder_opt_out",
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, user__isnull=True)
                | Q(person__isnull=True, user__isnull=False),
                name="opt_out_names_one_recipient",
            )
        ]


class Kind(models.TextChoices):
    REQUEST = "request", "Update request"
    REMINDER = "reminder", "Reminder"
    OVERDUE = "overdue", "Overdue notice"
    DIGEST = "digest", "Digest"


class Status(models.TextChoices):
    PENDING = "pending", "Waiting to send"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class OutboundMessage(models.Model):
    # request:{cycle}:{person}, reminder:{cycle}:{person}:{days}, overdue:{cycle}:{person}:{first action},
    # digest:{cycle}:{user}
    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    plan = models.ForeignKey("plans.Plan", null=True, on_delete=models.CASCADE, related_name="messages")
    cycle = models.ForeignKey(
        "plans.ReportingCycle", null=True, blank=True, on_delete=models.SET_NULL, related_name="messages"
    )
    person = models.ForeignKey(
        "plans.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="messages"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_name = models.CharField(max_length=200, blank=True)
    to_address = models.EmailField()
    subject = models.CharField(max_length=300)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    headers = models.JSONField(default=dict, blank=True)
    # The nonce in the update links this message carries (LinkUse records their use).
    link_nonce = models.CharField(max_length=40, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    error = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=0)
    # When a run last took this message to send: another run leaves it alone for a while (the lease).
    claimed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # Who pressed "Send update requests now"; empty for `actionplan remind`.
    triggered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "claimed_at"]), models.Index(fields=["plan", "created_at"])]

    def __str__(self):
        return self.key


class MessageItem(models.Model):
    """An action a message named (and whether it was already overdue when it did)."""

    message = models.ForeignKey(OutboundMessage, on_delete=models.CASCADE, related_name="items")
    action = models.ForeignKey("plans.Action", on_delete=models.CASCADE, related_name="+")
    overdue = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["message", "action"], name="one_item_per_action")]


class LinkUse(models.Model):
    """An update posted through an emailed link: the link is then used up for that action."""

    nonce = models.CharField(max_length=40)
    action = models.ForeignKey("plans.Action", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey("plans.Person", on_delete=models.CASCADE, related_name="+")
    cycle = models.ForeignKey("plans.ReportingCycle", null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.ForeignKey("plans.ProgressNote", null=True, on_delete=models.SET_NULL, related_name="+")
    used_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["nonce", "action"], name="link_used_once_per_action")]
