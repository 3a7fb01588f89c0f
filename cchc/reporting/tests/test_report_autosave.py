"""What is typed in a unit report is saved in the background on the server: opened again (after logging in
again, on another computer) the page offers it back; a session that expired loses nothing; saving for real
spends the copy; nobody else's report, and no submitted report, takes a copy."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from cchc.reporting import services
from cchc.reporting.models import ReportDraft, ReportingPeriod, UnitReport


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _open(issued: Any, period: ReportingPeriod) -> UnitReport:
    return services.open_report(issued.officer, period, issued.officer_unit)


def test_typed_text_is_saved_in_the_background_and_offered_back(issued: Any, period: ReportingPeriod) -> None:
    report = _open(issued, period)
    url = reverse("reporting:autosave", args=[report.pk])
    response = _client(issued.officer).post(url, {"results": "Đã tổ chức 3 hội nghị", "limitations": "Thiếu"})
    assert response.status_code == 200 and "saved_at" in response.json()
    assert UnitReport.objects.get(pk=report.pk).results == ""  # the report itself changes only on saving
    page = _client(issued.officer).get(reverse("reporting:report", args=[report.pk])).content.decode()
    assert "Đã khôi phục nội dung tự lưu" in page and "Đã tổ chức 3 hội nghị" in page
    assert reverse("reporting:autosave", args=[report.pk]) in page


def test_an_expired_session_is_sent_to_log_in_and_the_last_copy_stays(issued: Any, period: ReportingPeriod) -> None:
    report = _open(issued, period)
    url = reverse("reporting:autosave", args=[report.pk])
    _client(issued.officer).post(url, {"results": "Bản gõ trước khi hết phiên"})
    expired = Client()  # no session any more
    response = expired.post(url, {"results": "Bản gõ sau khi hết phiên"})
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert ReportDraft.objects.get(report=report).values["results"] == "Bản gõ trước khi hết phiên"


def test_saving_for_real_spends_the_copy(issued: Any, period: ReportingPeriod) -> None:
    report = _open(issued, period)
    _client(issued.officer).post(reverse("reporting:autosave", args=[report.pk]), {"results": "Nháp"})
    services.save_report(issued.officer, report, results="Bản chính thức")
    assert not ReportDraft.objects.filter(report=report).exists()
    page = _client(issued.officer).get(reverse("reporting:report", args=[report.pk])).content.decode()
    assert "Đã khôi phục" not in page and "Bản chính thức" in page


def test_no_copy_of_another_units_or_a_submitted_report(issued: Any, period: ReportingPeriod) -> None:
    report = _open(issued, period)
    url = reverse("reporting:autosave", args=[report.pk])
    assert _client(issued.other_officer).post(url, {"results": "x"}).status_code == 404
    assert _client(issued.owner).post(url, {"results": "x"}).status_code == 404
    services.save_report(issued.officer, report, results="Đủ.", signer_name="Nguyễn Văn An")
    services.submit_report(issued.officer, report)
    response = _client(issued.officer).post(url, {"results": "sửa sau khi nộp"})
    assert response.status_code == 409 and "không sửa được" in response.json()["error"]
    assert not ReportDraft.objects.filter(report=report).exists()


def test_the_check_page_is_never_cached_so_back_after_submitting_shows_the_report(
    issued: Any, period: ReportingPeriod
) -> None:
    report = _open(issued, period)
    response = _client(issued.officer).get(reverse("reporting:check", args=[report.pk]))
    assert "no-store" in response["Cache-Control"]
