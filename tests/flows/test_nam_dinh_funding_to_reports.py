"""Done when: Nam Định's funding column becomes estimates that reach the reports. The seed plan's «Kinh phí» column
is read as kind and source, the owner types the estimates, a unit logs what its work cost, and the unit report and
the consolidated report (and its annex) carry the estimates and the spending per unit and source, while the
printed plan keeps the funding text as written."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest
from docx import Document

from cchc.execution.models import Assignment
from cchc.execution.services import ExecutionError, ResultInput, log_result
from cchc.plans.docx_export import print_plan
from cchc.plans.estimates import plan_estimates
from cchc.plans.seeds import load_seed_plan
from cchc.plans.services import save_activity
from cchc.reporting import printing
from cchc.reporting.models import ReportingPeriod
from cchc.reporting.services import (
    consolidated_for,
    issue_plan,
    open_report,
    proposed_symbol,
    save_consolidated,
    save_report,
    submit_report,
)
from cchc.units.services import update_unit
from conftest import seed_plan_json


def _text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_nam_dinhs_funding_column_becomes_estimates_and_spending_in_the_reports(db: Any) -> None:
    plan = load_seed_plan(None, seed_plan_json("004")).plan
    press = plan.activities.get(funding="Kinh phí không thường xuyên")
    assert (press.funding_kind, press.funding_source) == ("non_recurrent", "province")
    save_activity(None, plan, press, content=press.content, estimate=120_000_000)
    issue_plan(None, plan)
    assert plan_estimates(plan).by_lead, "the estimate is counted under the activity's lead unit"

    lead = Assignment.objects.filter(plan=plan, activity=press, role=Assignment.Role.LEAD, is_active=True).first()
    assert lead is not None
    day = dt.date(2025, 3, 12)
    spent = ResultInput(date=day, kind="press_article", title="Chuyên mục CCHC trên Báo Nam Định", copies=3000,
                        spent="45.000.000", spent_source="Ngân sách tỉnh")  # fmt: skip
    log_result(None, lead, spent)
    over = ResultInput(date=day, kind="broadcast", title="Phóng sự CCHC trên Đài PT-TH tỉnh", broadcasts=4,
                       spent="80.000.000", spent_source="province")  # fmt: skip
    with pytest.raises(ExecutionError, match="vượt 100% dự toán"):
        log_result(None, lead, over)
    over.note = "Bổ sung 2 phóng sự theo chỉ đạo của UBND tỉnh."
    log_result(None, lead, over)

    period = ReportingPeriod.objects.filter(plan=plan, start__lte=day, end__gte=day).order_by("due").first()
    assert period is not None
    update_unit(None, plan.owner_unit, symbol=proposed_symbol(plan.owner_unit))
    report = open_report(None, period, lead.unit)
    save_report(None, report, results="Đã phối hợp đăng chuyên mục.", signer_name="Nguyễn Văn An",
                symbol=proposed_symbol(lead.unit))  # fmt: skip
    unit_text = _text(printing.unit_report_docx(submit_report(None, report)))
    assert "Dự toán kinh phí các nhiệm vụ chủ trì: 120.000.000 đồng" in unit_text
    assert "kinh phí đã chi trong kỳ: 125.000.000 đồng (Ngân sách tỉnh: 125.000.000 đồng)" in unit_text

    save_consolidated(None, period, summary="Đã triển khai.", number="20", signer_name="Trần Văn Bình")
    data = printing.consolidated_data(period, dt.date(2025, 12, 31))
    consolidated = _text(printing.consolidated_docx(data, consolidated_for(period)))
    assert "Dự toán kinh phí các nhiệm vụ của kế hoạch: 120.000.000 đồng" in consolidated
    assert "Kinh phí đã chi trong kỳ: 125.000.000 đồng (Ngân sách tỉnh: 125.000.000 đồng)." in consolidated
    book = openpyxl.load_workbook(io.BytesIO(printing.consolidated_xlsx(data)))
    assert {"Dự toán kinh phí", "Kinh phí đã chi"} <= set(book.sheetnames)
    # The printed plan keeps the column as the source wrote it.
    assert "Kinh phí không thường xuyên" in _text(print_plan(plan))
