"""The five seed documents as the importer reads them, read once per test process and shared by the test files.

Reading is deterministic (the same bytes give the same draft), and seed 002, written without diacritics and
restored before parsing, takes about 5 s; four files read it. Each caller gets its own copy to change.
"""

from __future__ import annotations

import copy
import functools

from cchc.plans.importing import PlanDraft, import_document
from cchc.plans.seeds import SEED_DIR

DOCUMENTS = {p.name[:3]: p for p in sorted((SEED_DIR / "documents").glob("*.txt"))}


@functools.cache
def _read(prefix: str) -> PlanDraft:
    path = DOCUMENTS[prefix]
    return import_document(path.read_bytes(), path.name)


def imported_seed(prefix: str) -> PlanDraft:
    """The importer's draft of seed document ``prefix`` ('000' … '004'), a copy the caller may change."""
    return copy.deepcopy(_read(prefix))
