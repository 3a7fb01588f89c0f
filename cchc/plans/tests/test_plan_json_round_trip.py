"""Importing each gold plan (version 1) and exporting it gives back the same JSON, as version 2; a plan imported
from its document (version 2, with its body) survives export and import unchanged."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from cchc.plans.importing import import_document
from cchc.plans.models import Plan
from cchc.plans.seeds import SEED_DIR, load_seed_plan, seed_plan_files
from cchc.plans.services import export_plan_json, import_plan_json

GOLD = seed_plan_files()
DOCUMENTS = sorted((SEED_DIR / "documents").glob("*.txt"))


def as_version_2(raw: dict) -> dict:
    """A version-1 plan JSON as the export writes it: the same fields, version 2, no recipient headings, no body."""
    return {"version": 2, **raw, "recipient_headings": [], "body": []}


@pytest.mark.django_db
@pytest.mark.parametrize("path", GOLD, ids=[p.stem[:3] for p in GOLD])
def test_each_gold_plan_survives_import_and_export_unchanged(path):
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert "version" not in raw and "body" not in raw  # the answers are version 1
    result = load_seed_plan(None, raw)
    assert export_plan_json(result.plan) == as_version_2(raw)


@pytest.mark.django_db
@pytest.mark.parametrize("path", DOCUMENTS, ids=[p.stem[:3] for p in DOCUMENTS])
def test_a_plan_read_from_its_document_round_trips_with_its_body(path):
    draft = import_document(path.read_bytes(), path.name).plan
    plan = import_plan_json(None, draft).plan
    exported = export_plan_json(plan)
    assert exported == {"version": 2, **draft}
    again = import_plan_json(None, exported).plan
    assert again.pk == plan.pk and export_plan_json(again) == exported


@pytest.mark.django_db
def test_loading_the_seeds_twice_updates_the_same_plans():
    for path in GOLD:
        load_seed_plan(None, json.loads(path.read_text(encoding="utf-8")))
    ids = set(Plan.objects.values_list("pk", flat=True))
    for path in GOLD:
        result = load_seed_plan(None, json.loads(path.read_text(encoding="utf-8")))
        assert not result.created
    assert set(Plan.objects.values_list("pk", flat=True)) == ids
    assert len(ids) == 5


@pytest.mark.django_db
def test_import_command_prints_the_plan_id_and_export_command_prints_the_json(tmp_path):
    raw = json.loads(GOLD[3].read_text(encoding="utf-8"))
    source = tmp_path / "plan.json"
    source.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    out = StringIO()
    call_command("import_plan_json", str(source), stdout=out, stderr=StringIO())
    plan_id = int(out.getvalue().strip())
    exported = StringIO()
    call_command("export_plan", str(plan_id), "--format", "json", stdout=exported)
    assert json.loads(exported.getvalue()) == as_version_2(raw)


@pytest.mark.django_db
def test_a_mention_that_does_not_resolve_is_kept_as_text_and_listed():
    raw = json.loads(GOLD[1].read_text(encoding="utf-8"))
    load_seed_plan(None, raw)
    raw["activities"][0]["lead"] = ["Ban Quản lý dự án không có trong danh mục", "Phòng Tư pháp huyện"]
    result = import_plan_json(None, raw)
    assert result.plan.issuer_unit is not None
    assert "Ban Quản lý dự án không có trong danh mục" in result.unresolved
    assert export_plan_json(result.plan)["activities"][0]["lead"] == raw["activities"][0]["lead"]
    mention = result.plan.mentions.get(text="Ban Quản lý dự án không có trong danh mục")
    assert mention.unit is None and mention.group is None
    assert result.plan.mentions.get(text="Phòng Tư pháp huyện").unit.name == "Phòng Tư pháp"


@pytest.mark.django_db
def test_export_command_writes_the_official_docx(tmp_path, seed_plan):
    from docx import Document

    target = tmp_path / "plan.docx"
    call_command("export_plan", str(seed_plan.pk), "--format", "docx", "--output", str(target))
    text = "\n".join(p.text for p in Document(str(target)).paragraphs)
    assert "KẾ HOẠCH" in text and seed_plan.title in text
