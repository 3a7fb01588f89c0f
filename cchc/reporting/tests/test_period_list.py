"""A period's units: reports waiting for review come first, searched and paged on the server."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from cchc.reporting import services
from cchc.reporting.models import ReportingPeriod


def test_submitted_reports_come_first_and_the_list_is_searched(period: ReportingPeriod, issued: Any) -> None:
    report = services.open_report(issued.officer, period, issued.officer_unit)
    services.save_report(issued.officer, report, results="Đã thực hiện.", signer_name="Nguyễn Văn An")
    services.submit_report(issued.officer, report)
    client = Client()
    client.force_login(issued.owner)
    url = reverse("reporting:period", args=[period.pk])
    rows = client.get(url).content.decode().split("<tbody>", 1)[1].split("</tr>")
    assert issued.officer_unit.name in rows[0] and "Đã nộp" in rows[0]
    found = client.get(url, {"q": issued.other_unit.name}).content.decode().split("<tbody>", 1)[1]
    assert issued.other_unit.name in found and issued.officer_unit.name not in found
    for params in ({"sap_xep": "x"}, {"trang": "0"}, {"giam": "1", "sap_xep": "hoat_dong"}):
        assert client.get(url, params).status_code == 200
