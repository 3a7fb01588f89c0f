"""Spending logged with the results reaches the reports: the unit report says what the unit's results of the period
spent against the estimates of what it leads, and the consolidated report and its .xlsx annex give it per unit and
source."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl

from cchc.documents.tests.docx_reading import open_docx
from cchc.execution.models import Assignment
from cchc.execution.services import ResultInput, log_result
from cchc.plans.services import save_activity
from cchc.reporting import printing, services
from cchc.reporting.models import ReportingPeriod

ON = dt.date(2024, 12, 20)


def _text(docx: bytes) -> str:
    document = open_docx(docx)
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _spend(issued: Any) -> None:
    lead = Assignment.objects.filter(plan=issued.plan, unit=issued.officer_unit, role="lead", activity__isnull=False)
    mine = lead.order_by("pk").first()
    assert mine is not None and mine.activity is not None
    save_activity(None, issued.plan, mine.activity, content=mine.activity.content, estimate=5_000_000)
    other = Assignment.objects.filter(plan=issued.plan, unit=issued.other_unit, is_active=True).order_by("pk").first()
    assert other is not None
    logged = [
        (issued.officer, mine, "Hội nghị tập huấn CCHC", {"participants": 60}, 1_500_000, "district"),
        (issued.officer, mine, "Pa nô tuyên truyền", {"copies": 4}, 2_000_000, "integrated"),
        (issued.other_officer, other, "Tờ rơi thủ tục hành chính", {"copies": 3000}, 700_000, ""),
    ]
    for actor, assignment, title, quantities, spent, source in logged:
        kind = "conference" if "participants" in quantities else "printed"
        data = ResultInput(date=dt.date(2024, 9, 10), kind=kind, title=title, spent=spent, spent_source=source,
                           **quantities)  # fmt: skip
        log_result(actor, assignment, data)


def test_spending_reaches_the_unit_report_and_the_consolidated_report(period: ReportingPeriod, issued: Any) -> None:
    _spend(issued)
    report = services.open_report(issued.officer, period, issued.officer_unit)
    services.save_report(issued.officer, report, results="Đã triển khai.", signer_name="Nguyễn Văn An")
    unit_text = _text(printing.unit_report_docx(services.submit_report(issued.officer, report)))
    assert "Kinh phí thực hiện" in unit_text
    assert (
        "Dự toán kinh phí các nhiệm vụ chủ trì: 5.000.000 đồng; kinh phí đã chi trong kỳ: 3.500.000 đồng (Ngân sách"
        " huyện: 1.500.000 đồng; Lồng ghép trong chương trình, đề án khác: 2.000.000 đồng), bằng 70% dự toán."
        in unit_text
    )
    services.save_consolidated(issued.owner, period, summary="Đã triển khai.", number="16", signer_name="Trần Thị Bình")
    data = printing.consolidated_data(period, ON)
    text = _text(printing.consolidated_docx(data, services.consolidated_for(period)))
    assert "Kinh phí đã chi trong kỳ: 4.200.000 đồng (Ngân sách huyện: 1.500.000 đồng; Lồng ghép" in text
    assert "Chưa ghi nguồn: 700.000 đồng)." in text
    assert "Đã chi: Ngân sách huyện" in text and "Phòng Văn hóa và Thông tin" in text
    book = openpyxl.load_workbook(io.BytesIO(printing.consolidated_xlsx(data)))
    sheet = book["Kinh phí đã chi"]
    rows = {row[0]: row[1:] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["Phòng Tư pháp"] == (5_000_000, 1_500_000, 2_000_000, None, 3_500_000)
    assert rows["Phòng Văn hóa và Thông tin"][-2:] == (700_000, 700_000)


def test_no_spending_section_when_nothing_was_spent(period: ReportingPeriod, issued: Any) -> None:
    services.save_consolidated(issued.owner, period, summary="Đã triển khai.", number="16", signer_name="Trần Thị Bình")
    data = printing.consolidated_data(period, ON)
    assert "Kinh phí đã chi" not in _text(printing.consolidated_docx(data, services.consolidated_for(period)))
