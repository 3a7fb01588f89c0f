"""The consolidated report previewed on screen: what the .docx will say, with each unit's own limitations and
proposals under its name; read by those who read the plan's summaries only."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from cchc.reporting import services
from cchc.reporting.models import ReportingPeriod


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_preview_shows_the_report_with_the_units_limitations_and_proposals(
    issued: Any, period: ReportingPeriod
) -> None:
    report = services.open_report(issued.officer, period, issued.officer_unit)
    services.save_report(
        issued.officer,
        report,
        results="Đã tổ chức hội nghị.",
        limitations="Kinh phí còn hạn chế <ít>.",
        proposals="Bổ sung kinh phí.",
        signer_name="Nguyễn Văn An",
    )
    services.submit_report(issued.officer, report)
    services.save_consolidated(issued.owner, period, summary="Đã triển khai kịp thời.", signer_name="Lê Minh")
    owner = _client(issued.owner)
    assert (
        reverse("reporting:consolidated_preview", args=[period.pk])
        in owner.get(reverse("reporting:consolidated", args=[period.pk])).content.decode()
    )
    response = owner.get(reverse("reporting:consolidated_preview", args=[period.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "BÁO CÁO" in page and "Đã triển khai kịp thời." in page and "LÊ MINH" in page.upper()
    assert "TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN" in page
    assert "<em>Phòng Tư pháp:</em> Kinh phí còn hạn chế &lt;ít&gt;." in page
    assert "<em>Phòng Tư pháp:</em> Bổ sung kinh phí." in page
    assert _client(issued.leader).get(reverse("reporting:consolidated_preview", args=[period.pk])).status_code == 200
    assert _client(issued.officer).get(reverse("reporting:consolidated_preview", args=[period.pk])).status_code == 404
