"""Writing a report without losing anything: every button saves first, answers are checked before the one submit,
a double submit goes in once, and going back after submitting shows the submitted report, not a form."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from cchc.core.models import AuditEntry
from cchc.reporting import services
from cchc.reporting.models import ReportingPeriod, ReportStatus, UnitReport

FILLED = {
    "results": "Đã tổ chức 01 hội nghị với 120 đại biểu.",
    "limitations": "Kinh phí còn hạn chế.",
    "causes": "",
    "proposals": "Đề nghị bổ sung kinh phí.",
    "number": "",
    "signer_position": "",
    "signer_name": "Nguyễn Văn An",
    "symbol": "PTP",
}


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _report(period: ReportingPeriod, issued: Any) -> UnitReport:
    return services.open_report(issued.officer, period, issued.officer_unit)


def test_checking_before_submitting_saves_the_text_and_shows_the_answers(period: ReportingPeriod, issued: Any) -> None:
    report = _report(period, issued)
    client = _client(issued.officer)
    response = client.post(reverse("reporting:report", args=[report.pk]), {**FILLED, "then": "check"})
    assert response.status_code == 302 and response["Location"] == reverse("reporting:check", args=[report.pk])
    report.refresh_from_db()
    assert report.results == FILLED["results"] and report.status == ReportStatus.DRAFT
    page = client.get(response["Location"]).content.decode()
    assert "Kinh phí còn hạn chế." in page and "Xác nhận và nộp báo cáo" in page and "Chưa nộp được" not in page


def test_the_check_page_says_what_is_missing_and_offers_no_submit(period: ReportingPeriod, issued: Any) -> None:
    report = _report(period, issued)
    client = _client(issued.officer)
    client.post(
        reverse("reporting:report", args=[report.pk]), {**FILLED, "results": "", "signer_name": "", "then": "check"}
    )
    page = client.get(reverse("reporting:check", args=[report.pk])).content.decode()
    assert "Chưa nộp được: còn thiếu" in page and "Kết quả đạt được" in page and "Họ tên người ký" in page
    assert "Xác nhận và nộp báo cáo" not in page
    # Submitting anyway (a crafted POST) is refused and sends the person back to the check page.
    response = client.post(reverse("reporting:submit", args=[report.pk]))
    assert response["Location"] == reverse("reporting:check", args=[report.pk])
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_updating_the_figures_keeps_the_text_typed(period: ReportingPeriod, issued: Any) -> None:
    report = _report(period, issued)
    client = _client(issued.officer)
    client.post(reverse("reporting:report", args=[report.pk]), {**FILLED, "then": "refresh"})
    report.refresh_from_db()
    assert report.results == FILLED["results"] and report.figures_at is not None


def test_a_double_submit_goes_in_once_and_the_back_button_shows_the_submitted_report(
    period: ReportingPeriod, issued: Any
) -> None:
    report = _report(period, issued)
    client = _client(issued.officer)
    client.post(reverse("reporting:report", args=[report.pk]), {**FILLED, "then": "check"})
    first = client.post(reverse("reporting:submit", args=[report.pk]))
    second = client.post(reverse("reporting:submit", args=[report.pk]), follow=True)
    assert first.status_code == 302
    assert "Báo cáo đã được nộp lúc" in second.content.decode()
    submissions = AuditEntry.objects.filter(action="reporting.unit_report.submitted", object_id=str(report.pk))
    assert submissions.count() == 1
    # Back to the check page or the form: the submitted report, never a form that submits or saves again.
    back = client.get(reverse("reporting:check", args=[report.pk]))
    assert back["Location"] == reverse("reporting:report", args=[report.pk])
    page = client.get(reverse("reporting:report", args=[report.pk]))
    assert "no-store" in page["Cache-Control"] or "no-cache" in page["Cache-Control"]
    assert 'data-autosave="' not in page.content.decode() and "Đã nộp" in page.content.decode()
    stale = client.post(reverse("reporting:report", args=[report.pk]), {**FILLED, "results": "Sửa sau khi nộp"})
    assert stale.status_code == 302
    report.refresh_from_db()
    assert report.results == FILLED["results"]


def test_errors_are_summarised_at_the_top_and_the_text_stays_in_the_form(period: ReportingPeriod, issued: Any) -> None:
    report = _report(period, issued)
    client = _client(issued.officer)
    response = client.post(reverse("reporting:report", args=[report.pk]), {**FILLED, "symbol": "S T P", "then": "save"})
    page = response.content.decode()
    assert response.status_code == 200 and "Có lỗi cần sửa" in page and 'role="alert"' in page
    assert FILLED["results"] in page  # what was typed comes back in the form


def test_the_check_page_is_the_units_own(period: ReportingPeriod, issued: Any) -> None:
    report = _report(period, issued)
    for user in (issued.other_officer, issued.outsider, issued.leader, issued.owner):
        assert _client(user).get(reverse("reporting:check", args=[report.pk])).status_code == 404
    assert Client().get(reverse("reporting:check", args=[report.pk])).status_code == 302
