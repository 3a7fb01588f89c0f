"""Fixtures of the assistant's tests: a small corpus (50 records) written from the shipped file, imported."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from cchc.assistant.parsing import SHIPPED_CORPUS
from cchc.assistant.services import import_procedures, reset_index

# Procedures the tests ask about; the rest of the small corpus is the first records of the shipped file.
WANTED = {
    "1.001193", "1.004884", "1.000894", "1.000656", "1.014064", "2.001194", "1.000757", "1.014063", "1.004222",
    "1.004194", "3.000348", "3.000346", "1.013978", "1.012787", "2.000815", "3.000333", "1.001612",
}  # fmt: skip
SMALL_SIZE = 50


def shipped_raw_records() -> list[dict[str, Any]]:
    with gzip.open(SHIPPED_CORPUS, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.fixture(scope="session")
def small_raw() -> list[dict[str, Any]]:
    records = shipped_raw_records()
    chosen = [r for r in records if r["ma_thu_tuc"] in WANTED]
    for r in records:
        if len(chosen) >= SMALL_SIZE:
            break
        if r["ma_thu_tuc"] not in WANTED:
            chosen.append(r)
    return chosen


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def small_file(tmp_path: Path, small_raw: list[dict[str, Any]]) -> Path:
    return write_jsonl(tmp_path / "small.jsonl", small_raw)


@pytest.fixture
def corpus(db: Any, small_file: Path) -> Path:
    """The small corpus imported into the test database, with a fresh index."""
    reset_index()
    import_procedures(small_file)
    yield small_file
    reset_index()
