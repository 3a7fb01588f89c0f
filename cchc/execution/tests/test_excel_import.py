"""Bulk results from the Excel template: checked first, then all rows or none, with a list of errors by row."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from cchc.execution.models import Assignment, LoggedResult, ResultImport

from .conftest import officer_assignment, other_assignment


def _template(client: Any, plan_id: int) -> Any:
    response = client.get(reverse("execution:import_template", args=[plan_id]))
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def _upload(client: Any, plan_id: int, wb: Any, name: str = "ket-qua.xlsx") -> Any:
    out = io.BytesIO()
    wb.save(out)
    return client.post(
        reverse("execution:import_start", args=[plan_id]),
        {"file": SimpleUploadedFile(name, out.getvalue())},
        follow=True,
    )


def _row(assignment_id: int, date: str, kind: str, title: str, **quantities: Any) -> list[Any]:
    return [
        assignment_id,
        "",
        "",
        date,
        kind,
        title,
        "",
        quantities.get("participants"),
        quantities.get("copies"),
        None,
        None,
        None,
        "",
    ]


def test_the_template_lists_only_the_officers_assignments(issued: Any, client: Any) -> None:
    client.force_login(issued.officer)
    wb = _template(client, issued.plan.pk)
    ids = {row[0] for row in wb["Nhiệm vụ"].iter_rows(min_row=2, values_only=True)}
    assert ids == set(Assignment.objects.filter(unit=issued.officer_unit, is_active=True).values_list("pk", flat=True))
    assert wb["Kết quả"].cell(1, 1).value == "Mã nhiệm vụ"


def test_a_clean_file_is_checked_then_recorded_all_at_once(issued: Any, client: Any) -> None:
    client.force_login(issued.officer)
    wb = _template(client, issued.plan.pk)
    sheet = wb["Kết quả"]
    a = officer_assignment(issued).pk
    sheet.append(_row(a, "15/03/2024", "Hội nghị, tập huấn, hội thảo, tọa đàm", "Hội nghị quý I", participants=80))
    sheet.append(_row(a, "02/04/2024", "Ấn phẩm, tài liệu in", "Tờ gấp TTHC", copies=500))
    page = _upload(client, issued.plan.pk, wb)
    assert "Không có lỗi" in page.content.decode()
    assert LoggedResult.objects.count() == 0
    imp = ResultImport.objects.get()
    client.post(reverse("execution:import_detail", args=[imp.pk]))
    assert sorted(LoggedResult.objects.values_list("title", "source")) == [
        ("Hội nghị quý I", "excel"),
        ("Tờ gấp TTHC", "excel"),
    ]
    again = client.post(reverse("execution:import_detail", args=[imp.pk]), follow=True)
    assert "đã được ghi nhận trước đó" in again.content.decode()
    assert LoggedResult.objects.count() == 2


def test_a_file_with_errors_records_nothing_and_lists_them_by_row(issued: Any, client: Any) -> None:
    client.force_login(issued.officer)
    wb = _template(client, issued.plan.pk)
    sheet = wb["Kết quả"]
    a = officer_assignment(issued).pk
    sheet.append(_row(a, "15/03/2024", "Hội nghị, tập huấn, hội thảo, tọa đàm", "Đúng", participants=80))
    sheet.append(_row(a, "15/03/2023", "Hội nghị, tập huấn, hội thảo, tọa đàm", "Ngoài kỳ", participants=10))
    sheet.append(_row(a, "16/03/2024", "Hội nghị, tập huấn, hội thảo, tọa đàm", "Âm", participants=-3))
    sheet.append(_row(other_assignment(issued).pk, "16/03/2024", "Cuộc thi", "Của đơn vị khác"))
    sheet.append(_row(a, "31/02/2024", "Không biết", "Sai ngày"))
    sheet.append(_row(a, "15/03/2024", "Hội nghị, tập huấn, hội thảo, tọa đàm", "Đúng", participants=80))
    page = _upload(client, issued.plan.pk, wb).content.decode()
    assert "không dòng nào được ghi nhận" in page or "chưa dòng nào được ghi nhận" in page
    imp = ResultImport.objects.get()
    rows = {(e["row"], e["column"]) for e in imp.errors}
    assert {
        (3, "Ngày thực hiện (dd/mm/yyyy)"),
        (4, "Số người tham dự"),
        (5, "Mã nhiệm vụ"),
        (6, "Ngày thực hiện (dd/mm/yyyy)"),
        (6, "Hình thức"),
        (7, "Tiêu đề, nội dung"),
    } <= rows
    assert client.post(reverse("execution:import_detail", args=[imp.pk])).status_code == 302
    assert LoggedResult.objects.count() == 0
    errors = load_workbook(io.BytesIO(client.get(reverse("execution:import_errors", args=[imp.pk])).content))
    listed = list(errors["Lỗi"].iter_rows(min_row=2, values_only=True))
    assert len(listed) == len(imp.errors) and any("ngoài thời kỳ" in str(r[2]) for r in listed)


def test_a_file_that_is_not_a_workbook_is_refused_in_vietnamese(issued: Any, client: Any) -> None:
    client.force_login(issued.officer)
    response = client.post(
        reverse("execution:import_start", args=[issued.plan.pk]),
        {"file": SimpleUploadedFile("ket-qua.xlsx", b"MZ" + b"\x00" * 100)},
    )
    assert "không phải Excel" in response.content.decode()
    assert ResultImport.objects.count() == 0


def test_another_persons_import_is_hidden(issued: Any, client: Any) -> None:
    client.force_login(issued.officer)
    wb = _template(client, issued.plan.pk)
    wb["Kết quả"].append(_row(officer_assignment(issued).pk, "15/03/2024", "Cuộc thi", "Cuộc thi"))
    _upload(client, issued.plan.pk, wb)
    imp = ResultImport.objects.get()
    client.force_login(issued.other_officer)
    assert client.get(reverse("execution:import_detail", args=[imp.pk])).status_code == 404
    assert client.post(reverse("execution:import_detail", args=[imp.pk])).status_code == 404
    assert LoggedResult.objects.count() == 0


def test_a_refused_commit_leaves_the_import_invalid_with_its_reasons(issued: Any, client: Any) -> None:
    client.force_login(issued.officer)
    wb = _template(client, issued.plan.pk)
    a = officer_assignment(issued).pk
    wb["Kết quả"].append(
        _row(a, "15/03/2024", "Hội nghị, tập huấn, hội thảo, tọa đàm", "Hội nghị quý I", participants=80)
    )
    _upload(client, issued.plan.pk, wb)
    imp = ResultImport.objects.get()
    assert imp.status == ResultImport.Status.CHECKED
    # Between the check and the commit, the same result is typed in on the assignment's page.
    client.post(
        reverse("execution:log_result", args=[a]),
        {"date": "15/03/2024", "kind": "conference", "title": "HỘI NGHỊ QUÝ I", "participants": "80"},
    )
    page = client.post(reverse("execution:import_detail", args=[imp.pk]), follow=True).content.decode()
    assert "không dòng nào được ghi nhận" in page
    imp.refresh_from_db()
    assert imp.status == ResultImport.Status.INVALID
    assert [e["row"] for e in imp.errors] == [2] and "đã được ghi nhận trước đây" in imp.errors[0]["message"]
    assert LoggedResult.objects.count() == 1
