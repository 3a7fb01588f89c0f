"""The whole way: a citizen without an account sends an item from a phone, the justice office answers, the
People's Committee's leader approves, the answer is published and rated, the owner sees it in the figures."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from cchc.feedback.models import FeedbackItem, Status

from .conftest import Desk, send

PHONE = {"HTTP_USER_AGENT": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148"}


@pytest.mark.django_db
def test_sent_item_is_answered_approved_published_rated_and_counted(
    desk: Desk, django_capture_on_commit_callbacks: Any
) -> None:
    cast = desk.cast
    citizen = Client(**PHONE)
    with django_capture_on_commit_callbacks(execute=True):
        response = send(citizen, place=desk.commune.locality)
    assert response.status_code == 302, re.findall(r'class="error"[^>]*>([^<]+)', response.content.decode())
    code = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    assert re.fullmatch(r"PAKN\.\d{8}\.\d{4}", code)
    item = FeedbackItem.objects.get(code=code)
    assert item.unit == cast.officer_unit  # the rule for procedures in Chợ Đồn
    assert item.locality == desk.commune
    page = citizen.get(response["Location"]).content.decode()
    assert code in page and "Đã tiếp nhận" in page
    assert mail.outbox and code in mail.outbox[-1].body  # the sender is told the code and the due date

    officer = Client()
    officer.force_login(cast.officer)
    act = lambda who, action, **data: who.post(reverse("feedback:act", args=[item.pk, action]), data)  # noqa: E731
    assert act(officer, "assign", assignee=cast.officer.pk).status_code == 302
    act(officer, "draft", answer="Theo Nghị định 123/2015/NĐ-CP, không yêu cầu bản sao giấy tờ đã có trong CSDL.")
    item.refresh_from_db()
    assert item.status == Status.ANSWERED
    assert "Nguyễn Văn An" not in item.public_content

    # The officer cannot approve their own answer; the leader of the People's Committee does.
    assert act(officer, "approve").status_code == 403
    leader = Client()
    leader.force_login(cast.leader)
    asked = act(leader, "approve")  # an answer approved is sent: first the confirmation page, nothing done yet
    assert asked.status_code == 200 and "Việc này không hoàn tác được" in asked.content.decode()
    item.refresh_from_db()
    assert item.approved_by is None
    act(leader, "approve", xac_nhan="1")
    act(officer, "publish", xac_nhan="1")
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED and item.answered_on is not None

    page = citizen.get(reverse("feedback:status_detail", args=[code])).content.decode()
    assert "Nghị định 123/2015" in page
    citizen.post(reverse("feedback:status_detail", args=[code]), {"satisfied": "0", "reason": "Chưa rõ thời hạn."})
    item.refresh_from_db()
    assert item.satisfied is False and item.rating_reason == "Chưa rõ thời hạn."

    public = Client().get(reverse("feedback:public_list")).content.decode()
    assert code in public and "Nguyễn Văn An" not in public and "0912345678" not in public

    owner = Client()
    owner.force_login(cast.owner)
    figures = owner.get(reverse("feedback:figures"), {"nam": item.received_on.year}).content.decode()
    assert cast.officer_unit.name in figures, figures[figures.find("<main") :][:3000]
    row = figures.split(cast.officer_unit.name, 1)[1].split("</tr>", 1)[0]
    assert re.findall(r"<td>([^<]*)</td>", row)[:8] == ["1", "1", "1", "0", "0", "100,0 %", "0", "1"]


@pytest.mark.django_db
def test_another_device_follows_the_code_with_the_phone_number(desk: Desk) -> None:
    response = send(Client(), place=desk.commune.locality)
    code = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    stranger = Client()
    assert stranger.get(reverse("feedback:status_detail", args=[code])).status_code == 302  # no peeking by code
    wrong = stranger.post(reverse("feedback:status"), {"code": code, "contact": "0900000000"})
    assert "không khớp" in wrong.content.decode()
    right = stranger.post(reverse("feedback:status"), {"code": code.lower(), "contact": "0912 345 678"})
    assert right.status_code == 302
    assert "Đã tiếp nhận" in stranger.get(right["Location"]).content.decode()


@pytest.mark.django_db
def test_the_assistant_and_procedure_pages_offer_the_form_with_the_question(desk: Desk) -> None:
    page = Client().get(reverse("feedback:new"), {"q": "Làm giấy khai sinh ở đâu?"}).content.decode()
    assert "Làm giấy khai sinh ở đâu?</textarea>" in page
