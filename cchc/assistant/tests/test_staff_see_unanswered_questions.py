"""Only admin, owner and leader roles see the questions the assistant could not answer."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cchc.accounts.models import Role, User
from cchc.assistant.models import Question

URL = reverse("assistant:unanswered")


@pytest.fixture
def questions(db: None) -> None:
    Question.objects.create(text="xin giấy phép nuôi rồng", answered=False)
    Question.objects.create(text="đăng ký kết hôn", answered=True, top_code="1.000894")


def login(client: Client, role: str) -> None:
    user = User.objects.create(username=f"u_{role}", role=role)  # no password: hashing is slow and unneeded
    client.force_login(user)


def test_the_url_is_the_named_one() -> None:
    assert reverse("assistant:unanswered") == URL


def test_anonymous_visitors_are_sent_to_login(client: Client, questions: None) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("role", [Role.OFFICER, Role.PUBLIC])
def test_other_roles_are_refused(client: Client, questions: None, role: str) -> None:
    login(client, role)
    assert client.get(URL).status_code == 403


@pytest.mark.parametrize("role", [Role.ADMIN, Role.OWNER, Role.LEADER])
def test_admin_owner_and_leader_see_only_the_unanswered(client: Client, questions: None, role: str) -> None:
    login(client, role)
    html = client.get(URL).content.decode()
    assert "xin giấy phép nuôi rồng" in html
    assert "đăng ký kết hôn" not in html


def test_staff_download_the_unanswered_questions_as_csv(client: Client, questions: None) -> None:
    Question.objects.create(text="=HYPERLINK(1)", answered=False)
    login(client, Role.OWNER)
    response = client.get(URL, {"dinh_dang": "csv"})
    body = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "xin giấy phép nuôi rồng" in body and "đăng ký kết hôn" not in body
    assert "'=HYPERLINK(1)" in body


def test_the_most_frequent_unanswered_questions_come_first(client: Client, questions: None) -> None:
    Question.objects.create(text="xin giấy phép nuôi rồng", answered=False)
    Question.objects.create(text="hỏi một lần", answered=False)
    login(client, Role.LEADER)
    frequent = client.get(URL).context["frequent"]
    assert frequent[0] == {"text": "xin giấy phép nuôi rồng", "times": 2}
