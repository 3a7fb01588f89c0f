"""The bad inputs of the attack probe, through the pages and the API, on whichever database the suite runs on
(SQLite by default, PostgreSQL with DATABASE_URL): each gets a 4xx with a Vietnamese message and nothing is stored.
Also: error pages and API errors are Vietnamese, never Django's or django-ninja's English, never a traceback."""

from __future__ import annotations

import datetime as dt
import importlib
import io
import json
import time
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from cchc.execution import access as execution_access
from cchc.execution.models import Assignment, LoggedResult, ResultImport
from cchc.plans.models import Plan
from cchc.reporting.models import ReportingPeriod, UnitReport
from cchc.reporting.services import issue_plan, open_report

VIETNAMESE = set("ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")


def vietnamese(text: str) -> bool:
    return bool(VIETNAMESE & set(text.lower()))


@pytest.fixture
def issued(cast: Any, settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path / "media"
    issue_plan(cast.owner, cast.plan)
    return cast


def _assignment(cast: Any) -> Assignment:
    return Assignment.objects.filter(plan=cast.plan, unit=cast.officer_unit, activity__isnull=False).order_by("pk")[0]


def _result(**overrides: Any) -> dict[str, Any]:
    return {"date": "2024-03-15", "kind": "conference", "title": "Hội nghị tuyên truyền CCHC", **overrides}


def _post(client: Any, url: str, body: Any) -> Any:
    data = body if isinstance(body, bytes | str) else json.dumps(body)
    return client.post(url, data, content_type="application/json")


BAD_RESULTS = {
    "participants 2^31": ({"participants": 2**31}, "không được lớn hơn 1.000.000.000"),
    "participants 2^63": ({"participants": 2**63}, "không được lớn hơn 1.000.000.000"),
    "participants 10^30": ({"participants": 10**30}, "không được lớn hơn 1.000.000.000"),
    "negative copies": ({"kind": "print", "copies": -5}, "không được là số âm"),
    "rate 99.999": ({"kind": "survey", "rate": "99.999"}, "tối đa 2 chữ số sau dấu thập phân"),
    "link of 600 characters": ({"link": "https://so.gov.vn/" + "a" * 582}, "tối đa 500 ký tự"),
    "title of zero-width spaces": ({"title": "\u200b\u200b\u2060\ufeff"}, "không được để trống"),
    "title of bidi overrides": ({"title": "\u202e\u2066\u202c"}, "không được để trống"),
    "note of 4 MB": ({"note": "x" * (4 * 1024 * 1024 - 200)}, "quá dài"),
    "date in year 9999": ({"date": "9999-12-31"}, "nằm ngoài thời kỳ kế hoạch"),
}


@pytest.mark.parametrize("case", sorted(BAD_RESULTS))
def test_bad_results_through_the_api_get_a_vietnamese_400_and_store_nothing(
    issued: Any, client: Any, case: str
) -> None:
    overrides, message = BAD_RESULTS[case]
    client.force_login(issued.officer)
    url = reverse("api:list_results", args=[_assignment(issued).pk])
    response = _post(client, url, _result(**overrides))
    assert response.status_code == 400, response.content[:300]
    assert message in response.json()["detail"]
    assert LoggedResult.objects.count() == 0


@pytest.mark.parametrize(
    "raw",
    [
        '{"date": "2024-03-15", "kind": "conference", "title": "H\\u00f4i\\u0000 ngh\\u1ecb"}',
        '{"date": "2024-03-15", "kind": "conference", "title": "\\ud800 lone"}',
        '{"date": "2024-03-15", "kind": "conference", "title": "ok", "note": "\\udfff"}',
    ],
    ids=["NUL", "lone high surrogate", "lone low surrogate"],
)
def test_nul_and_lone_surrogates_in_json_are_refused_in_vietnamese(issued: Any, client: Any, raw: str) -> None:
    client.force_login(issued.officer)
    response = _post(client, reverse("api:list_results", args=[_assignment(issued).pk]), raw)
    assert response.status_code == 400
    assert "ký tự" in response.json()["detail"]
    assert LoggedResult.objects.count() == 0


def test_a_json_body_over_the_limit_is_a_413_before_it_is_read(issued: Any, client: Any) -> None:
    client.force_login(issued.officer)
    body = json.dumps(_result(note="x" * (6 * 1024 * 1024)))
    response = _post(client, reverse("api:list_results", args=[_assignment(issued).pk]), body)
    assert response.status_code == 413
    assert "quá lớn" in response.json()["detail"]
    assert LoggedResult.objects.count() == 0


def test_json_nested_50000_deep_is_refused_without_a_500(issued: Any, client: Any) -> None:
    client.force_login(issued.officer)
    nested = "[" * 50_000 + "]" * 50_000
    started = time.perf_counter()
    response = _post(client, reverse("api:list_results", args=[_assignment(issued).pk]), nested)
    assert response.status_code == 400 and "lồng nhau quá sâu" in response.json()["detail"]
    client.force_login(issued.owner)
    page = client.post(
        reverse("plans:import_json"), {"file": SimpleUploadedFile("ke-hoach.json", nested.encode())}
    ).content.decode()
    assert "lồng nhau quá sâu" in page
    assert time.perf_counter() - started < 5
    assert LoggedResult.objects.count() == 0


def test_a_wrong_type_gets_vietnamese_field_errors_not_pydantics_english(issued: Any, client: Any) -> None:
    client.force_login(issued.officer)
    response = _post(client, reverse("api:list_results", args=[_assignment(issued).pk]), _result(participants="nhiều"))
    assert response.status_code == 422
    body = response.json()
    assert body["errors"] == {"participants": "phải là số nguyên"} and vietnamese(body["detail"])
    assert "Input should be" not in response.content.decode()


def test_zero_width_and_rtl_characters_are_removed_and_cannot_defeat_duplicate_detection(
    issued: Any, client: Any
) -> None:
    client.force_login(issued.officer)
    url = reverse("api:list_results", args=[_assignment(issued).pk])
    first = _post(client, url, _result(title="Hội nghị \u202etuyên truyền\u202c CCHC", idempotency_key="a1"))
    assert first.status_code == 201 and first.json()["title"] == "Hội nghị tuyên truyền CCHC"
    again = _post(client, url, _result(title="Hội\u200b nghị tuyên\u2060 truyền CCHC\ufeff", idempotency_key="a2"))
    assert again.status_code == 400 and "đã được ghi nhận" in again.json()["detail"]
    assert LoggedResult.objects.count() == 1


def test_the_result_form_shows_bound_errors_on_the_page_and_stores_nothing(issued: Any, client: Any) -> None:
    client.force_login(issued.officer)
    form = {**_result(participants="99999999999"), "note": "y" * 6000, "idempotency_key": "f1"}
    response = client.post(reverse("execution:log_result", args=[_assignment(issued).pk]), form)
    assert response.status_code == 400
    page = response.content.decode()
    assert "không được lớn hơn 1.000.000.000" in page or "nhỏ hơn hoặc bằng" in page
    assert LoggedResult.objects.count() == 0


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"number": "1" * 5000}, "Số báo cáo: quá dài (5.000 ký tự), tối đa 20 ký tự"),
        ({"signer_name": "Nguyễn Văn A" * 42}, "Người ký: tối đa 120 ký tự"),
        ({"results": "Đã làm.\x00"}, "ký tự điều khiển"),
        ({"results": "z" * (4 * 1024 * 1024 - 200)}, "quá dài"),
    ],
    ids=["5000-character number", "5000-character signer", "NUL", "4 MB section"],
)
def test_report_fields_are_bounded_through_the_api(issued: Any, client: Any, fields: Any, message: str) -> None:
    period = ReportingPeriod.objects.filter(plan=issued.plan).order_by("due").first()
    report = open_report(issued.officer, period, issued.officer_unit)
    client.force_login(issued.officer)
    response = client.put(
        reverse("api:get_report", args=[report.pk]), json.dumps(fields), content_type="application/json"
    )
    assert response.status_code == 400 and message in response.json()["detail"]
    report.refresh_from_db()
    assert (report.number, report.signer_name, report.results) == ("", "", "")
    assert UnitReport.objects.count() == 1


