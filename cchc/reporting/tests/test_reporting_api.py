"""The reporting API: the same access rules and messages as the pages."""

from __future__ import annotations

from typing import Any

from django.test import Client

from cchc.reporting.models import ReportingPeriod, ReportStatus, UnitReport


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_unit_writes_and_submits_its_report_and_the_owner_returns_it(period: ReportingPeriod, issued: Any) -> None:
    officer = _client(issued.officer)
    periods = officer.get(f"/api/reporting/plans/{issued.plan.pk}/periods").json()
    assert [p["title"] for p in periods] == ["Báo cáo năm 2024"]
    report = officer.post(f"/api/reporting/periods/{period.pk}/my-report").json()
    assert report["figures"]["results"] == 3 and report["status"] == "draft"
    url = f"/api/reporting/reports/{report['id']}"
    assert officer.post(url + "/submit").json()["detail"].startswith("Hãy nhập phần «Kết quả đạt được»")
    officer.put(url, {"results": "Đã thực hiện."}, content_type="application/json")
    assert officer.post(url + "/submit").json()["status"] == "submitted"
    assert _client(issued.other_officer).get(url).status_code == 404
    assert officer.post(url + "/accept", {}, content_type="application/json").status_code == 404
    owner = _client(issued.owner)
    returned = owner.post(url + "/return", {"comment": "Bổ sung số liệu."}, content_type="application/json")
    assert returned.json()["status"] == "returned"
    assert UnitReport.objects.get(pk=report["id"]).status == ReportStatus.RETURNED
    summary = owner.get(f"/api/reporting/periods/{period.pk}/consolidated").json()
    assert summary["results"] == 4 and {"late", "missing"} >= {u["state"] for u in summary["units"]}
    assert _client(issued.officer).get(f"/api/reporting/periods/{period.pk}/consolidated").status_code == 404
