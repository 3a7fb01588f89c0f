"""Across the assistant and publishing: a procedure page hands staff a question-and-answer piece quoting the
procedure record (the apps are siblings and know each other only by URL)."""

from __future__ import annotations

import re
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


def test_a_contest_and_a_survey_hand_their_announcement_to_the_piece_form(world_issued: Any, client: Any) -> None:
    import datetime as dt

    from django.utils import timezone

    from cchc.contests import services as contests
    from cchc.questions.tests.factories import filled_bank, standard_rows
    from cchc.surveys import services as surveys

    owner = world_issued.owner
    bank = filled_bank(owner, owner.unit, standard_rows(), name="Ngân hàng CCHC")
    contest = contests.create_contest(owner, title="Tìm hiểu CCHC 2024", description="Thể lệ: mỗi người một lượt.",
                                      bank=bank)  # fmt: skip
    opens = timezone.make_aware(dt.datetime(2024, 9, 2, 8, 0))
    contests.add_round(owner, contest, contests.RoundInput(opens, opens + dt.timedelta(days=6), 30, easy_count=3))
    survey = surveys.create_survey(owner, owner.unit, surveys.SurveyInput("Hài lòng tại bộ phận một cửa", opens))
    client.force_login(owner)
    forms = {}
    for page, title in (
        (reverse("contests:manage_contest", args=[contest.pk]), "Thông báo cuộc thi «Tìm hiểu CCHC 2024»"),
        (reverse("surveys:manage_survey", args=[survey.pk]), "Mời tham gia khảo sát «Hài lòng tại bộ phận một cửa»"),
    ):
        html = client.get(page).content.decode()
        query = html.split('href="/xuat-ban/bai/moi/?', 1)[1].split('"', 1)[0].replace("&amp;", "&")
        forms[title] = form = client.get(f"{reverse('publishing:piece_new')}?{query}").content.decode()
        assert title in form and "quét mã QR" in form and re.search(r'value="poster"[^>]*checked', form)
    contest_form = forms["Thông báo cuộc thi «Tìm hiểu CCHC 2024»"]
    assert "Thể lệ: mỗi người một lượt." in contest_form
    assert "Vòng 1: từ 08:00 ngày 02/09/2024 đến 08:00 ngày 08/09/2024" in contest_form
