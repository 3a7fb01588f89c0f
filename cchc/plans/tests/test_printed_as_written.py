"""What the issuing body printed comes back as printed: the lines grouping the recipients ("Gửi bản điện tử:",
"Gửi bản giấy:") and the appendix's column names as the source wrote them."""

from __future__ import annotations

import copy
import functools

import pytest

from cchc.documents.tests.docx_reading import all_text, open_docx
from cchc.plans.body import walk
from cchc.plans.docx_export import plan_docx
from cchc.plans.importing import import_document
from cchc.plans.schema import PlanFormatError, parse_plan
from cchc.plans.seeds import SEED_DIR


@functools.cache
def _imported(prefix: str) -> dict:
    path = next((SEED_DIR / "documents").glob(f"{prefix}_*.txt"))
    return import_document(path.read_bytes(), path.name).plan


def test_recipient_group_lines_are_kept_apart_from_the_recipients_and_printed_in_place():
    plan = _imported("001")
    assert plan["recipient_headings"] == [
        {"at": 0, "text": "Gửi bản điện tử:"},
        {"at": 12, "text": "Gửi bản giấy:"},
    ]
    assert plan["recipients"][0] == "Sở Nội vụ tỉnh" and plan["recipients"][12] == "Đơn vịkhông có HSCV"
    assert not any("Gửi bản" in (n.get("text") or "") for n in walk(plan["body"]))  # not in the body too
    text = all_text(open_docx(plan_docx(plan)))
    lines = [line.strip() for line in text.split("\n")]
    first = lines.index("Gửi bản điện tử:")
    assert lines[first + 1] == "- Sở Nội vụ tỉnh;" and lines.index("Gửi bản giấy:") > first
    heading = _imported("000")["recipient_headings"]
    assert heading == [{"at": 0, "text": "Gửi bản điện tử (gửi bản giấy các đơn vị chưa dùng iOffice):"}]


def test_a_heading_placed_beyond_the_recipients_is_refused():
    plan = copy.deepcopy(_imported("001"))
    plan["recipient_headings"].append({"at": len(plan["recipients"]) + 1, "text": "Gửi bản giấy:"})
    with pytest.raises(PlanFormatError, match="Dòng nhóm nơi nhận"):
        parse_plan(plan)


def test_the_appendix_columns_are_named_as_the_source_names_them():
    header = next(n["cells"] for n in walk(_imported("001")["body"]) if n.get("header"))
    assert header == [
        "STT",
        "Nội dung tuyên truyền",
        "Hình thức tuyên truyền",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Thời gian thực hiện",
    ]


def test_a_cell_the_source_wrapped_prints_its_sentences_whole_and_each_item_on_its_own_line():
    plan = _imported("001")
    text = all_text(open_docx(plan_docx(plan)))
    assert "Quyết định số 28/2015/QĐ-UBND ngày 24/12/2015 của UBND tỉnh về Quy định trách nhiệm" in text
    assert "- Chỉ thị số 27/CT-TTg ngày 27/10/2023 của Thủ tướng Chính phủ" in text
