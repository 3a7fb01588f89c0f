"""Funding as figures: Nam Định's Kinh phí column read as kind and source, estimates typed per activity (bounded,
never negative), the printed plan keeping the text as written, the .xlsx estimate for the budget round."""

from __future__ import annotations

import decimal
import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cchc.plans.docx_export import stored_plan_spec
from cchc.plans.funding import read_funding
from cchc.plans.models import Activity, Plan
from cchc.plans.seeds import load_seed_plan
from cchc.plans.services import PlanError, save_activity
from conftest import seed_plan_json


@pytest.mark.parametrize(
    ("text", "level", "expected"),
    [
        ("Kinh phí thường xuyên", "province", ("recurrent", "province")),
        ("Kinh phí không thường xuyên", "province", ("non_recurrent", "province")),
        ("Lồng ghép trong kinh phí Chương trình chuyển đổi số", "district", ("", "integrated")),
        ("Xã hội hóa", "commune", ("", "socialised")),
        ("Ngân sách huyện, kinh phí thường xuyên", "province", ("recurrent", "district")),
        ("", "province", ("", "")),
        (None, "province", ("", "")),
        ("Theo dự toán được giao", "province", ("", "")),
    ],
)
def test_the_funding_text_is_read_only_for_what_it_says(text: Any, level: str, expected: tuple[str, str]) -> None:
    assert read_funding(text, level) == expected


@pytest.fixture
def nam_dinh(db: Any) -> Plan:
    return load_seed_plan(None, seed_plan_json("004")).plan


def test_nam_dinh_funding_column_becomes_kind_and_source(nam_dinh: Plan) -> None:
    activities = list(nam_dinh.activities.all())
    assert len(activities) == 9
    assert {a.funding_kind for a in activities} == {"recurrent", "non_recurrent"}
    press = next(a for a in activities if a.funding == "Kinh phí không thường xuyên")
    assert press.funding_kind == "non_recurrent" and press.funding_source == "province"
    assert all(a.funding_source == "province" and a.estimate is None for a in activities)


def test_an_estimate_is_a_non_negative_number_in_vnd(nam_dinh: Plan) -> None:
    activity = nam_dinh.activities.first()
    assert activity is not None
    for bad, message in (
        (-5, "không được là số âm"),
        ("năm triệu", "không phải là số"),
        ("1e400", "Dự toán \\(đồng\\)"),
        (10**20, "Dự toán \\(đồng\\)"),
    ):
        with pytest.raises(PlanError, match=message):
            save_activity(None, nam_dinh, activity, content=activity.content, estimate=bad)
        activity.refresh_from_db()
    with pytest.raises(PlanError, match="Nguồn kinh phí"):
        save_activity(None, nam_dinh, activity, content=activity.content, funding_source="ngân hàng")
    activity.refresh_from_db()
    assert activity.estimate is None
    save_activity(None, nam_dinh, activity, content=activity.content, estimate="15000000")
    activity.refresh_from_db()
    assert activity.estimate == decimal.Decimal(15_000_000)


def test_the_printed_plan_keeps_the_funding_text_as_written(nam_dinh: Plan) -> None:
    activity = nam_dinh.activities.get(funding="Kinh phí không thường xuyên")
    save_activity(None, nam_dinh, activity, content=activity.content, estimate=120_000_000, funding_source="other")
    printed = repr(stored_plan_spec(nam_dinh))
    assert "Kinh phí không thường xuyên" in printed and "120000000" not in printed and "Nguồn hợp pháp" not in printed


def _estimate(nam_dinh: Plan) -> None:
    amounts = {"I.1": 20_000_000, "II.3": 120_000_000, "II.5": 35_500_000}
    for activity in nam_dinh.activities.filter(ref__in=amounts):
        save_activity(None, nam_dinh, activity, content=activity.content, estimate=amounts[activity.ref])


def test_the_owner_downloads_the_estimate_for_the_budget_round(client: Any, nam_dinh: Plan, cast: Any) -> None:
    _estimate(nam_dinh)
    owner = cast.owner
    owner.unit = nam_dinh.owner_unit
    owner.save()
    client.force_login(owner)
    page = client.get(reverse("plans:detail", args=[nam_dinh.pk])).content.decode()
    assert "175.500.000 đồng" in page and "dự toán 120.000.000 đồng" in page
    response = client.get(reverse("plans:estimate_xlsx", args=[nam_dinh.pk]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    activities, by_lead = book.worksheets
    values = [row for row in activities.iter_rows(values_only=True)]
    assert values[0][0] == "Dự toán theo nhiệm vụ"
    header = next(row for row in values if row[0] == "STT")
    assert header[3:6] == ("Nguồn kinh phí", "Loại kinh phí", "Dự toán (đồng)")
    press = next(row for row in values if row[0] == "II.3")
    assert press[3] == "Ngân sách tỉnh" and press[4] == "Kinh phí không thường xuyên" and press[5] == 120_000_000
    assert press[6] == "Kinh phí không thường xuyên"
    assert str(values[-1][5]).startswith("=SUM(")  # the total is a formula over the rows above
    leads = {row[0]: row for row in by_lead.iter_rows(values_only=True)}
    assert leads["Báo Nam Định"][1] == 120_000_000


def test_no_one_outside_the_plan_reads_its_estimate(client: Any, nam_dinh: Plan, cast: Any) -> None:
    url = reverse("plans:estimate_xlsx", args=[nam_dinh.pk])
    for user in (cast.officer, cast.outsider, cast.public):
        client.force_login(user)
        assert client.get(url).status_code == 404, user.username
    client.logout()
    assert client.get(url).status_code == 302


def test_a_negative_estimate_typed_in_the_form_is_refused_in_vietnamese(client: Any, nam_dinh: Plan, cast: Any) -> None:
    owner = cast.owner
    owner.unit = nam_dinh.owner_unit
    owner.save()
    client.force_login(owner)
    activity = nam_dinh.activities.first()
    assert activity is not None
    url = reverse("plans:activity_edit", args=[nam_dinh.pk, activity.pk])
    data = {"ref": "1", "source": "appendix", "content": activity.content, "timing_kind": "ongoing", "estimate": "-1"}
    response = client.post(url, data)
    assert response.status_code == 200 and "Dự toán (đồng): không được là số âm." in response.content.decode()
    assert Activity.objects.get(pk=activity.pk).estimate is None
