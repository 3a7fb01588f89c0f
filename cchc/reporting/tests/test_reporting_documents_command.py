"""manage.py reporting_documents writes every document of a plan's reporting to a folder."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from cchc.reporting import services
from cchc.reporting.models import ReportingPeriod


def test_the_command_writes_the_plan_reports_consolidated_report_and_ranking(
    period: ReportingPeriod, issued: Any, tmp_path: Path
) -> None:
    report = services.open_report(issued.officer, period, issued.officer_unit)
    services.save_report(issued.officer, report, results="Đã thực hiện.", signer_name="Nguyễn Văn An")
    services.submit_report(issued.officer, report)
    out = io.StringIO()
    call_command("reporting_documents", issued.plan.pk, out=str(tmp_path), today="20/12/2024", stdout=out)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "bao-cao-nam-2024-phong-tu-phap.docx",
        "bao-cao-nam-2024-phu-luc.xlsx",
        "bao-cao-nam-2024-tong-hop-ubnd.docx",
        "bao-cao-nam-2024-tong-hop.docx",
        "ke-hoach.docx",
        "xep-hang-2024.docx",
        "xep-hang-2024.xlsx",
    ]


def test_the_command_explains_a_missing_plan_or_a_bad_date(issued: Any, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Không có kế hoạch số 999999"):
        call_command("reporting_documents", 999999, out=str(tmp_path))
    with pytest.raises(CommandError, match="không tồn tại"):
        call_command("reporting_documents", issued.plan.pk, out=str(tmp_path), today="31/02/2024")
