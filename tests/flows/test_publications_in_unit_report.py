"""Across publishing and reporting: what went out on the channels is in the unit's report with no retyping — each
publication a result of the assignment it carried out, counted by kind with its quantities."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from cchc.publishing import services as publishing
from cchc.publishing.services import PieceInput
from cchc.reporting.models import ReportingPeriod

pytestmark = pytest.mark.django_db


def test_a_published_piece_is_counted_in_the_units_report(
    world_issued: Any,
    client: Any,
    settings: Any,
    tmp_path: Path,
    monkeypatch: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    cast = world_issued
    settings.MEDIA_ROOT = tmp_path
    period = ReportingPeriod.objects.filter(plan=cast.plan).order_by("start").first()
    day = period.start + dt.timedelta(days=10)
    monkeypatch.setattr(publishing, "today", lambda: day)
    assignment = cast.plan.assignments.filter(unit=cast.officer_unit, activity__isnull=False).first()
    text = PieceInput("Hướng dẫn nộp hồ sơ trực tuyến", "Người dân nộp hồ sơ tại nhà.", day, ["portal", "poster"])
    piece = publishing.create_piece(cast.officer, cast.officer_unit, text, assignment)
    publishing.submit_piece(cast.officer, piece)
    publishing.approve_piece(cast.leader, piece)
    with django_capture_on_commit_callbacks(execute=True):
        publishing.publish_piece(cast.officer, piece)
    client.force_login(cast.officer)
    opened = client.post(reverse("reporting:open_report", args=[period.pk]))
    assert opened.status_code == 302
    page = client.get(opened["Location"]).content.decode()
    assert "Tin, bài trên Cổng/Trang TTĐT" in page and "Trực quan (pa nô, băng rôn, áp phích, tờ rơi)" in page
    report = period.unit_reports.get(unit=cast.officer_unit)
    assert report.figures["by_kind"]["portal_news"]["count"] == 1
    assert report.figures["by_kind"]["visual"] == {**report.figures["by_kind"]["visual"], "count": 1, "copies": 1}
    assert report.figures["with_evidence"] >= 1  # the poster's PDF is the visual result's evidence
