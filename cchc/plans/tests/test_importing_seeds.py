"""The importer reads the five seed plans (and the same text in legacy encodings) as well as the hand-made answers."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from cchc.core.legacy_encodings import encode_text
from cchc.plans.importing import import_document
from cchc.plans.tests.seed_documents import imported_seed

ROOT = Path(__file__).resolve().parents[3]
SEEDS = ROOT / "cchc" / "plans" / "seed_data"
TARGET_F1 = 0.95


def load_scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_plan", ROOT / "bench" / "score_plan.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SCORER = load_scorer()


def micro_f1(gold: dict, plan: dict) -> float:
    tally = SCORER.score_plan(gold, plan)
    return SCORER.prf(*tally.total())[2]


def gold_for(stem: str) -> dict:
    return json.loads((SEEDS / "gold" / f"{stem}.json").read_text(encoding="utf-8"))


SEED_FILES = sorted((SEEDS / "documents").glob("*.txt"))


@pytest.mark.parametrize("path", SEED_FILES, ids=[p.stem[:3] for p in SEED_FILES])
def test_each_seed_plan_imports_with_micro_f1_at_target(path: Path) -> None:
    draft = imported_seed(path.name[:3])
    assert micro_f1(gold_for(path.stem), draft.plan) >= TARGET_F1


def test_the_draft_plan_holds_exactly_the_schema_keys_and_meta_has_confidence_and_spans() -> None:
    path = SEED_FILES[3]
    draft = imported_seed(path.name[:3])
    assert list(draft.plan) == [*gold_for(path.stem), "recipient_headings", "body"]  # version 1, then version 2
    assert draft.meta["number"]["confidence"] > 0
    spans = [entry["span"] for entry in draft.meta.values() if entry["span"]]
    assert spans and all(0 <= start <= end for start, end in spans)


def test_the_seed_without_diacritics_is_restored_before_parsing() -> None:
    path = next(p for p in SEED_FILES if p.name.startswith("002_"))
    draft = imported_seed("002")
    assert draft.plan["title"] == gold_for(path.stem)["title"]
    assert any("khôi phục dấu" in w for w in draft.warnings)


@pytest.mark.parametrize("encoding", ["utf-16-le", "windows-1258", "vni", "tcvn3"])
def test_a_plan_saved_in_a_legacy_encoding_reads_as_well_as_utf8(encoding: str) -> None:
    path = next(p for p in SEED_FILES if p.name.startswith("004_"))
    data = encode_text(path.read_text(encoding="utf-8"), encoding)
    if encoding == "utf-16-le":
        data = b"\xff\xfe" + data
    draft = import_document(data, path.name)
    assert micro_f1(gold_for(path.stem), draft.plan) >= TARGET_F1
