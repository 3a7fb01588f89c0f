"""The public accountability page: only for plans the owner published, with no personal data."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from cchc.execution.models import Evidence
from cchc.execution.services import ExecutionError, log_result, set_evidence_public
from cchc.plans.services import update_plan

from .conftest import officer_assignment, result_input


def test_an_unpublished_plan_has_no_public_page(issued: Any, client: Any) -> None:
    assert client.get(reverse("execution:public", args=[issued.plan.pk])).status_code == 404


def test_a_published_plan_shows_each_activitys_progress_without_names(issued: Any, client: Any) -> None:
    issued.officer.first_name, issued.officer.last_name, issued.officer.email = "Văn", "Nguyễn", "a@b.vn"
    issued.officer.save()
    log_result(issued.officer, officer_assignment(issued), result_input(note="Liên hệ anh Nguyễn Văn"))
    update_plan(issued.owner, issued.plan, is_public=True)
    page = client.get(reverse("execution:public", args=[issued.plan.pk])).content.decode()
    assert "Tiến độ từng nhiệm vụ" in page and '<figure class="bars">' in page
    assert issued.plan.activities.first().ref + "." in page
    for private in ("Nguyễn Văn", "a@b.vn", issued.officer.username, "Hội nghị tuyên truyền CCHC quý I"):
        assert private not in page


def test_a_plan_without_an_appendix_shows_the_progress_of_its_responsibilities(cast: Any, client: Any) -> None:
    from cchc.execution.services import issue_plan
    from cchc.plans.models import Plan

    province_plan = Plan.objects.exclude(pk=cast.plan.pk).get()
    assert not province_plan.activities.exists()
    issue_plan(None, province_plan)
    update_plan(None, province_plan, is_public=True)
    page = client.get(reverse("execution:public", args=[province_plan.pk])).content.decode()
    first = province_plan.responsibilities.first()
    assert first.duties[0][:40] in page and "Kế hoạch chưa có nhiệm vụ" not in page


def test_the_public_page_dates_each_activitys_latest_results_without_their_titles(issued: Any, client: Any) -> None:
    log_result(issued.officer, officer_assignment(issued), result_input(participants=1234))
    update_plan(issued.owner, issued.plan, is_public=True)
    page = client.get(reverse("execution:public", args=[issued.plan.pk])).content.decode()
    assert "Hội nghị, tập huấn, hội thảo, tọa đàm, 1.234 người tham dự" in page
    assert "Hội nghị tuyên truyền CCHC quý I" not in page


def _photo_with_gps(name: str = "hoi-nghi.jpg") -> SimpleUploadedFile:
    """A JPEG carrying the camera's GPS position in its EXIF (what a phone writes)."""
    exif = Image.Exif()
    exif[0x010F] = "Máy ảnh của cán bộ"  # Make
    exif[0x8825] = {1: "N", 2: (21.0, 51.0, 0.0)}  # GPSInfo
    out = io.BytesIO()
    Image.new("RGB", (2400, 1800), (200, 30, 30)).save(out, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def test_pictures_the_unit_made_public_show_dated_without_their_metadata(issued: Any, client: Any) -> None:
    logged = log_result(issued.officer, officer_assignment(issued), result_input(), evidence=[_photo_with_gps()])
    (photo,) = logged.result.evidence.all()
    update_plan(issued.owner, issued.plan, is_public=True)
    url = reverse("execution:public_photo", args=[issued.plan.pk, photo.pk])
    page = client.get(reverse("execution:public", args=[issued.plan.pk])).content.decode()
    assert url not in page and client.get(url).status_code == 404  # off by default

    staff = Client()
    staff.force_login(issued.officer)
    edit = staff.get(reverse("execution:result_edit", args=[logged.result.pk])).content.decode()
    assert "Công khai ảnh trên trang tiến độ" in edit
    staff.post(reverse("execution:evidence_public", args=[photo.pk]), {"is_public": "1"})
    page = client.get(reverse("execution:public", args=[issued.plan.pk])).content.decode()
    assert url in page and 'alt="Ảnh kết quả ngày 15/03/2024: Hội nghị' in page
    assert "hoi-nghi.jpg" not in page
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    shown = Image.open(io.BytesIO(response.content))
    assert max(shown.size) == 1600 and not shown.getexif()  # smaller, and no camera or GPS data left

    # Another unit's officer cannot publish it; the plan unpublished hides it again.
    other = Client()
    other.force_login(issued.other_officer)
    assert other.post(reverse("execution:evidence_public", args=[photo.pk]), {"is_public": "0"}).status_code == 404
    update_plan(issued.owner, issued.plan, is_public=False)
    assert client.get(url).status_code == 404


def test_only_pictures_can_be_made_public(issued: Any) -> None:
    pdf = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    logged = log_result(issued.officer, officer_assignment(issued), result_input(), evidence=[pdf])
    (document,) = logged.result.evidence.all()
    with pytest.raises(ExecutionError, match="Chỉ ảnh"):
        set_evidence_public(issued.officer, document, True)
    assert not Evidence.objects.get(pk=document.pk).is_public
