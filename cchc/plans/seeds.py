"""The demo's seed plans: the five real plans the project started from, loaded through the real services."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db import transaction

from cchc.plans.schema import parse_plan
from cchc.plans.services import ImportResult, import_plan_json
from cchc.units.services import ensure_territory, ensure_unit

SEED_DIR = Path(__file__).resolve().parent / "seed_data"


def seed_plan_files() -> list[Path]:
    return sorted((SEED_DIR / "gold").glob("*.json"))


def _mentions(raw: dict[str, Any]) -> list[str]:
    names: list[str] = []
    for activity in raw.get("activities", []):
        names += activity.get("lead", []) + activity.get("coordinators", [])
    for responsibility in raw.get("responsibilities", []):
        names += responsibility.get("units", [])
    return list(dict.fromkeys(names))


@transaction.atomic
def load_seed_plan(actor: Any, raw: dict[str, Any]) -> ImportResult:
    """Set up the plan's locality (its territory and the units it names), then import the plan."""
    data = parse_plan(raw)
    issuer = ensure_territory(actor, data.level, data.locality, data.period.start)
    if issuer is not None:
        for mention in _mentions(raw):
            ensure_unit(actor, mention, issuer, data.period.start)
    return import_plan_json(actor, raw)


def load_seed_plans(actor: Any) -> list[ImportResult]:
    """Load every seed plan; run again, it updates the same plans and creates nothing twice."""
    results = []
    for path in seed_plan_files():
        with open(path, encoding="utf-8") as fh:
            results.append(load_seed_plan(actor, json.load(fh)))
    return results
