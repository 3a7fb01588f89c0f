"""Open311 GeoReport v2: the service list, a kiosk creating a request with its api_key, the public status of a
request (no personal data), and refusals as Open311 errors."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from cchc.accounts.services import create_token
from cchc.feedback import services
from cchc.feedback.models import Channel, FeedbackItem

from .conftest import Desk


@pytest.mark.django_db
def test_a_kiosk_creates_a_request_and_anyone_reads_its_public_status(desk: Desk) -> None:
    cast = desk.cast
    client = Client()
    listed = client.get(reverse("open311:services")).json()
    assert {"procedure", "conduct"} <= {s["service_code"] for s in listed}
    key = create_token(cast.officer, cast.officer, "ki-ốt một cửa")
    created = client.post(
        reverse("open311:requests"),
        {"api_key": key, "service_code": "procedure", "description": "Máy lấy số thứ tự hỏng cả buổi sáng.",
         "first_name": "Hoàng", "last_name": "Em", "phone": "0913000111", "address_string": desk.commune.locality},
    )  # fmt: skip
    assert created.status_code == 201
    code = created.json()[0]["service_request_id"]
    item = FeedbackItem.objects.get(code=code)
    assert item.channel == Channel.OPEN311 and item.unit == cast.officer_unit and item.locality == desk.commune
    status = client.get(reverse("open311:request", args=[code])).json()[0]
    assert status["status"] == "open" and status["agency_responsible"] == cast.officer_unit.name
    assert "0913000111" not in json.dumps(status) and "Hoàng" not in json.dumps(status)
    services.assign(cast.officer, item, cast.officer)
    services.draft_answer(cast.officer, item, "Đã thay máy lấy số.")
    services.approve(cast.leader, item)
    services.publish(cast.officer, item)
    many = client.get(reverse("open311:requests"), {"service_request_id": f"{code},PAKN.KHONG.CO"}).json()
    assert [r["status"] for r in many] == ["closed"] and "Đã thay máy lấy số." in many[0]["status_notes"]


@pytest.mark.django_db
def test_requests_without_a_key_or_with_bad_values_get_open311_errors(desk: Desk) -> None:
    client = Client()
    body = {"service_code": "procedure", "description": "Nội dung", "phone": "0913000111"}
    assert client.post(reverse("open311:requests"), body).status_code == 403
    assert client.post(reverse("open311:requests"), {**body, "api_key": "sai"}).json()[0]["code"] == 403
    key = create_token(desk.cast.officer, desk.cast.officer)
    bad = client.post(reverse("open311:requests"), {**body, "api_key": key, "service_code": "x"})
    assert bad.status_code == 400
    empty = client.post(reverse("open311:requests"), {**body, "api_key": key, "description": "<b></b>"})
    assert empty.status_code == 400 and "Nội dung" in empty.json()[0]["description"]
    assert client.get(reverse("open311:request", args=["PAKN.0"])).status_code == 404
    citizen_key = create_token(desk.cast.public, desk.cast.public)
    assert client.post(reverse("open311:requests"), {**body, "api_key": citizen_key}).status_code == 403
    assert not FeedbackItem.objects.exists()
