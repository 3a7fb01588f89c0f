"""Bad plan input gets a Vietnamese message naming the field, and nothing is half saved."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from cchc.core.models import AuditEntry
from cchc.plans.models import Activity, Plan
from cchc.plans.schema import PlanFormatError
from cchc.plans.services import import_plan_json
from conftest import seed_plan_json


def _errors(raw):
    with pytest.raises(PlanFormatError) as info:
        import_plan_json(None, raw)
    return info.value.errors


@pytest.mark.django_db
def test_an_impossible_date_is_refused_with_the_field_named():
    raw = seed_plan_json("003")
    raw["issued_date"] = "31/02/2025"
    errors = _errors(raw)
    assert errors == ["Ngày ban hành: Ngày «31/02/2025» không tồn tại."]
    assert not Plan.objects.exists()


@pytest.mark.django_db
def test_a_malformed_plan_lists_every_problem_and_saves_nothing():
    raw = seed_plan_json("003")
    del raw["title"]
    raw["activities"][2]["timing"]["kind"] = "sometimes"
    raw["reporting"][0]["due"] = "2025-13-40"
    errors = _errors(raw)
    assert "Trích yếu: thiếu giá trị bắt buộc" in errors
    assert "Nhiệm vụ › #3 › Thời gian thực hiện › Loại thời gian: giá trị không hợp lệ" in errors
    assert any(e.startswith("Chế độ báo cáo › #1 › Hạn báo cáo:") for e in errors)
    assert not Plan.objects.exists() and not Activity.objects.exists() and not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_a_json_value_that_is_not_a_plan_is_refused():
    assert _errors([1, 2, 3]) == ["Tệp JSON phải chứa một đối tượng kế hoạch ({…})."]


@pytest.mark.django_db
def test_a_plan_number_the_same_issuer_already_used_that_year_is_refused():
    first = seed_plan_json("003")
    import_plan_json(None, first)
    second = seed_plan_json("003")
    second["source"] = "another.txt"
    second["title"] = "Một kế hoạch khác"
    second["period"] = {"start": "2025-03-01", "end": "2025-12-31"}
    errors = _errors(second)
    assert errors == ["Số, ký hiệu: UBND thành phố Bắc Ninh đã dùng số «187/KH-UBND» trong năm 2024."]
    assert Plan.objects.count() == 1


@pytest.mark.django_db
def test_the_end_of_the_period_cannot_come_before_its_start():
    raw = seed_plan_json("000")
    raw["period"] = {"start": "2025-12-31", "end": "2025-01-01"}
    assert _errors(raw) == ["Thời kỳ: ngày kết thúc trước ngày bắt đầu."]


@pytest.mark.django_db
def test_uploading_broken_json_in_the_browser_shows_a_vietnamese_error(client, cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(cast.owner)
    response = client.post(reverse("plans:import_json"), {"file": SimpleUploadedFile("k.json", b"{not json")})
    assert response.status_code == 200
    assert "Tệp kế hoạch (JSON): không phải JSON hợp lệ (dòng 1, cột 2)." in response.content.decode()
    raw = seed_plan_json("003")
    raw["issued_date"] = "31/02/2025"
    upload = SimpleUploadedFile("k.json", json.dumps(raw, ensure_ascii=False).encode())
    response = client.post(reverse("plans:import_json"), {"file": upload})
    assert "Ngày ban hành: Ngày «31/02/2025» không tồn tại." in response.content.decode()
    assert Plan.objects.count() == 2  # the two seed plans of the cast, nothing more


@pytest.mark.django_db
def test_the_plan_form_refuses_an_impossible_date(client, cast):
    client.force_login(cast.owner)
    response = client.post(
        reverse("plans:edit", args=[cast.plan.pk]),
        {
            "title": "X",
            "period_start": "31/02/2024",
            "period_end": "31/12/2024",
        },
    )
    assert response.status_code == 200
    assert "Ngày «31/02/2024» không tồn tại." in response.content.decode()
    cast.plan.refresh_from_db()
    assert cast.plan.title != "X"
