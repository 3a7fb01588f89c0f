"""The reporting API: the same access rules and messages as the pages."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from cchc.reporting.models import ReportingPeriod, ReportStatus, UnitReport


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_unit_writes_and_submits_its_report_and_the_owner_returns_it(period: ReportingPeriod, issued: Any) -> None:
    officer = _client(issued.officer)
    periods = officer.get(reverse("api:list_periods", args=[issued.plan.pk])).json()
    assert [p["title"] for p in periods] == ["Báo cáo năm 2024"]
    report = officer.post(reverse("api:open_my_report", args=[period.pk])).json()
    assert report["figures"]["results"] == 3 and report["status"] == "draft"
    url = reverse("api:get_report", args=[report["id"]])
    submit, accept, give_back = (
        reverse(f"api:{name}", args=[report["id"]]) for name in ("submit_report", "accept_report", "return_report")
    )
    assert officer.post(submit).json()["detail"].startswith("Hãy nhập phần «Kết quả đạt được»")
    officer.put(url, {"results": "Đã thực hiện."}, content_type="application/json")
    # Issuing needs the signer: the message names what is missing.
    assert "họ tên người ký" in officer.post(submit).json()["detail"]
    officer.put(url, {"results": "Đã thực hiện.", "signer_name": "Nguyễn Văn An"}, content_type="application/json")
    assert officer.post(submit).json()["status"] == "submitted"
    assert _client(issued.other_officer).get(url).status_code == 404
    assert officer.post(accept, {}, content_type="application/json").status_code == 404
    owner = _client(issued.owner)
    returned = owner.post(give_back, {"comment": "Bổ sung số liệu."}, content_type="application/json")
    assert returned.json()["status"] == "returned"
    assert UnitReport.objects.get(pk=report["id"]).status == ReportStatus.RETURNED
    summary = owner.get(reverse("api:consolidated", args=[period.pk])).json()
    assert summary["results"] == 4 and {"late", "missing"} >= {u["state"] for u in summary["units"]}
    assert _client(issued.officer).get(reverse("api:consolidated", args=[period.pk])).status_code == 404
