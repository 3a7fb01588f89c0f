"""The demo's five seed plans are read from their documents by the importer, and loading them twice adds nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest

from cchc.core.models import AuditEntry
from cchc.plans.models import Activity, Plan, UnitMention
from cchc.plans.seeds import load_seed_plans, seed_document_files, seed_plan_files
from cchc.units.models import Unit


@pytest.mark.django_db
def test_the_five_seed_documents_load_as_plans_and_a_second_run_creates_nothing(db: Any) -> None:
    first = load_seed_plans(None)
    assert len(first) == len(seed_document_files()) == 5 and all(r.created for r in first)
    gold = {p.name.removesuffix(".json"): json.loads(p.read_text(encoding="utf-8")) for p in seed_plan_files()}
    for result in first:
        answer = gold[result.plan.source.removesuffix(".txt")]
        assert result.plan.issuer == answer["issuer"]
        assert result.plan.activities.count() == len(answer["activities"])
        assert result.plan.issuer_unit is not None, result.plan.source
    counts = (Plan.objects.count(), Activity.objects.count(), UnitMention.objects.count(), Unit.objects.count())
    second = load_seed_plans(None)
    assert not any(r.created for r in second)
    assert [r.plan.pk for r in second] == [r.plan.pk for r in first]
    assert (Plan.objects.count(), Activity.objects.count(), UnitMention.objects.count(), Unit.objects.count()) == counts
    # The second run leaves the loaded plans alone: nothing is imported again.
    assert AuditEntry.objects.filter(action="plans.plan.imported").count() == 5
