"""An inspection round with findings and follow-up prints its report; each unit sees only its own findings."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.urls import reverse
from docx import Document

from cchc.core.models import AuditEntry
from cchc.execution.models import Assignment
from cchc.inspections.models import ChecklistItem, FollowUp, InspectionRound, Recommendation, Verdict
from cchc.inspections.selectors import findings_by_unit
from cchc.inspections.services import (
    InspectionError,
    add_finding,
    add_recommendation,
    close_round,
    create_round,
    follow_up,
    judge,
)

TEAM = ["Trưởng đoàn: Hoàng Văn Minh, Trưởng phòng Nội vụ", "Thành viên: Lý Thị Hoa, chuyên viên"]


def open_round(cast: Any, **kwargs: Any) -> InspectionRound:
    values: dict[str, Any] = {
        "title": "Kiểm tra công tác tuyên truyền CCHC 6 tháng đầu năm 2024",
        "start": dt.date(2024, 1, 1),
        "end": dt.date(2024, 6, 30),
        "team": TEAM,
        "units": [cast.officer_unit, cast.other_unit],
    }
    return create_round(cast.owner, cast.plan, **{**values, **kwargs})


def test_the_checklist_comes_from_each_units_assignments_and_evidence(world_reported: Any) -> None:
    cast = world_reported
    inspection = open_round(cast)
    mine = ChecklistItem.objects.filter(round=inspection, unit=cast.officer_unit)
    assert mine.count() == Assignment.objects.filter(plan=cast.plan, unit=cast.officer_unit, is_active=True).count()
    # Three results logged by Phòng Tư pháp in the first half of 2024, none with evidence: partly met.
    assert sum(item.results for item in mine) == 3
    assert {item.proposed for item in mine if item.results} == {Verdict.PARTIAL}
    assert {item.proposed for item in mine if not item.results} == {Verdict.NOT_MET}
    assert AuditEntry.objects.filter(action="inspections.round.created").count() == 1


def test_a_sample_is_drawn_reproducibly_from_the_units_with_assignments(world_issued: Any) -> None:
    cast = world_issued
    first = open_round(cast, units=None, sample=3, seed=7)
    second = open_round(cast, units=None, sample=3, seed=7)
    assert first.sampled and first.units.count() == 3
    assert set(first.units.values_list("pk", flat=True)) == set(second.units.values_list("pk", flat=True))
    for bad in (0, 10**6):
        with pytest.raises(InspectionError, match="chọn mẫu"):
            open_round(cast, units=None, sample=bad)
    with pytest.raises(InspectionError, match="không có nhiệm vụ"):
        open_round(cast, units=[cast.outsider_unit])
    with pytest.raises(InspectionError, match="trong thời kỳ"):
        open_round(cast, start=dt.date(2030, 1, 1), end=dt.date(2030, 6, 30))


def test_findings_recommendations_and_follow_up_print_in_the_report(client: Any, world_reported: Any) -> None:
    cast = world_reported
    inspection = open_round(cast)
    item = ChecklistItem.objects.filter(round=inspection, unit=cast.officer_unit, results__gt=0).first()
    judge(cast.owner, item, Verdict.PARTIAL, "Thiếu biên bản hội nghị")
    finding = add_finding(
        cast.owner, inspection, cast.officer_unit, "Chưa lưu tài liệu kiểm chứng các hội nghị", "moderate"
    )
    rec = add_recommendation(cast.owner, finding, "Bổ sung biên bản, danh sách đại biểu.", dt.date(2024, 9, 30))
    with pytest.raises(InspectionError, match="sau thời gian kiểm tra"):
        add_recommendation(cast.owner, finding, "Quá sớm", dt.date(2024, 5, 1))
    with pytest.raises(InspectionError, match="không thuộc đợt kiểm tra"):
        add_finding(cast.owner, inspection, cast.outsider_unit, "Ngoài đợt", "minor")

    # The inspected unit's officer reports the follow-up on the round page.
    client.force_login(cast.officer)
    url = reverse("inspections:round", args=[inspection.pk])
    page = client.get(url).content.decode()
    assert "Chưa lưu tài liệu kiểm chứng" in page and cast.other_unit.name not in page
    client.post(url, {"action": "follow_up", "id": rec.pk, "status": "done", "note": "Đã bổ sung biên bản"})
    rec.refresh_from_db()
    assert rec.status == FollowUp.DONE and rec.follow_up == "Đã bổ sung biên bản"
    # …but judges nothing and records no finding.
    client.post(url, {"action": "finding", "unit": cast.officer_unit.pk, "text": "Tự ghi", "severity": "minor"})
    assert inspection.findings.count() == 1

    close_round(cast.owner, inspection)
    client.force_login(cast.owner)
    response = client.get(reverse("inspections:report", args=[inspection.pk]))
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    text = "\n".join([p.text for p in document.paragraphs] + cells)
    assert "BÁO CÁO" in text and "Kết quả kiểm tra công tác tuyên truyền cải cách hành chính năm 2024" in text
    assert "Trưởng đoàn: Hoàng Văn Minh" in text and "Chưa lưu tài liệu kiểm chứng các hội nghị" in text
    assert "trước ngày 30/09/2024 (đã khắc phục)" in text and "Lưu: VT" in text
    with pytest.raises(InspectionError, match="đã kết thúc"):
        add_finding(cast.owner, inspection, cast.officer_unit, "Muộn", "minor")
    summary = findings_by_unit(cast.plan.pk, 2024, dt.date(2024, 12, 31))
    assert summary[cast.officer_unit.pk].findings == 1 and summary[cast.officer_unit.pk].open_overdue == 0


def test_no_one_else_reads_or_changes_a_round(client: Any, world_reported: Any) -> None:
    cast = world_reported
    inspection = open_round(cast, units=[cast.officer_unit])
    finding = add_finding(cast.owner, inspection, cast.officer_unit, "Chưa có chuyên mục", "serious")
    rec = add_recommendation(cast.owner, finding, "Lập chuyên mục", dt.date(2024, 8, 1))
    url = reverse("inspections:round", args=[inspection.pk])
    for user in (cast.other_officer, cast.outsider, cast.public):
        client.force_login(user)
        assert client.get(url).status_code == 404, user.username
        client.post(url, {"action": "follow_up", "id": rec.pk, "status": "done", "note": "x"})
        assert client.get(reverse("inspections:report", args=[inspection.pk])).status_code == 404
    client.force_login(cast.officer)
    assert client.get(reverse("inspections:report", args=[inspection.pk])).status_code == 404
    client.post(reverse("inspections:plan_rounds", args=[cast.plan.pk]), {"title": "Giả", "start": "01/01/2024"})
    assert InspectionRound.objects.count() == 1
    assert Recommendation.objects.get(pk=rec.pk).status == FollowUp.OPEN
    with pytest.raises(InspectionError, match="khắc phục"):
        follow_up(cast.officer, rec, "done", "")
    client.logout()
    assert client.get(url).status_code == 302


def test_the_owner_opens_a_round_from_the_page(client: Any, world_reported: Any) -> None:
    cast = world_reported
    client.force_login(cast.owner)
    url = reverse("inspections:plan_rounds", args=[cast.plan.pk])
    data = {"title": "Kiểm tra quý II", "start": "01/04/2024", "end": "30/06/2024", "team": "\n".join(TEAM),
            "units": [cast.officer_unit.pk]}  # fmt: skip
    response = client.post(url, data)
    inspection = InspectionRound.objects.get()
    assert response["Location"] == reverse("inspections:round", args=[inspection.pk])
    assert inspection.team == TEAM and list(inspection.units.all()) == [cast.officer_unit]
    again = client.post(url, {**data, "end": "01/01/2024"})
    assert "ngày bắt đầu sau ngày kết thúc" in again.content.decode() and InspectionRound.objects.count() == 1
