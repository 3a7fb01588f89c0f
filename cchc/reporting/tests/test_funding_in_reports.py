"""The estimates a plan's activities carry reach the consolidated report and its .xlsx annex, per lead unit and
source; a plan without estimates prints no funding section."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl

from cchc.documents.tests.docx_reading import open_docx
from cchc.plans.services import save_activity
from cchc.reporting import printing, services
from cchc.reporting.models import ReportingPeriod

ON = dt.date(2024, 12, 20)


def _consolidated(period: ReportingPeriod, issued: Any) -> Any:
    services.save_consolidated(issued.owner, period, summary="Đã triển khai.", number="16", signer_name="Trần Thị Bình")
    return printing.consolidated_data(period, ON), services.consolidated_for(period)


def _text(docx: bytes) -> str:
    document = open_docx(docx)
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_estimates_reach_the_consolidated_report_and_its_annex(period: ReportingPeriod, issued: Any) -> None:
    plan = issued.plan
    first, second = list(plan.activities.order_by("position"))[:2]
    save_activity(None, plan, first, content=first.content, estimate=15_000_000, funding_source="district")
    save_activity(None, plan, second, content=second.content, estimate=4_500_000, funding_source="integrated")
    data, report = _consolidated(period, issued)
    text = _text(printing.consolidated_docx(data, report))
    assert "Kinh phí thực hiện" in text
    assert "Dự toán kinh phí các nhiệm vụ của kế hoạch: 19.500.000 đồng" in text
    assert "Ngân sách huyện" in text and "Lồng ghép trong chương trình, đề án khác" in text
    book = openpyxl.load_workbook(io.BytesIO(printing.consolidated_xlsx(data)))
    assert "Dự toán kinh phí" in book.sheetnames
    sheet = book["Dự toán kinh phí"]
    values = [c for row in sheet.iter_rows(values_only=True) for c in row]
    assert 15_000_000 in values and 4_500_000 in values


def test_a_plan_without_estimates_prints_no_funding_section(period: ReportingPeriod, issued: Any) -> None:
    data, report = _consolidated(period, issued)
    assert "Dự toán kinh phí" not in _text(printing.consolidated_docx(data, report))
