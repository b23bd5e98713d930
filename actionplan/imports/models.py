"""A staged import: the uploaded document waiting for its preview to be confirmed. It is not a
plan: the bytes sit in a private file (staging.py) until the user saves or abandons them."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ImportSession(models.Model):
    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # The user's corrections to the column mapping: header as written -> field.
    mapping = models.JSONField(default=dict, blank=True)
    # The plan to update; empty for a new plan.
    target_plan = models.ForeignKey(
        "plans.Plan", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.filename