def _plan_json(cast: Any, **changes: Any) -> bytes:
    from cchc.plans.services import export_plan_json

    data = export_plan_json(cast.plan)
    data.update({"number": "99/KH-THU", **changes})
    return json.dumps(data, ensure_ascii=False).encode()


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"period": {"start": "2025-01-01", "end": "9999-12-31"}}, "năm 9999 không hợp lệ"),
        ({"title": "\u200b\u200b\u200b"}, "không được để trống"),
        ({"number": "5" * 5000}, "tối đa 60 ký tự"),
        ({"signer": {"authority": "", "position": "", "name": "A" * 5000}}, "tối đa 120 ký tự"),
    ],
    ids=["year 9999", "zero-width title", "5000-character number", "5000-character signer"],
)
def test_bad_plan_json_gets_a_vietnamese_error_and_creates_no_plan(
    issued: Any, client: Any, changes: Any, message: str
) -> None:
    before = Plan.objects.count()
    client.force_login(issued.owner)
    upload = SimpleUploadedFile("ke-hoach.json", _plan_json(issued, **changes))
    response = client.post(reverse("plans:import_json"), {"file": upload})
    assert response.status_code == 200 and message in response.content.decode()
    assert Plan.objects.count() == before


def test_a_plan_period_in_year_9999_is_refused_on_the_edit_page(issued: Any, client: Any) -> None:
    plan = Plan.objects.create(
        issuer="UBND huyện Chợ Đồn",
        level="district",
        title="Kế hoạch thử",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
        owner_unit=issued.owner.unit,
        issuer_unit=issued.plan.issuer_unit,
    )
    from cchc.plans.services import PlanError, update_plan

    with pytest.raises(PlanError, match="năm 9999"):
        update_plan(issued.owner, plan, period_end=dt.date(9999, 12, 31))
    plan.refresh_from_db()
    assert plan.period_end == dt.date(2025, 12, 31)


