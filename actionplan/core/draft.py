"""The `actionplan/1` interchange form: plain dataclasses every reader produces and every
exporter, the API and `actionplan parse` speak. Keep this the only representation."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from importlib import resources

FORMAT = "actionplan/1"
RAG_VALUES = ("red", "amber", "green", "blue")


@dataclass
class Due:
    text: str = ""
    date: str | None = None  # ISO date, the last day the timetable allows


@dataclass
class ActionDraft:
    text: str
    leads: list[str] = field(default_factory=list)
    due: Due = field(default_factory=Due)
    rag: str | None = None
    notes: list[str] = field(default_factory=list)
    # Columns the document has that we have no field for, kept by header: {"Measures of success": [...]}
    extra: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class RecommendationDraft:
    number: str
    text: str
    actions: list[ActionDraft] = field(default_factory=list)


@dataclass
class PlanDraft:
    title: str
    recommendations: list[RecommendationDraft] = field(default_factory=list)
    organisation: str = ""
    inspection: str = ""

    def action_count(self) -> int:
        return sum(len(r.actions) for r in self.recommendations)

    def note_count(self) -> int:
        return sum(len(a.notes) for r in self.recommendations for a in r.actions)

    def to_dict(self) -> dict:
        data = {"format": FORMAT, **asdict(self)}
        for key in ("organisation", "inspection"):
            if not data[key]:
                del data[key]
        for rec in data["recommendations"]:
            for action in rec["actions"]:
                if not action["extra"]:
                    del action["extra"]
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"

    @classmethod
    def from_dict(cls, data: dict) -> PlanDraft:
        validate(data)
        return cls(
            title=data["title"],
            organisation=data.get("organisation", ""),
            inspection=data.get("inspection", ""),
            recommendations=[
                RecommendationDraft(
                    number=rec["number"],
                    text=rec["text"],
                    actions=[
                        ActionDraft(
                            text=a["text"],
                            leads=list(a.get("leads", [])),
                            due=Due(**a.get("due", {})),
                            rag=a.get("rag"),
                            notes=list(a.get("notes", [])),
                            extra={k: list(v) for k, v in a.get("extra", {}).items()},
                        )
                        for a in rec.get("actions", [])
                    ],
                )
                for rec in data.get("recommendations", [])
            ],
        )


class DraftInvalid(ValueError):
    """The data does not match the actionplan/1 schema; the message says where."""


def schema() -> dict:
    return json.loads(resources.files("actionplan.core").joinpath("actionplan-1.schema.json").read_text())


def validate(data: dict) -> None:
    import jsonschema

    errors = sorted(jsonschema.Draft202012Validator(schema()).iter_errors(data), key=lambda e: list(e.path))
    if errors:
        first = errors[0]
        where = "/".join(str(p) for p in first.path) or "top level"
        raise DraftInvalid(f"not a valid actionplan/1 plan at {where}: {first.message}")
