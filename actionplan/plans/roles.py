"""The four roles a user can hold on a plan (or on every plan). Kept apart from the models so
settings, access checks and forms can import it without loading Django's app registry."""


class Role:
    ADMIN = "admin"
    MANAGER = "manager"
    LEAD = "lead"
    VIEWER = "viewer"
    CHOICES = [
        (ADMIN, "Administrator"),
        (MANAGER, "Plan manager"),
        (LEAD, "Lead officer"),
        (VIEWER, "Viewer"),
    ]
    LABELS = dict(CHOICES)
    # A user with two roles on one plan (say viewer everywhere, manager on this one) gets the stronger.
    RANK = {VIEWER: 1, LEAD: 2, MANAGER: 3, ADMIN: 4}

    @classmethod
    def stronger(cls, a: str | None, b: str | None) -> str | None:
        return max((r for r in (a, b) if r), key=cls.RANK.__getitem__, default=None)