def _excel(client: Any, plan_id: int, assignment_id: int, **cells: Any) -> Any:
    template = client.get(reverse("execution:import_template", args=[plan_id]))
    wb = load_workbook(io.BytesIO(template.content))
    ws = wb["Kết quả"]
    row = {"assignment": assignment_id, "date": "15/03/2024", "kind": "Hội nghị", "title": "Hội nghị CCHC"}
    row.update(cells)
    columns = ["assignment", "unit", "task", "date", "kind", "title", "link", "participants", "copies"]
    ws.append([row.get(c) for c in columns])
    out = io.BytesIO()
    wb.save(out)
    return client.post(
        reverse("execution:import_start", args=[plan_id]),
        {"file": SimpleUploadedFile("ket-qua.xlsx", out.getvalue())},
        follow=True,
    )


@pytest.mark.parametrize("value", ["1e1500000", "²", "9223372036854775808", "1e30"])
def test_an_absurd_excel_cell_is_listed_as_an_error_at_once(issued: Any, client: Any, value: str) -> None:
    client.force_login(issued.officer)
    started = time.perf_counter()
    response = _excel(client, issued.plan.pk, _assignment(issued).pk, participants=value)
    assert time.perf_counter() - started < 10
    page = response.content.decode()
    assert "Số người tham dự" in page and response.status_code == 200
    assert ResultImport.objects.get().status == ResultImport.Status.INVALID
    assert LoggedResult.objects.count() == 0


def test_an_assignment_code_in_superscript_digits_is_an_error_not_a_500(issued: Any, client: Any) -> None:
    client.force_login(issued.officer)
    response = _excel(client, issued.plan.pk, "²")
    assert response.status_code == 200 and "Mã nhiệm vụ" in response.content.decode()
    assert LoggedResult.objects.count() == 0


# --- error pages and API errors ------------------------------------------------------------------------------------


def test_unknown_addresses_get_a_vietnamese_404_page_and_json(client: Any) -> None:
    page = client.get("/khong-co-trang-nay/")
    assert page.status_code == 404 and "Không tìm thấy" in page.content.decode()
    api = client.get("/api/khong-co/")
    assert api.status_code == 404 and vietnamese(api.json()["detail"])


def test_with_debug_on_there_is_no_technical_page(client: Any, settings: Any) -> None:
    settings.DEBUG = True
    page = client.get("/khong-co-trang-nay/")
    assert page.status_code == 404 and "Không tìm thấy" in page.content.decode()
    assert "URLconf" not in page.content.decode()


def test_objects_out_of_reach_are_vietnamese_404s_in_page_and_api(issued: Any, client: Any) -> None:
    client.force_login(issued.outsider)
    assignment = _assignment(issued)
    page = client.get(reverse("execution:assignment", args=[assignment.pk]))
    assert page.status_code == 404 and "Không tìm thấy" in page.content.decode()
    api = client.get(reverse("api:get_assignment", args=[assignment.pk]))
    assert api.status_code == 404 and vietnamese(api.json()["detail"])
    client.logout()
    anonymous = client.get(reverse("api:get_assignment", args=[assignment.pk]))
    assert anonymous.status_code == 401 and vietnamese(anonymous.json()["detail"])


@pytest.mark.parametrize("debug", [False, True])
def test_an_unexpected_error_is_a_vietnamese_500_without_a_traceback(
    issued: Any, client: Any, settings: Any, monkeypatch: Any, debug: bool
) -> None:
    settings.DEBUG = debug

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(execution_access, "get_assignment_for_user", broken)
    client.force_login(issued.officer)
    page = client.get(reverse("execution:assignment", args=[1]))
    api = client.get("/api/execution/assignments/1")
    for response in (page, api):
        text = response.content.decode()
        assert response.status_code == 500
        assert "Hệ thống gặp lỗi" in text
        assert "Traceback" not in text and "secret internal detail" not in text and "RuntimeError" not in text


def test_a_broken_csrf_token_gets_a_vietnamese_403(issued: Any) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(issued.officer)
    response = client.post(reverse("execution:log_result", args=[_assignment(issued).pk]), _result())
    assert response.status_code == 403 and "Hãy tải lại trang" in response.content.decode()


def test_the_error_handlers_are_wired_for_production(settings: Any) -> None:
    urls = importlib.import_module(settings.ROOT_URLCONF)
    assert urls.handler404 == "cchc.core.errors.page_not_found"
    assert urls.handler500 == "cchc.core.errors.server_error"
    with override_settings(DEBUG=False):
        from django.test import Client

        response = Client(raise_request_exception=False).get("/khong-co/")
        assert response.status_code == 404 and "Không tìm thấy" in response.content.decode()
