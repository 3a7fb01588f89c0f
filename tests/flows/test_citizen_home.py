"""A citizen's home page: the feedback they sent and the contest rounds they took while signed in (each linked to
where they follow it), the rounds open now; none of another person's. Surveys stay reached by their link only."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cchc.accounts.models import Role
from cchc.contests import services as contests
from cchc.contests.tests.conftest import round_input
from cchc.feedback.models import FeedbackItem
from cchc.feedback.tests.conftest import send
from cchc.questions.tests.factories import filled_bank, standard_rows
from cchc.surveys import services as surveys
from conftest import make_user


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    cache.clear()  # the feedback form's rate limit and the question content cache


def _signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_citizen_home_lists_their_feedback_attempts_and_open_rounds(cast: Any) -> None:
    citizen = _signed_in(cast.public)
    assert send(citizen).status_code == 302
    mine = FeedbackItem.objects.get()
    assert mine.entered_by == cast.public
    bank = filled_bank(cast.owner, cast.owner.unit, standard_rows())
    contest = contests.create_contest(cast.owner, title="Tìm hiểu CCHC 2025", description="Thể lệ", bank=bank)
    open_round = contests.add_round(cast.owner, contest, round_input())
    response = citizen.post(
        reverse("contests:enter", args=[open_round.pk]),
        {"full_name": "Nguyễn Văn Dân", "cccd": "001099012345", "unit_id": str(cast.officer_unit.pk)},
    )
    assert response.status_code == 302
    attempt = open_round.attempts.get()
    assert attempt.user == cast.public

    page = citizen.get(reverse("portal:my_home")).content.decode()
    assert reverse("feedback:status_detail", args=[mine.code]) in page and mine.get_status_display() in page
    assert reverse("contests:take", args=[attempt.token]) in page and "Đang làm bài" in page
    assert reverse("contests:enter", args=[open_round.pk]) in page

    # The link follows the item from another browser too: the account sent it.
    elsewhere = _signed_in(cast.public)
    detail = elsewhere.get(reverse("feedback:status_detail", args=[mine.code]))
    assert detail.status_code == 200 and mine.code in detail.content.decode()


def test_another_citizen_sees_none_of_it_and_cannot_follow_the_item(cast: Any) -> None:
    assert send(_signed_in(cast.public)).status_code == 302
    mine = FeedbackItem.objects.get()
    neighbour = make_user("nguoidan2", Role.PUBLIC, None)
    page = _signed_in(neighbour).get(reverse("portal:my_home")).content.decode()
    assert mine.code not in page and "Bạn chưa gửi phản ánh, kiến nghị nào" in page
    response = _signed_in(neighbour).get(reverse("feedback:status_detail", args=[mine.code]))
    assert response.status_code == 302 and response["Location"] == reverse("feedback:status")


def test_a_survey_is_not_listed_its_link_stays_the_only_way_in(cast: Any) -> None:
    survey = surveys.create_survey(
        cast.owner, cast.owner.unit, surveys.SurveyInput("Khảo sát 2025", timezone.now() - dt.timedelta(days=1))
    )
    page = _signed_in(cast.public).get(reverse("portal:my_home")).content.decode()
    assert survey.token not in page
