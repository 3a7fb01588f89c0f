"""Who may see, edit and review reports: own unit only for officers; the plan owner reviews; leaders read."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from cchc.reporting import services
from cchc.reporting.models import ReportingPeriod, ReportStatus, UnitReport


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _submitted(period: ReportingPeriod, issued: Any) -> UnitReport:
    report = services.open_report(issued.officer, period, issued.officer_unit)
    services.save_report(issued.officer, report, results="Đã thực hiện đầy đủ.", signer_name="Nguyễn Văn An")
    return services.submit_report(issued.officer, report)


def test_an_officer_opens_edits_and_submits_the_own_units_report(period: ReportingPeriod, issued: Any) -> None:
    client = _client(issued.officer)
    response = client.post(reverse("reporting:open_report", args=[period.pk]))
    report = UnitReport.objects.get(period=period, unit=issued.officer_unit)
    assert response.status_code == 302 and response["Location"] == reverse("reporting:report", args=[report.pk])
    page = client.get(reverse("reporting:report", args=[report.pk]))
    assert page.status_code == 200 and "Hội nghị tuyên truyền CCHC cho cán bộ xã" in page.content.decode()
    client.post(
        reverse("reporting:report", args=[report.pk]),
        {
            "results": "Kết quả tốt.",
            "limitations": "",
            "causes": "",
            "proposals": "",
            "number": "",
            "signer_position": "",
            "signer_name": "Nguyễn Văn An",
        },
    )
    client.post(reverse("reporting:submit", args=[report.pk]))
    report.refresh_from_db()
    assert report.results == "Kết quả tốt." and report.status == ReportStatus.SUBMITTED


def test_another_units_officer_gets_404_and_changes_nothing(period: ReportingPeriod, issued: Any) -> None:
    report = services.open_report(issued.officer, period, issued.officer_unit)
    services.save_report(issued.officer, report, results="Bản gốc.", signer_name="Nguyễn Văn An")
    services.submit_report(issued.officer, report)
    services.return_report(issued.owner, report, "Bổ sung.")
    for user in (issued.other_officer, issued.outsider):
        client = _client(user)
        assert client.get(reverse("reporting:report", args=[report.pk])).status_code == 404
        edit = client.post(reverse("reporting:report", args=[report.pk]), {"results": "Sửa trộm"})
        assert edit.status_code == 404
        assert client.post(reverse("reporting:submit", args=[report.pk])).status_code == 404
        assert client.get(reverse("reporting:report_docx", args=[report.pk])).status_code == 404
    report.refresh_from_db()
    assert report.results == "Bản gốc." and report.status == ReportStatus.RETURNED


def test_only_the_plan_owner_accepts_or_returns_and_the_leader_only_reads(period: ReportingPeriod, issued: Any) -> None:
    report = _submitted(period, issued)
    for user in (issued.officer, issued.leader, issued.other_officer):
        assert _client(user).post(reverse("reporting:accept", args=[report.pk])).status_code == 404
    assert _client(issued.leader).get(reverse("reporting:report", args=[report.pk])).status_code == 200
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    _client(issued.owner).post(reverse("reporting:return", args=[report.pk]), {"comment": "Thiếu số liệu quý IV."})
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED and report.review_comment == "Thiếu số liệu quý IV."


def test_consolidated_report_and_scores_are_for_the_owner_and_admins(period: ReportingPeriod, issued: Any) -> None:
    consolidated = reverse("reporting:consolidated", args=[period.pk])
    for user in (issued.officer, issued.leader, issued.outsider):
        assert _client(user).get(consolidated).status_code == 404
    for user in (issued.owner, issued.admin):
        assert _client(user).get(consolidated).status_code == 200
    download = _client(issued.leader).get(reverse("reporting:consolidated_docx", args=[period.pk]))
    assert download.status_code == 200 and download["Content-Disposition"].endswith(
        'bao-cao-tong-hop-bao-cao-nam-2024.docx"'
    )
    assert _client(issued.officer).get(reverse("reporting:consolidated_docx", args=[period.pk])).status_code == 404
    scores = reverse("reporting:scores", args=[issued.plan.pk])
    assert _client(issued.officer).post(scores, {"nam": "2024"}).status_code == 404
    assert _client(issued.owner).post(scores, {"nam": "2024"}).status_code == 302
    assert _client(issued.leader).get(scores + "?nam=2024").status_code == 200


def test_a_public_user_reaches_no_reporting_page(period: ReportingPeriod, issued: Any) -> None:
    client = _client(issued.public)
    assert client.get(reverse("reporting:period", args=[period.pk])).status_code == 404
    assert client.get(reverse("plans:docx", args=[issued.plan.pk])).status_code == 404
    assert client.get(reverse("reporting:plan_docx_moved", args=[issued.plan.pk])).status_code == 404
    assert Client().get(reverse("reporting:index")).status_code == 302


def test_the_plans_word_download_is_a_plan_page_and_its_old_address_redirects(issued: Any) -> None:
    client = _client(issued.leader)
    new = reverse("plans:docx", args=[issued.plan.pk])
    old = client.get(reverse("reporting:plan_docx_moved", args=[issued.plan.pk]))
    assert old.status_code == 301 and old["Location"] == new
    download = client.get(new)
    assert download.status_code == 200 and download["Content-Disposition"].startswith('attachment; filename="ke-hoach-')
    assert download.content[:2] == b"PK"


def test_every_reporting_page_renders_for_the_people_who_may_see_it(period: ReportingPeriod, issued: Any) -> None:
    report = services.open_report(issued.officer, period, issued.officer_unit)
    plan = issued.plan.pk
    pages = {
        issued.officer: [
            reverse("reporting:index"),
            reverse("reporting:plan", args=[plan]),
            reverse("reporting:period", args=[period.pk]),
            reverse("reporting:report", args=[report.pk]),
        ],
        issued.owner: [
            reverse("reporting:plan", args=[plan]),
            reverse("reporting:period", args=[period.pk]),
            reverse("reporting:rubric", args=[plan]),
            reverse("reporting:scores", args=[plan]),
        ],
        issued.leader: [reverse("reporting:index"), reverse("reporting:period", args=[period.pk])],
    }
    for user, urls in pages.items():
        client = _client(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (user.username, url)
            assert "None" not in response.content.decode(), (user.username, url)
    assert "Phòng Tư pháp" in _client(issued.owner).get(reverse("reporting:period", args=[period.pk])).content.decode()


def test_a_draft_report_is_private_to_its_unit_until_submitted(period: ReportingPeriod, issued: Any) -> None:
    report = services.open_report(issued.officer, period, issued.officer_unit)
    services.save_report(
        issued.officer, report, results="Bản nháp chưa nộp: số liệu chưa kiểm tra.", signer_name="Nguyễn Văn An"
    )
    url = reverse("reporting:report", args=[report.pk])
    for user in (issued.owner, issued.leader, issued.other_officer):
        response = _client(user).get(url)
        assert response.status_code == 404, user.username
    services.submit_report(issued.officer, report)
    for user in (issued.owner, issued.leader):
        assert "Bản nháp chưa nộp" in _client(user).get(url).content.decode(), user.username
    assert _client(issued.other_officer).get(url).status_code == 404
