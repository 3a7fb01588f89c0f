"""A unit's report: pre-filled from its logged results, draft → submitted → returned → accepted, audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from cchc.core.models import AuditEntry
from cchc.reporting import services
from cchc.reporting.models import ReportingPeriod, ReportStatus


def test_a_new_report_is_prefilled_with_the_units_results_by_kind(period: ReportingPeriod, issued: Any) -> None:
    report = services.open_report(issued.officer, period, issued.officer_unit)
    figures = report.figures
    assert report.status == ReportStatus.DRAFT
    assert figures["results"] == 3
    assert figures["by_kind"]["conference"] == {
        "count": 1,
        "participants": 120,
        "copies": 0,
        "broadcasts": 0,
        "reach": 0,
    }
    assert figures["quantities"]["reach"] == 3500
    assert figures["assignments_set"] > 0
    assert figures["notable"][0]["title"] == "Hội nghị tuyên truyền CCHC cho cán bộ xã"
    # Another unit's results are not in it.
    assert "loudspeaker" not in figures["by_kind"]


def test_the_report_goes_from_draft_to_submitted_returned_and_accepted(period: ReportingPeriod, issued: Any) -> None:
    report = services.open_report(issued.officer, period, issued.officer_unit)
    with pytest.raises(services.ReportingError, match="Kết quả đạt được"):
        services.submit_report(issued.officer, report)
    services.save_report(
        issued.officer,
        report,
        results="Đã tổ chức hội nghị.",
        proposals="Bổ sung kinh phí.",
        signer_name="Nguyễn Văn An",
    )
    report = services.submit_report(issued.officer, report)
    assert report.status == ReportStatus.SUBMITTED and report.first_submitted_at is not None
    with pytest.raises(services.ReportingError, match="chờ cơ quan chủ trì xem xét"):
        services.save_report(issued.officer, report, results="Sửa sau khi nộp", signer_name="Nguyễn Văn An")
    with pytest.raises(services.ReportingError, match="ghi ý kiến"):
        services.return_report(issued.owner, report, "  ")
    report = services.return_report(issued.owner, report, "Bổ sung số liệu hội nghị.")
    assert report.status == ReportStatus.RETURNED
    services.save_report(
        issued.officer, report, results="Đã tổ chức 01 hội nghị với 120 đại biểu.", signer_name="Nguyễn Văn An"
    )
    first = report.first_submitted_at
    report = services.submit_report(issued.officer, report)
    assert report.first_submitted_at == first
    report = services.accept_report(issued.owner, report)
    assert report.status == ReportStatus.ACCEPTED
    actions = list(
        AuditEntry.objects.filter(object_type="reporting.unitreport", object_id=str(report.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "reporting.unit_report.created",
        "reporting.unit_report.updated",
        "reporting.unit_report.submitted",
        "reporting.unit_report.returned",
        "reporting.unit_report.updated",
        "reporting.unit_report.submitted",
        "reporting.unit_report.accepted",
    ]


def test_a_report_cannot_be_submitted_or_accepted_again_after_acceptance(period: ReportingPeriod, issued: Any) -> None:
    report = services.open_report(issued.officer, period, issued.officer_unit)
    services.save_report(issued.officer, report, results="Đã thực hiện.", signer_name="Nguyễn Văn An")
    services.submit_report(issued.officer, report)
    services.accept_report(issued.owner, report)
    with pytest.raises(services.ReportingError, match="đã được cơ quan chủ trì tiếp nhận"):
        services.submit_report(issued.officer, report)
    with pytest.raises(services.ReportingError, match="đã được tiếp nhận trước đó"):
        services.accept_report(issued.owner, report)
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED


def test_a_report_first_submitted_after_the_due_date_is_late(period: ReportingPeriod, issued: Any) -> None:
    report = services.open_report(issued.officer, period, issued.officer_unit)
    services.save_report(issued.officer, report, results="Đã thực hiện.", signer_name="Nguyễn Văn An")
    report = services.submit_report(issued.officer, report)
    # The Chợ Đồn plan is for 2024: a report submitted today is after its 10/12/2024 due date.
    assert period.due == dt.date(2024, 12, 10)
    assert report.is_late(services.today())
    assert AuditEntry.objects.filter(action="reporting.unit_report.submitted", after__late=True).exists()


def test_the_owner_adds_an_ad_hoc_period_and_bad_dates_get_a_clear_message(issued: Any) -> None:
    with pytest.raises(services.ReportingError, match="ngày kết thúc số liệu trước ngày bắt đầu"):
        services.add_period(
            issued.owner,
            issued.plan,
            title="Báo cáo đột xuất",
            start=dt.date(2024, 9, 1),
            end=dt.date(2024, 8, 1),
            due=dt.date(2024, 9, 5),
        )
    period = services.add_period(
        issued.owner,
        issued.plan,
        title="Báo cáo phục vụ kiểm tra",
        start=dt.date(2024, 1, 1),
        end=dt.date(2024, 9, 30),
        due=dt.date(2024, 10, 1),
    )
    assert period.kind == "ad_hoc" and period.is_manual
    assert AuditEntry.objects.filter(action="reporting.period.created", object_id=str(period.pk)).exists()
