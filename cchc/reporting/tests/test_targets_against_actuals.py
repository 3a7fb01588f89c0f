"""Confirmed targets are printed against what units did in the period."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from cchc.documents.tests.docx_reading import all_text, open_docx
from cchc.execution.models import Assignment, LoggedResult, Target
from cchc.reporting import printing, services
from cchc.reporting.figures import target_rows
from cchc.reporting.models import ReportingPeriod


def _target(issued: Any, **fields: Any) -> Target:
    conference = LoggedResult.objects.get(unit=issued.officer_unit, kind="conference")
    activity = Assignment.objects.get(pk=conference.assignment_id).activity
    return Target.objects.create(
        plan=issued.plan, activity=activity, phrase=fields.pop("phrase"), status=Target.Status.CONFIRMED, **fields
    )


def test_totals_and_every_period_targets_are_measured_in_the_period(period: ReportingPeriod, issued: Any) -> None:
    _target(
        issued,
        phrase="02 hội nghị",
        description="Tổ chức 02 hội nghị",
        metric=Target.Metric.TOTAL,
        kinds=["conference"],
        threshold=Decimal(2),
    )
    _target(
        issued,
        phrase="100 người",
        description="Ít nhất 100 người dự",
        metric=Target.Metric.TOTAL,
        kinds=["conference"],
        quantity="participants",
        threshold=Decimal(100),
    )
    _target(
        issued,
        phrase="hằng quý",
        description="Mỗi quý có hoạt động",
        metric=Target.Metric.EVERY_PERIOD,
        period=Target.Period.QUARTER,
        threshold=Decimal(1),
    )
    Target.objects.create(
        plan=issued.plan,
        activity=issued.plan.activities.first(),
        phrase="bỏ",
        description="Bỏ",
        metric=Target.Metric.TOTAL,
        threshold=Decimal(1),
        status=Target.Status.REJECTED,
    )
    rows = {r["description"]: r for r in target_rows(issued.plan, period.start, period.end)}
    assert set(rows) == {"Tổ chức 02 hội nghị", "Ít nhất 100 người dự", "Mỗi quý có hoạt động"}
    assert (rows["Tổ chức 02 hội nghị"]["actual_text"], rows["Tổ chức 02 hội nghị"]["met"]) == ("1 kết quả", False)
    assert (rows["Ít nhất 100 người dự"]["actual_text"], rows["Ít nhất 100 người dự"]["met"]) == (
        "120 người tham dự",
        True,
    )
    # Plan-wide: the officer's conference (quarter I) and the other unit's broadcast on the same activity (II).
    assert rows["Mỗi quý có hoạt động"]["actual_text"] == "2/4 quý đạt"
    # In a unit's own report only the unit's own results count.
    own = {r["description"]: r for r in target_rows(issued.plan, period.start, period.end, [issued.other_unit.pk])}
    assert own["Ít nhất 100 người dự"]["actual"] == 0 and own["Mỗi quý có hoạt động"]["actual_text"] == "1/4 quý đạt"
    report = services.open_report(issued.officer, period, issued.officer_unit)
    services.save_report(issued.officer, report, results="Đã thực hiện.", signer_name="Nguyễn Văn An")
    text = all_text(open_docx(printing.unit_report_docx(report)))
    assert "Tổ chức 02 hội nghị" in text and "Chưa đạt" in text
