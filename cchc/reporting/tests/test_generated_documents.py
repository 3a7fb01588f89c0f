"""Generated documents read back: the plan, a unit report, the consolidated report and its annex, the ranking."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from typing import Any

import openpyxl
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH

from cchc.documents.tests.docx_reading import (
    FONT,
    MISSING,
    all_text,
    is_bold,
    open_docx,
    paragraph_with,
    run_fonts,
    sizes,
    text_runs,
)
from cchc.plans.docx_export import print_plan
from cchc.reporting import printing, services
from cchc.reporting.models import ReportingPeriod, UnitScore

ON = dt.date(2024, 12, 20)


def _check_clean(data: bytes) -> str:
    """Every run in Times New Roman, no None/nan, Vietnamese text in NFC (no broken letters); returns the text."""
    document = open_docx(data)
    text = all_text(document)
    assert not MISSING.search(text), MISSING.search(text)
    assert unicodedata.normalize("NFC", text) == text and "\ufffd" not in text
    assert "{" not in text and "}" not in text
    for run in text_runs(document):
        assert set(run_fonts(run).values()) == {FONT}
    return text


def _submitted_report(period: ReportingPeriod, issued: Any) -> Any:
    report = services.open_report(issued.officer, period, issued.officer_unit)
    services.save_report(
        issued.officer,
        report,
        results="Đã tổ chức hội nghị tuyên truyền.\n- Đăng 01 tin bài.",
        limitations="Số lượng tin bài còn ít.",
        causes="",
        proposals="Bổ sung kinh phí.",
        signer_name="Nguyễn Văn An",
        signer_authority="KT.",
    )
    return services.submit_report(issued.officer, report)


def test_the_plan_prints_with_every_section_and_its_appendix_table(issued: Any) -> None:
    text = _check_clean(print_plan(issued.plan))
    document = open_docx(print_plan(issued.plan))
    assert "KẾ HOẠCH" in text and "TỔ CHỨC THỰC HIỆN" in text
    assert "Số:" in text and "/KH-UBND" in text
    assert len(document.tables) >= 3  # header, signature and the appendix table


def test_a_unit_report_is_an_official_report_with_its_figures_and_narrative(
    period: ReportingPeriod, issued: Any
) -> None:
    data = printing.unit_report_docx(_submitted_report(period, issued))
    text = _check_clean(data)
    document = open_docx(data)
    assert "PHÒNG TƯ PHÁP" in text and "UBND HUYỆN CHỢ ĐỒN" in text and "/BC-PTP" in text
    assert is_bold(paragraph_with(document, "BÁO CÁO"))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.left_margin.mm) == 30 and round(section.right_margin.mm) == 15
    opening = next(p for p in document.paragraphs if p.text.startswith("Thực hiện Kế hoạch"))
    assert opening.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY and opening.paragraph_format.first_line_indent
    assert sizes(opening) == {14.0}
    assert is_bold(next(p for p in document.paragraphs if p.text == "I. KẾT QUẢ THỰC HIỆN"))
    assert "Kết quả công tác thông tin, tuyên truyền cải cách hành chính năm 2024" in text
    assert "đã thực hiện 3 hoạt động tuyên truyền" in text and "3.500 lượt tiếp cận" in text
    assert "Hội nghị tuyên truyền CCHC cho cán bộ xã" in text
    assert "Số lượng tin bài còn ít." in text and "Bổ sung kinh phí." in text
    # An empty narrative part prints no heading at all.
    assert "Nguyên nhân" not in text
    assert "TRƯỞNG PHÒNG" in text and "Nguyễn Văn An" in text and "Lưu: VT." in text


def test_a_unit_report_with_no_data_and_no_text_gets_a_clear_message(period: ReportingPeriod, issued: Any) -> None:
    leader_unit = issued.plan.owner_unit
    report = services.open_report(issued.owner, period, leader_unit)
    report.figures = {}
    with pytest.raises(printing.PrintError, match="chưa có số liệu"):
        printing.unit_report_spec(report)


def test_the_consolidated_report_has_totals_charts_units_not_reporting_and_an_annex(
    period: ReportingPeriod, issued: Any
) -> None:
    _submitted_report(period, issued)
    services.save_consolidated(
        issued.owner,
        period,
        summary="UBND huyện đã ban hành kế hoạch.",
        next_tasks="Tiếp tục tuyên truyền.",
        number="15",
        signer_authority="KT.",
        signer_name="Trần Thị Bình",
    )
    data = printing.consolidated_data(period, ON)
    docx = printing.consolidated_docx(data, services.consolidated_for(period))
    text = _check_clean(docx)
    document = open_docx(docx)
    # Compiled by the owner (Phòng Nội vụ) under its committee, for the committee: its own symbol, its deputy signs.
    assert "Số: 15/BC-PNV" in text and "UBND HUYỆN CHỢ ĐỒN" in text and "PHÒNG NỘI VỤ" in text
    assert "KT. TRƯỞNG PHÒNG\nPHÓ TRƯỞNG PHÒNG" in text.replace("\r", "")
    assert "UBND huyện Chợ Đồn (b/c)" in text and "Lưu: VT, PNV." in text
    assert "đã thực hiện 4 hoạt động tuyên truyền" in text
    assert "Biểu đồ 1. Số hoạt động tuyên truyền theo hình thức" in text
    assert len(document.inline_shapes) == 2
    # Late and missing units are an appendix table (unit, due, submitted, status), not a running paragraph; the
    # owner compiling the report is not among them.
    assert "nộp muộn: 1;" in text and "tại Phụ lục II" in text
    overdue = document.tables[-1]
    header = [c.text for c in overdue.rows[0].cells]
    assert header == ["STT", "Cơ quan, đơn vị", "Hạn nộp", "Ngày nộp", "Tình trạng"]
    rows = {r.cells[1].text: [c.text for c in r.cells] for r in overdue.rows[1:]}
    assert rows["Phòng Tư pháp"][2] == period.due.strftime("%d/%m/%Y")
    assert rows["Phòng Tư pháp"][4].startswith("Nộp muộn")
    assert rows["Phòng Văn hóa và Thông tin"][3:] == ["", "Chưa nộp"]
    assert issued.plan.owner_unit.name not in rows
    assert "UBND huyện đã ban hành kế hoạch." in text and "Tiếp tục tuyên truyền." in text
    assert "KẾT QUẢ THỰC HIỆN CỦA CÁC CƠ QUAN, ĐƠN VỊ" in text  # the annex
    assert document.sections[-1].page_width > document.sections[-1].page_height

    workbook = openpyxl.load_workbook(io.BytesIO(printing.consolidated_xlsx(data)))
    sheet = workbook.worksheets[0]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert any(row[1] == "Phòng Tư pháp" and 3 in row for row in values)
    assert not any(isinstance(v, str) and MISSING.search(v) for row in values for v in row)
    assert "Tình hình nộp báo cáo" in " ".join(workbook.sheetnames)


def test_a_period_with_no_data_gets_a_clear_message(issued: Any) -> None:
    empty = services.add_period(
        issued.owner,
        issued.plan,
        title="Báo cáo đột xuất tháng 1",
        start=dt.date(2024, 1, 1),
        end=dt.date(2024, 1, 31),
        due=dt.date(2024, 2, 5),
    )
    data = printing.consolidated_data(empty, ON)
    with pytest.raises(printing.PrintError, match="chưa có số liệu"):
        printing.consolidated_docx(data, services.consolidated_for(empty))
    with pytest.raises(printing.PrintError, match="chưa có số liệu"):
        printing.consolidated_xlsx(data)


def test_scores_rank_units_and_print_as_a_report_and_a_workbook(issued: Any) -> None:
    services.compute_scores(issued.owner, issued.plan, 2024, on=ON)
    scores = list(UnitScore.objects.filter(plan=issued.plan, year=2024).select_related("unit"))
    best = scores[0]
    assert best.unit == issued.officer_unit and best.rank == 1
    # Web news, an LED screen and a conference: all of criterion 4.2; no assignment complete: 0 for 4.1.
    assert best.points["4.2"] == 1 and best.points["4.1"] == 0 and best.total == 1
    rubric = services.rubric_for(issued.plan)
    text = _check_clean(printing.ranking_docx(issued.plan, 2024, rubric, scores))
    assert "Kết quả chấm điểm, xếp hạng công tác thông tin, tuyên truyền cải cách hành chính năm 2024" in text
    assert "Không có cơ quan, đơn vị nào đạt từ 90% số điểm tối đa" in text
    workbook = openpyxl.load_workbook(io.BytesIO(printing.ranking_xlsx(issued.plan, 2024, rubric, scores)))
    assert workbook.sheetnames[:2] == ["Kết quả chấm điểm, xếp hạng", "Điểm chi tiết"]
    assert workbook.worksheets[0].cell(row=4, column=2).value == "Phòng Tư pháp"
    # Scores stay numbers in the workbook, so that they can be summed and sorted.
    assert [workbook.worksheets[0].cell(row=4, column=c).value for c in (1, 3, 4, 5)] == [1, 0, 1, 1]
