"""The demo's seed plans: the five real plan documents the project started from, read by the importer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db import transaction

from cchc.accounts.types import Actor
from cchc.plans.importing import import_document
from cchc.plans.schema import parse_plan
from cchc.plans.services import ImportResult, find_matching_plan, import_plan_json
from cchc.units.services import MentionResolver, ensure_territory

SEED_DIR = Path(__file__).resolve().parent / "seed_data"


def seed_plan_files() -> list[Path]:
    """The hand-checked plan JSON of each seed document (the importer's answers, used by tests)."""
    return sorted((SEED_DIR / "gold").glob("*.json"))


def seed_document_files() -> list[Path]:
    """The seed plan documents as published (text extracted from the signed files)."""
    return sorted((SEED_DIR / "documents").glob("*.txt"))


def reviewed_document(path: Path) -> Path:
    """A seed document as a clerk has it after the review screen: the hand-checked transcription where the
    published text is damaged OCR output (002), else the document itself."""
    reviewed = SEED_DIR / "reviewed" / path.name
    return reviewed if reviewed.exists() else path


def _mentions(raw: dict[str, Any]) -> list[str]:
    names: list[str] = []
    for activity in raw.get("activities", []):
        names += activity.get("lead", []) + activity.get("coordinators", [])
    for responsibility in raw.get("responsibilities", []):
        names += responsibility.get("units", [])
    return list(dict.fromkeys(names))


@transaction.atomic
def load_seed_plan(actor: Actor, raw: dict[str, Any]) -> ImportResult:
    """Set up the plan's locality (its territory and the units it names), then import the plan."""
    data = parse_plan(raw)
    existing = find_matching_plan(data)
    if existing is not None:
        # The demo's plans belong to their users once loaded: a second run must not undo their edits or issuing.
        return ImportResult(plan=existing, created=False)
    issuer = ensure_territory(actor, data.level, data.locality, data.period.start)
    if issuer is not None:
        resolver = MentionResolver(issuer, data.period.start)
        for mention in _mentions(raw):
            resolver.ensure(actor, mention)
    return import_plan_json(actor, raw)


def load_seed_plans(actor: Actor) -> list[ImportResult]:
    """Read every seed document, as reviewed, with the importer and load it; run again, it creates nothing twice.

    The plans are matched by issuer and number, or by source file name; one already there is left as its users
    made it (edited, issued, closed).
    """
    return [
        load_seed_plan(actor, import_document(reviewed_document(path).read_bytes(), path.name).plan)
        for path in seed_document_files()
    ]
