"""Across the assistant and publishing: a procedure page hands staff a question-and-answer piece quoting the
procedure record (the apps are siblings and know each other only by URL)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from cchc.assistant.models import Procedure

pytestmark = pytest.mark.django_db


def test_a_procedure_page_hands_staff_a_question_and_answer_piece_quoting_the_record(
    world_issued: Any, client: Any
) -> None:
    Procedure.objects.create(
        code="1.001193",
        name="Thủ tục đăng ký khai sinh",
        url="https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.001193",
        decision_number="1872/QĐ-BTP",
        agency="Ủy ban nhân dân cấp xã",
        documents=[{"name": "Tờ khai đăng ký khai sinh"}, {"name": "Giấy chứng sinh"}],
        channels=[{"channel": "Trực tiếp", "duration": "Ngay trong ngày", "fee": "Miễn lệ phí"}],
    )
    page = client.get(reverse("assistant:procedure", args=["1.001193"])).content.decode()
    assert "Soạn bài hỏi" not in page  # citizens see no staff link
    client.force_login(world_issued.officer)
    page = client.get(reverse("assistant:procedure", args=["1.001193"])).content.decode()
    link = page.split('href="/xuat-ban/bai/moi/?', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    form = client.get(f"{reverse('publishing:piece_new')}?{link}").content.decode()
    assert "Hỏi – đáp: Thủ tục đăng ký khai sinh" in form and "1872/QĐ-BTP" in form
    assert "Tờ khai đăng ký khai sinh; Giấy chứng sinh" in form and "Trực tiếp: Miễn lệ phí" in form
