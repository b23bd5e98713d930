"""No lost edits: optimistic concurrency on the `version` column of plans, recommendations and
actions. A form carries the version it was drawn from; saving bumps it with a conditional UPDATE
(UPDATE ... SET version = version + 1 WHERE id = ? AND version = ?), so of two concurrent saves
from the same version exactly one wins and the other is told what changed in between: the
ChangeEvents stamped (object_version) with a later version.

The write layer calls `bump_version(obj, expected)` first thing inside its transaction, then
stamps the events it writes with `obj.version`. A view catches StaleEdit, keeps the user's own
text in the form and shows `exc.messages()`."""

from __future__ import annotations

from django.db.models import F

from actionplan.plans.audit import describe_change
from actionplan.plans.models import Action, ChangeEvent, Recommendation


class StaleEdit(Exception):
    """Someone else saved first. `current` is the object as it is now; `changes` (also
    `changes_since`) the ChangeEvents recorded since the version the user started from."""

    def __init__(self, current, changes):
        super().__init__("Someone else changed this while you were editing it.")
        self.current = current
        self.changes = changes

    @property
    def changes_since(self):
        return self.changes

    def messages(self) -> list[str]:
        """One line per change: 'Alice Hughes changed the RAG from Green to Amber at 10:42'."""
        return [describe_change(event) for event in self.changes]


def own_events(obj):
    """The ChangeEvents about obj itself (an action's, not its plan's, and so on)."""
    if isinstance(obj, Action):
        return ChangeEvent.objects.filter(action=obj)
    if isinstance(obj, Recommendation):
        return ChangeEvent.objects.filter(recommendation=obj, action__isnull=True)
    return ChangeEvent.objects.filter(plan=obj, recommendation__isnull=True, action__isnull=True)


def _stale(obj, expected_version: int) -> StaleEdit:
    current = type(obj).objects.get(pk=obj.pk)
    changes = list(
        own_events(obj)
        .filter(object_version__gt=expected_version)
        .select_related("user")
        .order_by("at", "id")
    )
    return StaleEdit(current, changes)


def _as_version(value) -> int | None:
    # Versions arrive from forms as text; anything unreadable counts as stale, never as "no check".
    if value is None or isinstance(value, int):
        return value
    try:
        return int(str(value).strip())
    except ValueError:
        return 0


def check_version(obj, expected_version) -> None:
    """Raise StaleEdit if obj is no longer at expected_version (a read: no lock, no write).
    Useful before expensive work; the deciding check is the one in bump_version."""
    expected = _as_version(expected_version)
    if expected is None:
        return
    current = type(obj).objects.filter(pk=obj.pk).values_list("version", flat=True).first()
    if current != expected:
        raise _stale(obj, expected)


def bump_version(obj, expected_version=None) -> int:
    """Advance obj's version, refusing with StaleEdit if it is no longer `expected_version`
    (None: no check, for writers with nothing to compare, such as imports). Call it inside the
    write's transaction, so a refused edit leaves nothing behind. Returns the new version."""
    expected = _as_version(expected_version)
    rows = type(obj).objects.filter(pk=obj.pk)
    if expected is not None:
        rows = rows.filter(version=expected)
    if rows.update(version=F("version") + 1) == 0:
        raise _stale(obj, expected if expected is not None else obj.version)
    if expected is not None:  # the UPDATE matched exactly that version, so no need to read it back
        obj.version = expected + 1
    else:
        obj.version = type(obj).objects.values_list("version", flat=True).get(pk=obj.pk)
    return obj.version
