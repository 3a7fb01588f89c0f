"""A unit officer records results with evidence; bad input is refused in Vietnamese with nothing half-saved."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from cchc.core.models import AuditEntry
from cchc.execution import services
from cchc.execution.models import Evidence, LoggedResult
from cchc.execution.services import ExecutionError, log_result, state_progress, update_result

from .conftest import officer_assignment, other_assignment, result_input

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, format="PNG")
    return out.getvalue()


def _form(**overrides: Any) -> dict[str, Any]:
    data = {
        "date": "2024-03-15",
        "kind": "conference",
        "title": "Hội nghị tuyên truyền CCHC quý I",
        "participants": "120",
        "idempotency_key": "khoa-1",
    }
    data.update(overrides)
    return data


def test_an_officer_logs_a_result_with_evidence_through_the_page(issued: Any, client: Any) -> None:
    assignment = officer_assignment(issued)
    client.force_login(issued.officer)
    page = client.get(reverse("execution:assignment", args=[assignment.pk]))
    assert page.status_code == 200 and "Ghi kết quả thực hiện" in page.content.decode()
    files = [SimpleUploadedFile("bien-ban.pdf", PDF), SimpleUploadedFile("anh.png", _png())]
    response = client.post(reverse("execution:log_result", args=[assignment.pk]), {**_form(), "evidence": files})
    assert response.status_code == 302
    result = LoggedResult.objects.get()
    assert (result.unit_id, result.participants, result.source) == (issued.officer_unit.pk, 120, "form")
    assert sorted(Evidence.objects.values_list("content_type", flat=True)) == ["application/pdf", "image/png"]
    assert result.occurrence is not None and result.occurrence.start <= result.date <= result.occurrence.due
    result.occurrence.refresh_from_db()
    assert result.occurrence.first_result_on == dt.date(2024, 3, 15)
    assert result.occurrence.status(dt.date(2026, 1, 1)) == "done"
    evidence = Evidence.objects.filter(content_type="application/pdf").get()
    download = client.get(reverse("execution:evidence", args=[evidence.pk]))
    assert b"".join(download.streaming_content) == PDF


def test_a_form_submitted_twice_records_one_result(issued: Any, client: Any) -> None:
    assignment = officer_assignment(issued)
    client.force_login(issued.officer)
    url = reverse("execution:log_result", args=[assignment.pk])
    client.post(url, _form())
    second = client.post(url, _form(), follow=True)
    assert LoggedResult.objects.count() == 1
    assert "không ghi thêm bản trùng" in second.content.decode()


def test_the_same_result_entered_again_is_refused_as_a_duplicate(issued: Any) -> None:
    assignment = officer_assignment(issued)
    log_result(issued.officer, assignment, result_input())
    with pytest.raises(ExecutionError, match="đã được ghi nhận"):
        log_result(issued.officer, assignment, result_input(title="  hội nghị tuyên truyền cchc quý i "))
    assert LoggedResult.objects.count() == 1


def test_a_duplicate_that_slips_past_the_check_is_refused_by_the_database(issued: Any, monkeypatch: Any) -> None:
    """The moment two posts both pass the duplicate check before either is stored: the database refuses the
    second, and the person gets the same Vietnamese answer (tested in bursts on PostgreSQL in test_races)."""
    assignment = officer_assignment(issued)
    log_result(issued.officer, assignment, result_input(), idempotency_key="thu-nhat")
    real = services.results._same_result
    calls: list[int] = []

    def blind_first(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return None if len(calls) == 1 else real(*args, **kwargs)

    monkeypatch.setattr(services.results, "_same_result", blind_first)
    with pytest.raises(ExecutionError, match="đã được ghi nhận"):
        again = result_input(title="HỘI NGHỊ tuyên truyền CCHC quý I")
        log_result(issued.officer, assignment, again, idempotency_key="thu-hai")
    assert LoggedResult.objects.count() == 1 and len(calls) == 2


BAD_VALUES = [
    ({"date": dt.date(2023, 12, 31)}, "nằm ngoài thời kỳ kế hoạch (01/01/2024 – 31/12/2024)"),
    ({"participants": -5}, "Số người tham dự: không được là số âm"),
    ({"kind": "social_post", "participants": 10}, "không áp dụng cho hình thức"),
    ({"title": "  "}, "không được để trống"),
    ({"link": "javascript:alert(1)"}, "http:// hoặc https://"),
    ({"kind": "survey", "participants": None, "rate": 120}, "không được lớn hơn 100"),
]


def test_bad_values_are_refused_with_a_vietnamese_message(issued: Any) -> None:
    for overrides, message in BAD_VALUES:
        with pytest.raises(ExecutionError) as caught:
            log_result(issued.officer, officer_assignment(issued), result_input(**overrides))
        assert message in str(caught.value), overrides
    assert LoggedResult.objects.count() == 0


def test_a_result_dated_outside_the_period_is_shown_on_the_form(issued: Any, client: Any) -> None:
    assignment = officer_assignment(issued)
    client.force_login(issued.officer)
    response = client.post(reverse("execution:log_result", args=[assignment.pk]), _form(date="2025-01-10"))
    assert response.status_code == 400
    assert "nằm ngoài thời kỳ kế hoạch" in response.content.decode()
    assert LoggedResult.objects.count() == 0


def test_an_exe_renamed_pdf_is_refused_and_nothing_is_saved(issued: Any, client: Any) -> None:
    assignment = officer_assignment(issued)
    client.force_login(issued.officer)
    fake = SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00\x03" + b"\x00" * 400, content_type="application/pdf")
    response = client.post(reverse("execution:log_result", args=[assignment.pk]), {**_form(), "evidence": [fake]})
    assert response.status_code == 400
    assert "không phải PDF, ảnh" in response.content.decode()
    assert LoggedResult.objects.count() == 0 and Evidence.objects.count() == 0


def test_a_file_over_the_limit_is_refused_before_it_is_read(issued: Any, settings: Any) -> None:
    settings.MAX_UPLOAD_BYTES = 1024
    big = SimpleUploadedFile("lon.pdf", PDF + b"0" * 2048)
    with pytest.raises(ExecutionError, match="quá lớn"):
        log_result(issued.officer, officer_assignment(issued), result_input(), evidence=[big])
    assert LoggedResult.objects.count() == 0


def test_a_200_mb_request_is_refused_from_its_declared_length(issued: Any, client: Any) -> None:
    assignment = officer_assignment(issued)
    client.force_login(issued.officer)
    response = client.post(
        reverse("execution:log_result", args=[assignment.pk]),
        _form(),
        follow=True,
        CONTENT_LENGTH=str(200 * 1024 * 1024),
    )
    assert "quá lớn" in response.content.decode()
    assert LoggedResult.objects.count() == 0


def test_logging_against_another_units_assignment_is_a_404_and_changes_nothing(issued: Any, client: Any) -> None:
    client.force_login(issued.officer)
    response = client.post(reverse("execution:log_result", args=[other_assignment(issued).pk]), _form())
    assert response.status_code == 404
    assert LoggedResult.objects.count() == 0


def test_edits_are_audited_and_a_stale_edit_does_not_overwrite(issued: Any) -> None:
    result = log_result(issued.officer, officer_assignment(issued), result_input()).result
    update_result(issued.owner, result, result_input(participants=150), expected_version=1)
    result.refresh_from_db()
    assert (result.participants, result.version) == (150, 2)
    entry = AuditEntry.objects.get(action="execution.result.updated")
    assert (entry.before["participants"], entry.after["participants"]) == (120, 150)
    with pytest.raises(ExecutionError, match="vừa được người khác sửa"):
        update_result(issued.officer, result, result_input(participants=99), expected_version=1)
    result.refresh_from_db()
    assert result.participants == 150


def test_editing_through_the_page_moves_the_result_to_its_new_window(issued: Any, client: Any) -> None:
    result = log_result(issued.officer, officer_assignment(issued), result_input()).result
    march = result.occurrence
    client.force_login(issued.officer)
    assert client.get(reverse("execution:result_edit", args=[result.pk])).status_code == 200
    response = client.post(reverse("execution:result_edit", args=[result.pk]), _form(date="2024-05-02", version="1"))
    assert response.status_code == 302
    result.refresh_from_db()
    march.refresh_from_db()
    assert result.occurrence.label == "Tháng 5/2024"
    assert (march.first_result_on, march.results_count) == (None, 0)


def test_deleting_a_result_keeps_its_values_in_the_audit_log(issued: Any, client: Any) -> None:
    result = log_result(issued.officer, officer_assignment(issued), result_input()).result
    client.force_login(issued.officer)
    client.post(reverse("execution:result_delete", args=[result.pk]))
    assert LoggedResult.objects.count() == 0
    assert AuditEntry.objects.get(action="execution.result.deleted").before["title"] == result.title


def test_stated_progress_is_shown_beside_and_never_changes_the_computed_status(issued: Any) -> None:
    assignment = officer_assignment(issued)
    state_progress(issued.officer, assignment, 90, "Gần xong")
    occurrence = assignment.occurrences.order_by("start").first()
    assert occurrence.status(dt.date(2026, 1, 1)) == "missing"
    with pytest.raises(ExecutionError, match="từ 0 đến 100"):
        state_progress(issued.officer, assignment, 140)
