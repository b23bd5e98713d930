"""What every reader shares: the result it returns and the one error it raises."""

from __future__ import annotations

from dataclasses import dataclass, field

from actionplan.core.draft import PlanDraft


class ReadError(Exception):
    """The document cannot be read. The message is one clear sentence for the user."""


@dataclass
class ParseWarning:
    message: str
    where: str = ""  # e.g. "recommendation 3, action 2" or "row 14"

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


@dataclass
class ParseResult:
    draft: PlanDraft
    warnings: list[ParseWarning] = field(default_factory=list)
    # How each source column was understood: header as written -> field name ("recommendation",
    # "action", "leads", "due", "rag", "notes", or "extra").
    mapping: dict[str, str] = field(default_factory=dict)
    reader: str = ""
