"""The feedback REST API (beside Open311): another system enters items once however often it retries, the
handling unit answers through the same states and rules as on the pages, personal data stays with that unit, and
the figures count what was answered on time."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cchc.accounts.services import create_token
from cchc.core.models import AuditEntry
from cchc.feedback.models import Channel, FeedbackItem, Status, Topic

from .conftest import Desk, submit

ITEM = {
    "topic": Topic.PROCEDURE,
    "content": "Người dân gọi đường dây nóng: hồ sơ chứng thực bị trả lại ba lần.",
    "channel": Channel.PHONE,
    "sender_name": "Lê Văn Cường",
    "sender_phone": "0912 000 222",
    "consent": True,
    "publish_consent": True,
}


def _auth(user: Any) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Token {create_token(None, user, 'thu')}"}


def _post(user: Any, name: str, body: dict[str, Any], *args: Any) -> Any:
    return Client().post(reverse(f"api:{name}", args=args), body, content_type="application/json", **_auth(user))


@pytest.mark.django_db
def test_a_phone_item_entered_twice_by_a_retrying_system_is_stored_once(desk: Desk) -> None:
    cast = desk.cast
    body = {**ITEM, "place": desk.commune.locality, "idempotency_key": "tong-dai-1"}
    first = _post(cast.officer, "create_item", body)
    assert first.status_code == 201, first.content
    retry = _post(cast.officer, "create_item", body)
    assert retry.status_code == 200 and retry.json()["id"] == first.json()["id"]
    item = FeedbackItem.objects.get()
    assert item.channel == Channel.PHONE and item.unit == cast.officer_unit  # routed by the Chợ Đồn rule
    assert first.json()["sender"]["sender_phone"] == item.sender_phone  # the handling unit entered it


@pytest.mark.django_db
def test_bad_values_get_vietnamese_errors_and_store_nothing(desk: Desk) -> None:
    cast = desk.cast
    for change, words in (
        ({"channel": Channel.WEB}, "Kênh tiếp nhận"),
        ({"place": "Nơi Không Có Thật"}, "Địa bàn"),
        ({"content": ""}, "Nội dung"),
        ({"sender_email": "khong-phai-thu"}, "thư điện tử"),
    ):
        response = _post(cast.officer, "create_item", {**ITEM, **change})
        assert response.status_code == 400, (change, response.content)
        assert words.lower() in response.content.decode().lower(), (change, response.json())
    assert not FeedbackItem.objects.exists()
    assert Client().get(reverse("api:list_items")).status_code == 401
    assert Client().get(reverse("api:list_items"), **_auth(cast.public)).status_code == 403


@pytest.mark.django_db
def test_an_item_is_answered_approved_and_published_through_the_api(desk: Desk) -> None:
    cast = desk.cast
    item = submit(desk)
    assert _post(cast.officer, "act", {"assignee": cast.officer.pk}, item.pk, "assign").status_code == 200
    answer = {"answer": "Hồ sơ chứng thực không cần bản sao đã có trong cơ sở dữ liệu; xã đã hướng dẫn lại."}
    drafted = _post(cast.officer, "act", answer, item.pk, "draft")
    assert drafted.status_code == 200 and drafted.json()["status"] == Status.ANSWERED
    refused = _post(cast.officer, "act", {}, item.pk, "approve")  # an officer does not approve their own answer
    assert refused.status_code == 403 and "quyền" in refused.json()["detail"]
    assert _post(cast.leader, "act", {}, item.pk, "approve").json()["status"] == Status.APPROVED
    published = _post(cast.officer, "act", {}, item.pk, "publish").json()
    assert published["status"] == Status.PUBLISHED and published["on_time"] is True
    assert _post(cast.officer, "act", {}, item.pk, "nonsense").status_code == 404
    year = published["answered_on"][:4]
    rows = Client().get(reverse("api:figures"), {"year": year}, **_auth(cast.owner)).json()
    mine = next(r for r in rows if r["unit_id"] == cast.officer_unit.pk)
    assert mine["received"] == 1 and mine["on_time"] == 1 and mine["on_time_rate"] == 100.0


@pytest.mark.django_db
def test_others_see_neither_the_item_nor_who_sent_it(desk: Desk) -> None:
    cast = desk.cast
    item = submit(desk, content="Tôi là Trần Thị Bình, gọi 0987 654 321.")
    url = reverse("api:get_item", args=[item.pk])
    mine = Client().get(url, **_auth(cast.officer)).json()
    assert mine["sender"]["sender_phone"] == "0987654321"
    assert AuditEntry.objects.filter(action="feedback.personal_data.viewed", actor=cast.officer).count() == 1
    owners = Client().get(url, **_auth(cast.owner)).json()
    assert owners["sender"] is None and "0987" not in owners["content"] and "[đã ẩn]" in owners["content"]
    assert Client().get(url, **_auth(cast.other_officer)).status_code == 404
    assert _post(cast.other_officer, "act", {}, item.pk, "accept").status_code == 404
    listed = Client().get(reverse("api:list_items"), {"status": "all"}, **_auth(cast.other_officer)).json()
    assert item.code not in {row["code"] for row in listed}
    assert item.code in {row["code"] for row in Client().get(reverse("api:list_items"), **_auth(cast.officer)).json()}
