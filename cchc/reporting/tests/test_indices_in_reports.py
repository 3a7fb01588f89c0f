"""The yearly consolidated report prints the indices the plan aims at: the province's published values with their
chart and table, the plan's target beside them, the sources; without any value or target it prints no such section."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cchc.documents.tests.docx_reading import open_docx
from cchc.indices.services import load_published, set_target
from cchc.reporting import printing, services
from cchc.reporting.models import ReportingPeriod

ON = dt.date(2024, 12, 20)
HEADING = "Các chỉ số đánh giá kế hoạch hướng tới"


def _docx(period: ReportingPeriod, issued: Any) -> Any:
    services.save_consolidated(issued.owner, period, summary="Đã triển khai.", number="16", signer_name="Trần Thị Bình")
    data = printing.consolidated_data(period, ON)
    return open_docx(printing.consolidated_docx(data, services.consolidated_for(period)))


def test_the_yearly_report_prints_the_provinces_indices_with_chart_table_and_target(
    period: ReportingPeriod, issued: Any
) -> None:
    load_published(None)
    set_target(issued.owner, issued.plan, objective=issued.plan.objectives[0], index="papi", component="", year=2024,
               target="43")  # fmt: skip
    document = _docx(period, issued)
    text = "\n".join(p.text for p in document.paragraphs)
    assert HEADING in text
    assert (
        "PAPI (Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh) của Bắc Kạn: năm 2022 đạt 42,44, xếp hạng 30/63;"
        " tăng 0,28 điểm so với năm 2021. Mục tiêu của kế hoạch: năm 2024: 43." in text
    )
    assert "Biểu đồ chỉ số 1. PAPI qua các năm" in text
    assert "Nguồn: https://baobackan.vn/" in text
    papi = next(
        t
        for t in document.tables
        if [c.text for c in t.rows[0].cells[:4]] == ["Năm", "Giá trị", "Xếp hạng", "Mục tiêu"]
    )
    assert [c.text for c in papi.rows[1].cells[:4]] == ["2021", "42,16", "34/63", "—"]
    assert [c.text for c in papi.rows[3].cells[:4]] == ["2024", "—", "—", "43"]
    assert "Thủ tục hành chính công" in [c.text for c in papi.rows[0].cells]


def test_no_index_section_without_values_or_targets(period: ReportingPeriod, issued: Any) -> None:
    assert HEADING not in "\n".join(p.text for p in _docx(period, issued).paragraphs)
