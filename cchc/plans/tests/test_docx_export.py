"""Plans print as a Kế hoạch in the decree's layout, carrying every part of the plan JSON in a readable shape."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path
from typing import Any

import pytest
from docx.enum.section import WD_ORIENT
from openpyxl import load_workbook

from cchc.documents.tests import docx_reading as read
from cchc.documents.xlsx import render_xlsx
from cchc.plans.docx_export import PlanExportError, activities_table, plan_document_spec, plan_docx

GOLD = sorted((Path(__file__).resolve().parents[1] / "seed_data" / "gold").glob("*.json"))


def _load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=GOLD, ids=[path.stem[:3] for path in GOLD])
def printed(request: pytest.FixtureRequest) -> tuple[dict[str, Any], Any]:
    plan = _load(request.param)
    return plan, read.open_docx(plan_docx(plan))


def test_there_are_five_gold_plans() -> None:
    assert len(GOLD) == 5


def test_the_plan_prints_on_a4_in_times_new_roman(printed) -> None:
    _, document = printed
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert abs(section.left_margin.mm - 30) < 0.1 and abs(section.top_margin.mm - 20) < 0.1
    for run in read.text_runs(document):
        assert set(read.run_fonts(run).values()) == {read.FONT}


def test_the_header_names_the_issuer_and_the_number_or_a_blank(printed) -> None:
    plan, document = printed
    issuer_cell = document.tables[0].rows[0].cells[0].paragraphs[0]
    assert issuer_cell.text.startswith("ỦY BAN NHÂN DÂN\n")
    assert issuer_cell.text.endswith(plan["issuer"].split(" ", 1)[1].upper())
    assert read.is_bold(issuer_cell)
    number = document.tables[0].rows[1].cells[0].text
    assert number == (f"Số: {plan['number']}" if plan["number"] else "Số:      /KH-UBND")
    date_line = document.tables[0].rows[1].cells[1].paragraphs[0]
    assert date_line.text.startswith(f"{plan['locality']}, ngày") and read.is_italic(date_line)
    if plan["issued_date"] is None:
        assert "ngày    tháng    năm" in date_line.text


def test_kind_and_title_follow_the_header(printed) -> None:
    plan, document = printed
    assert read.is_bold(read.paragraph_with(document, "KẾ HOẠCH"))
    assert read.is_bold(read.paragraph_with(document, plan["title"]))


def test_every_legal_basis_is_an_italic_can_cu_line(printed) -> None:
    plan, document = printed
    lines = [p for p in document.paragraphs if p.text.startswith("Căn cứ ")]
    assert len(lines) == len(plan["legal_bases"])
    for line, basis in zip(lines, plan["legal_bases"], strict=True):
        assert basis["number"] in line.text and read.is_italic(line)
    assert lines[-1].text.endswith(".") and all(line.text.endswith(";") for line in lines[:-1])


def test_objectives_and_requirements_are_bullets_under_their_headings(printed) -> None:
    plan, document = printed
    texts = [p.text for p in document.paragraphs]
    assert texts.index("1. Mục đích") < texts.index("2. Yêu cầu")
    assert any(t.startswith("I. MỤC ĐÍCH, YÊU CẦU") for t in texts)
    for item in plan["objectives"] + plan["requirements"] + plan["audiences"]:
        assert f"- {item}" in texts


def test_responsibilities_say_giao_or_de_nghi_and_list_the_duties(printed) -> None:
    plan, document = printed
    texts = [p.text for p in document.paragraphs]
    assert any(t.endswith("TỔ CHỨC THỰC HIỆN") for t in texts)
    for item in plan["responsibilities"]:
        verb = "Giao" if item["mode"] == "assigned" else "Đề nghị"
        heading = next(t for t in texts if t.startswith(f"{item['ref']}. {verb} "))
        assert read.is_bold(read.paragraph_with(document, heading))
        for duty in item["duties"]:
            assert f"- {duty}" in texts


def test_body_activities_print_their_form_and_labelled_lines(printed) -> None:
    plan, document = printed
    texts = [p.text for p in document.paragraphs]
    for activity in (a for a in plan["activities"] if a["source"] == "body"):
        assert f"{activity['ref']}. {activity['forms'][0]}" in texts
        assert f"- Nội dung: {activity['content']}" in texts
        assert f"- Thời gian thực hiện: {activity['timing']['text']}" in texts


def test_reports_are_listed_with_their_deadlines(printed) -> None:
    plan, document = printed
    text = read.all_text(document)
    assert "CHẾ ĐỘ BÁO CÁO" in text
    for report in plan["reporting"]:
        assert report["what"].rstrip(".") in text
        if report["due"]:
            year, month, day = report["due"].split("-")
            assert f"trước ngày {day}/{month}/{year}" in text


def test_signature_and_recipients_close_the_document(printed) -> None:
    plan, document = printed
    signer = plan["signer"]
    for line in ("TM. ỦY BAN NHÂN DÂN", signer["authority"], signer["position"]):
        assert read.is_bold(read.paragraph_with(document, line))
    if signer["name"]:
        assert read.is_bold(read.paragraph_with(document, signer["name"]))
    label = read.paragraph_with(document, "Nơi nhận:")
    assert read.is_bold(label) and read.is_italic(label) and read.sizes(label) == {12}
    recipients = plan["recipients"]
    for recipient in recipients[:-1]:
        assert read.sizes(read.paragraph_with(document, f"- {recipient};")) == {11}
    assert read.paragraph_with(document, f"- {recipients[-1]}.")


def test_appendix_activities_fill_a_landscape_table_with_a_repeated_header(printed) -> None:
    plan, document = printed
    rows = [a for a in plan["activities"] if a["source"] == "appendix"]
    if not rows:
        assert len(document.sections) == 1
        return
    assert document.sections[1].orientation == WD_ORIENT.LANDSCAPE
    table = document.tables[-1]
    assert read.repeats_header_row(table)
    header = [cell.text for cell in table.rows[0].cells]
    assert header[:6] == ["STT", "Nội dung", "Hình thức", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện"]
    assert ("Kinh phí" in header) == any(a["funding"] for a in rows)
    groups = {a["group"] for a in rows if a["group"]}
    assert len(table.rows) == 1 + len(rows) + len(groups)
    contents = [row.cells[1].text for row in table.rows[1:]]
    for activity in rows:
        assert activity["content"] in contents
    for group in groups:
        assert group in contents


def test_the_activities_table_also_exports_to_a_workbook() -> None:
    plan = _load(GOLD[4])
    workbook = load_workbook(io.BytesIO(render_xlsx([activities_table(plan["activities"])])))
    sheet = workbook.active
    assert [cell.value for cell in sheet[1]][:2] == ["STT", "Nội dung"]
    assert sheet.max_row == 1 + len(plan["activities"]) + 2
    assert sheet["B2"].value == plan["activities"][0]["group"] and sheet["A2"].value == "I"


def test_nothing_missing_is_printed(printed) -> None:
    _, document = printed
    assert not read.MISSING.search(read.all_text(document))


def test_a_plan_without_issuer_or_title_gets_a_vietnamese_error() -> None:
    plan = _load(GOLD[0])
    for key, message in (("issuer", "cơ quan ban hành"), ("title", "thiếu tên")):
        broken = copy.deepcopy(plan)
        broken[key] = None
        with pytest.raises(PlanExportError, match=message):
            plan_document_spec(broken)


def test_an_impossible_date_gets_a_vietnamese_error() -> None:
    plan = copy.deepcopy(_load(GOLD[2]))
    plan["issued_date"] = "2025-02-30"
    with pytest.raises(PlanExportError, match="Ngày ban hành"):
        plan_document_spec(plan)


def test_not_a_json_object_gets_a_vietnamese_error() -> None:
    with pytest.raises(PlanExportError, match="đối tượng JSON"):
        plan_document_spec(["không phải kế hoạch"])  # type: ignore[arg-type]


def test_a_sparse_plan_still_prints_with_a_filing_line() -> None:
    spec = plan_document_spec({"issuer": "Bộ Nội vụ", "level": "ministry", "title": "Tuyên truyền CCHC năm 2026"})
    assert spec.header.symbol == "KH-BNV" and spec.header.place == "Hà Nội"
    assert spec.recipients == ("Lưu: VT",)
    text = read.all_text(read.open_docx(plan_docx({"issuer": "Bộ Nội vụ", "level": "ministry", "title": "Kế hoạch"})))
    assert "Số:      /KH-BNV" in text and not read.MISSING.search(text)
