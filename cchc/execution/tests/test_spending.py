"""Spending logged with results (amount in đồng, source): a bad amount is refused in Vietnamese, and a spending that
takes an activity above the configured share of its estimate needs a note saying why."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from cchc.accounts.services import create_token
from cchc.execution import excel
from cchc.execution.models import LoggedResult, ResultImport
from cchc.execution.services import ExecutionError, log_result, update_result
from cchc.plans.services import save_activity

from .conftest import officer_assignment, result_input


def _estimate(cast: Any, amount: int) -> Any:
    assignment = officer_assignment(cast)
    activity = assignment.activity
    save_activity(None, cast.plan, activity, content=activity.content, estimate=amount, funding_source="district")
    return assignment


def test_spending_is_logged_with_its_source_as_people_write_them(issued: Any) -> None:
    assignment = officer_assignment(issued)
    outcome = log_result(issued.officer, assignment, result_input(spent="1.500.000", spent_source="Ngân sách huyện"))
    assert (outcome.result.spent, outcome.result.spent_source) == (1_500_000, "district")
    for amount, message in (("-5", "không được là số âm"), ("một triệu", "không phải là số"), ("1,5", "số nguyên")):
        with pytest.raises(ExecutionError) as caught:
            log_result(issued.officer, assignment, result_input(title=f"Hội nghị {amount}", spent=amount))
        assert (
            caught.value.errors["spent"].startswith("Kinh phí đã chi (đồng)")
            and message in caught.value.errors["spent"]
        )
    with pytest.raises(ExecutionError, match="Nguồn kinh phí «ngân sách trung ương» không có trong danh sách"):
        log_result(issued.officer, assignment, result_input(title="Khác", spent_source="ngân sách trung ương"))
    assert LoggedResult.objects.count() == 1


def test_spending_above_the_estimate_needs_a_note(issued: Any) -> None:
    assignment = _estimate(issued, 2_000_000)
    log_result(issued.officer, assignment, result_input(spent=1_500_000, spent_source="district"))
    second = result_input(title="In tờ rơi", kind="printed", participants=None, copies=500, spent=800_000)
    with pytest.raises(ExecutionError) as caught:
        log_result(issued.officer, assignment, second)
    assert caught.value.errors["note"] == (
        "Kinh phí đã chi cho nhiệm vụ này sẽ là 2.300.000 đồng, vượt 100% dự toán (2.000.000 đồng): hãy ghi rõ lý do"
        " vào ô «Ghi chú»."
    )
    assert LoggedResult.objects.count() == 1
    second.note = "In thêm tờ rơi cho 3 xã vùng cao theo đề nghị của UBND huyện."
    kept = log_result(issued.officer, assignment, second).result
    assert kept.spent == 800_000
    # Editing a result replaces its own spending in the total instead of adding it twice.
    first = LoggedResult.objects.exclude(pk=kept.pk).get()
    update_result(issued.officer, first, result_input(spent=1_200_000, spent_source="district"), expected_version=1)


def test_the_share_is_configurable_and_the_page_shows_the_refusal(issued: Any, client: Any, settings: Any) -> None:
    settings.SPENDING_NOTE_SHARE = 0.5
    assignment = _estimate(issued, 2_000_000)
    client.force_login(issued.officer)
    form = {"date": "2024-03-15", "kind": "conference", "title": "Hội nghị", "participants": "80", "spent": "1.200.000"}
    page = client.post(reverse("execution:log_result", args=[assignment.pk]), form).content.decode()
    assert "vượt 50% dự toán (2.000.000 đồng): hãy ghi rõ lý do" in page and not LoggedResult.objects.exists()
    form["note"] = "Thuê hội trường và loa đài cho hội nghị trực tuyến 3 điểm cầu."
    assert client.post(reverse("execution:log_result", args=[assignment.pk]), form).status_code == 302
    assert LoggedResult.objects.get().spent == 1_200_000


def test_rows_of_one_file_add_up_against_the_estimate(issued: Any, client: Any) -> None:
    assignment = _estimate(issued, 2_000_000)
    client.force_login(issued.officer)
    response = client.get(reverse("execution:import_template", args=[issued.plan.pk]))
    wb = load_workbook(io.BytesIO(response.content))
    sheet = wb["Kết quả"]
    names = [name for name, _, _ in excel.COLUMNS]
    for day, title, spent in (
        ("15/03/2024", "Hội nghị quý I", "1.200.000"),
        ("16/03/2024", "Hội nghị bổ sung", "1.000.000"),
    ):
        values = {"assignment": assignment.pk, "date": day, "kind": "Hội nghị, tập huấn, hội thảo, tọa đàm",
                  "title": title, "participants": 50, "spent": spent, "spent_source": "Ngân sách huyện"}  # fmt: skip
        sheet.append([values.get(name) for name in names])
    out = io.BytesIO()
    wb.save(out)
    client.post(
        reverse("execution:import_start", args=[issued.plan.pk]),
        {"file": SimpleUploadedFile("kq.xlsx", out.getvalue())},
    )
    errors = ResultImport.objects.get().errors
    assert [(e["row"], e["column"]) for e in errors] == [(3, "Ghi chú")]
    assert "sẽ là 2.200.000 đồng, vượt 100% dự toán" in errors[0]["message"]


def test_another_system_posts_spending_through_the_api(issued: Any, client: Any) -> None:
    assignment = _estimate(issued, 2_000_000)
    url = reverse("api:create_result", args=[assignment.pk])
    auth = {"HTTP_AUTHORIZATION": f"Token {create_token(None, issued.officer, 'ke-toan')}"}
    body = {"date": "2024-05-10", "kind": "printed", "title": "Tờ gấp TTHC", "copies": 2000, "spent": 2_500_000,
            "spent_source": "district"}  # fmt: skip
    refused = client.post(url, body, content_type="application/json", **auth)
    assert refused.status_code == 400 and "vượt 100% dự toán" in refused.json()["errors"]["note"]
    created = client.post(url, {**body, "note": "In bổ sung theo đề nghị của các xã."}, content_type="application/json",
                          **auth)  # fmt: skip
    assert created.status_code == 201 and created.json()["spent"] == "2500000"
    assert created.json()["spent_source"] == "district"
