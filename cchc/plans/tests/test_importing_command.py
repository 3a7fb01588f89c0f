"""manage.py import_plan_document reads a plan file into plan JSON, and with --save stores the plan."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from cchc.plans.models import Plan

SEED = Path(__file__).resolve().parents[1] / "seed_data" / "documents" / "004_17ceed56154cea7b.txt"


def test_the_command_writes_the_plan_json_with_confidence_when_asked(tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    call_command("import_plan_document", str(SEED), "--json", str(out), "--meta", stdout=StringIO())
    plan = json.loads(out.read_text(encoding="utf-8"))
    assert plan["issuer"] == "UBND tỉnh Nam Định"
    assert plan["_meta"]["issuer"]["confidence"] > 0.5


def test_the_command_refuses_an_unusable_file_with_the_vietnamese_reason(tmp_path: Path) -> None:
    empty = tmp_path / "rong.txt"
    empty.write_bytes(b"")
    with pytest.raises(CommandError, match="rỗng"):
        call_command("import_plan_document", str(empty))


@pytest.mark.django_db
def test_the_command_saves_the_plan_and_prints_its_id() -> None:
    stdout = StringIO()
    call_command("import_plan_document", str(SEED), "--save", stdout=stdout, stderr=StringIO())
    plan = Plan.objects.get(pk=int(stdout.getvalue().strip().splitlines()[-1]))
    assert plan.activities.count() == 9
