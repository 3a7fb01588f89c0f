"""Fixtures of feedback tests: the seed world with a routing rule, and helpers that fill the public form as a
person does (the offline challenge answered from its words)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from cchc.feedback import services
from cchc.feedback.challenge import WORDS
from cchc.feedback.models import FeedbackItem, Topic
from cchc.units.models import Unit
from conftest import Cast


@dataclass
class Desk:
    """The seed world seen from feedback: Chợ Đồn's communes, its justice office handling procedures."""

    cast: Cast
    district: Unit
    commune: Unit


@pytest.fixture(autouse=True)
def _clear_rate_limits() -> None:
    cache.clear()


@pytest.fixture
def desk(cast: Cast) -> Desk:
    district = cast.plan.issuer_unit
    assert district is not None
    commune = Unit.objects.filter(parent=district, kind="commune").order_by("name").first()
    assert commune is not None
    services.save_rule(cast.owner, Topic.PROCEDURE, district, cast.officer_unit)
    return Desk(cast, district, commune)


def solve(page: str) -> str:
    """The sum the form asks, read from its words ("Bảy cộng năm bằng mấy?")."""
    m = re.search(r"(\w+) cộng (\w+) bằng mấy", page)
    assert m, "the form shows its challenge"
    return str(WORDS.index(m.group(1).lower()) + WORDS.index(m.group(2)))


def form_fields(page: str) -> dict[str, str]:
    token = re.search(r'name="form_token" value="([^"]+)"', page)
    assert token
    return {"form_token": token.group(1), "challenge": solve(page)}


def send(client: Client, **values: Any) -> Any:
    """GET the public form, answer its challenge, POST the item; returns the POST's response."""
    page = client.get(reverse("feedback:new")).content.decode()
    data = {
        "topic": Topic.PROCEDURE,
        "content": "Thủ tục đăng ký khai sinh ở xã yêu cầu nộp bản sao không cần thiết.",
        "sender_name": "Nguyễn Văn An",
        "sender_phone": "0912345678",
        "sender_email": "an@example.com",
        "consent": "on",
        "publish_consent": "on",
        **form_fields(page),
    }
    data.update(values)
    return client.post(reverse("feedback:new"), {k: v for k, v in data.items() if v is not None})


def submit(desk: Desk, **values: Any) -> FeedbackItem:
    """An item received through the service, as the web form stores it."""
    data = services.Submission(
        topic=Topic.PROCEDURE,
        content="Hồ sơ chứng thực bị trả lại nhiều lần, đề nghị hướng dẫn rõ.",
        locality=desk.commune,
        sender_name="Trần Thị Bình",
        sender_phone="0987654321",
        consent=True,
        publish_consent=True,
    )
    for name, value in values.items():
        setattr(data, name, value)
    item, _ = services.submit(None, data)
    return item
