"""The JSON API for assignments and results: the same access rules, token or session, no duplicates."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.accounts.services import create_token
from cchc.execution.models import Evidence, LoggedResult

from .conftest import officer_assignment, other_assignment

BODY = {
    "date": "2024-05-10",
    "kind": "portal_news",
    "title": "Tin CCHC tháng 5",
    "reach": 900,
    "link": "https://chodon.backan.gov.vn/tin/1",
}


def _auth(cast: Any, who: str = "officer") -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Token {create_token(None, getattr(cast, who), 'thu')}"}


def test_another_system_posts_a_result_with_a_token_and_a_retry_adds_nothing(issued: Any, client: Any) -> None:
    a = officer_assignment(issued)
    url = reverse("api:create_result", args=[a.pk])
    first = client.post(
        url, {**BODY, "idempotency_key": "he-thong-khac-1"}, content_type="application/json", **_auth(issued)
    )
    assert first.status_code == 201, first.content
    assert first.json()["reach"] == 900 and first.json()["version"] == 1
    retry = client.post(
        url, {**BODY, "idempotency_key": "he-thong-khac-1"}, content_type="application/json", **_auth(issued)
    )
    assert retry.status_code == 200 and retry.json()["id"] == first.json()["id"]
    assert LoggedResult.objects.get().source == "api"


def test_the_api_refuses_bad_values_with_vietnamese_errors(issued: Any, client: Any) -> None:
    url = reverse("api:create_result", args=[officer_assignment(issued).pk])
    response = client.post(
        url, {**BODY, "date": "2030-01-01", "reach": -1}, content_type="application/json", **_auth(issued)
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "ngoài thời kỳ kế hoạch" in errors["date"] and "số âm" in errors["reach"]
    assert LoggedResult.objects.count() == 0


def test_the_api_hides_other_units_work_and_lists_only_ones_own(issued: Any, client: Any) -> None:
    other = other_assignment(issued)
    response = client.post(
        reverse("api:create_result", args=[other.pk]), BODY, content_type="application/json", **_auth(issued)
    )
    assert response.status_code == 404
    assert client.get(reverse("api:get_assignment", args=[other.pk]), **_auth(issued)).status_code == 404
    listed = client.get(reverse("api:list_assignments"), {"plan": issued.plan.pk}, **_auth(issued)).json()
    assert listed and {row["unit_id"] for row in listed} == {issued.officer_unit.pk}
    assert client.get(reverse("api:list_assignments")).status_code == 401
    assert LoggedResult.objects.count() == 0


def test_updates_need_the_current_version(issued: Any, client: Any) -> None:
    client.force_login(issued.officer)
    created = client.post(
        reverse("api:create_result", args=[officer_assignment(issued).pk]), BODY, content_type="application/json"
    ).json()
    url = reverse("api:get_result", args=[created["id"]])
    ok = client.put(url, {**BODY, "reach": 1000, "version": 1}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = client.put(url, {**BODY, "reach": 5, "version": 1}, content_type="application/json")
    assert stale.status_code == 409
    assert LoggedResult.objects.get().reach == 1000


def test_evidence_is_uploaded_and_checked_by_content(issued: Any, client: Any) -> None:
    client.force_login(issued.officer)
    created = client.post(
        reverse("api:create_result", args=[officer_assignment(issued).pk]), BODY, content_type="application/json"
    ).json()
    url = reverse("api:add_evidence", args=[created["id"]])
    good = client.post(url, {"files": [SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n")]})
    assert good.status_code == 201 and good.json()[0]["content_type"] == "application/pdf"
    bad = client.post(url, {"files": [SimpleUploadedFile("b.pdf", b"MZ" + b"\x00" * 300)]})
    assert bad.status_code == 400 and "không phải PDF" in bad.json()["detail"]
    assert Evidence.objects.count() == 1


def test_the_owner_issues_and_reads_progress_through_the_api(cast: Any, client: Any) -> None:
    issued = client.post(reverse("api:issue", args=[cast.plan.pk]), **_auth(cast, "owner"))
    assert issued.status_code == 200 and issued.json()["created"] > 0
    progress = client.get(reverse("api:progress", args=[cast.plan.pk]), **_auth(cast, "owner")).json()
    assert {row["unit_id"] for row in progress} >= {cast.officer_unit.pk, cast.other_unit.pk}
    assert client.post(reverse("api:issue", args=[cast.plan.pk]), **_auth(cast)).status_code == 404
