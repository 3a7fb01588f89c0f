"""Every seed plan prints as a .docx with its sections, its appendix table when it has one, and clean text."""

from __future__ import annotations

from typing import Any

import pytest

from cchc.documents.tests.docx_reading import MISSING, all_text, open_docx
from cchc.plans.docx_export import print_plan
from cchc.plans.seeds import load_seed_plan
from conftest import seed_plan_json


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_each_seed_plan_prints_as_a_plan_document(db: Any, seed: str) -> None:
    raw = seed_plan_json(seed)
    plan = load_seed_plan(None, raw).plan
    document = open_docx(print_plan(plan))
    text = all_text(document)
    assert "KẾ HOẠCH" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert not MISSING.search(text)
    assert "Lưu: " in text
    for objective in raw["objectives"][:2]:
        assert objective.split()[1] in text
    if any(a["source"] == "appendix" for a in raw["activities"]):
        assert "Phụ lục" in text and document.sections[-1].page_width > document.sections[-1].page_height
