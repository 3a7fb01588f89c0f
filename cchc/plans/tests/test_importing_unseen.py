"""The importer reads plans in layouts the five seeds do not show (commune, department .docx, lettered items)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cchc.plans.importing import import_document
from cchc.plans.tests.test_importing_seeds import micro_f1

UNSEEN = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "importing" / "unseen"
ANSWERS = sorted(UNSEEN.glob("*.json"))
# Honest floor: the first four scored 0.865-0.948 before the genre rules were widened for them; the two held out
# (ward_tab_table, ministry_tasks), written after those changes, scored 0.894 and 1.000 on first import.
FLOOR = 0.85


def answer_and_document(path: Path) -> tuple[dict, Path]:
    gold = json.loads(path.read_text(encoding="utf-8"))
    return gold, UNSEEN / gold["source"]


def test_every_unseen_answer_has_its_document() -> None:
    assert len(ANSWERS) >= 6
    assert all(answer_and_document(p)[1].is_file() for p in ANSWERS)


@pytest.mark.parametrize("path", ANSWERS, ids=[p.stem for p in ANSWERS])
def test_each_unseen_layout_imports_with_micro_f1_above_the_floor(path: Path) -> None:
    gold, document = answer_and_document(path)
    draft = import_document(document.read_bytes(), document.name)
    assert micro_f1(gold, draft.plan) >= FLOOR


def test_a_department_letterhead_under_the_provincial_committee_names_the_department_as_issuer() -> None:
    document = UNSEEN / "department_appendix.docx"
    plan = import_document(document.read_bytes(), document.name).plan
    assert (plan["issuer"], plan["level"], plan["locality"]) == ("Sở Tư pháp tỉnh Ninh Bình", "province", "Ninh Bình")
    assert plan["activities"][0]["forms"] == [plan["activities"][0]["content"]]


def test_dated_reports_listed_after_a_colon_are_one_entry_each() -> None:
    document = UNSEEN / "province_lettered.txt"
    plan = import_document(document.read_bytes(), document.name).plan
    dated = {(r["what"], r["due"]) for r in plan["reporting"]}
    assert {("Báo cáo 6 tháng", "2026-06-15"), ("Báo cáo năm", "2026-11-15")} <= dated
