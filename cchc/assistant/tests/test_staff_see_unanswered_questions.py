"""Only admin, owner and leader roles see the questions the assistant could not answer."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from cchc.accounts.models import Role, User
from cchc.assistant.answers import redact
from cchc.assistant.models import Question
from cchc.assistant.services import Reply, log_question

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


@pytest.mark.parametrize("role", [Role.OFFICER, Role.PUBLIC, Role.OWNER, Role.LEADER])
def test_other_roles_are_refused(client: Client, questions: None, role: str) -> None:
    """Owners and leaders of every province used to read every citizen's questions: now only curators do."""
    login(client, role)
    response = client.get(URL)
    assert response.status_code == 403
    assert "xin giấy phép nuôi rồng" not in response.content.decode()
    assert client.get(URL, {"dinh_dang": "csv"}).status_code == 403


def curator(client: Client, role: str = Role.OFFICER) -> None:
    """A member of staff given the permission to curate the procedure corpus."""
    user = User.objects.create(username="bientap", role=role)
    user.user_permissions.add(Permission.objects.get(codename="curate_procedures"))
    client.force_login(user)


@pytest.mark.parametrize("who", ["admin", "curator"])
def test_admins_and_curators_see_only_the_unanswered(client: Client, questions: None, who: str) -> None:
    login(client, Role.ADMIN) if who == "admin" else curator(client)
    html = client.get(URL).content.decode()
    assert "xin giấy phép nuôi rồng" in html
    assert "đăng ký kết hôn" not in html
    assert f'href="{URL}"' in client.get(reverse("plans:list")).content.decode()


def test_the_link_is_not_offered_to_staff_who_may_not_see_the_list(client: Client, db: None) -> None:
    login(client, Role.OWNER)
    assert URL not in client.get(reverse("plans:list")).content.decode()


def test_addresses_phones_id_numbers_and_emails_never_reach_the_list(client: Client, db: None) -> None:
    asked = (
        "Tôi tên là Nguyễn Văn Minh, nhà ở số 12 ngõ 34 phố Huế, CCCD 001 203 004 567, "
        "điện thoại 0912 345 678, thư minh.nv@gmail.com, cần đăng ký thường trú cho con"
    )
    log_question(Reply(question=asked, answered=False, aspect=""), channel="web")
    # A question stored before addresses were redacted: the migration cleans it.
    Question.objects.create(text="tôi ở thôn Bản Pài, 25 Hàng Bạc, cccd 001203004567 xin cấp giấy phép", answered=False)
    migration = importlib.import_module("cchc.assistant.migrations.0003_curate_permission")
    migration.redact_stored_questions(django_apps, None)
    curator(client)
    html = client.get(URL).content.decode()
    for secret in ("Minh", "12 ngõ 34", "phố Huế", "001 203", "0912", "gmail", "Bản Pài", "Hàng Bạc", "001203004567"):
        assert secret not in html, secret
    assert "đăng ký thường trú cho con" in html and "[địa chỉ]" in html and "[số giấy tờ]" in html


def test_everyday_words_that_look_like_places_are_kept() -> None:
    for text in ("làm lại bản sao giấy khai sinh", "tổ chức hội nghị", "đường dây nóng", "thủ tục ở thành phố Hà Nội"):
        assert redact(text) == text


def test_staff_download_the_unanswered_questions_as_csv(client: Client, questions: None) -> None:
    Question.objects.create(text="=HYPERLINK(1)", answered=False)
    curator(client)
    response = client.get(URL, {"dinh_dang": "csv"})
    body = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "xin giấy phép nuôi rồng" in body and "đăng ký kết hôn" not in body
    assert "'=HYPERLINK(1)" in body


def test_the_most_frequent_unanswered_questions_come_first(client: Client, questions: None) -> None:
    Question.objects.create(text="xin giấy phép nuôi rồng", answered=False)
    Question.objects.create(text="hỏi một lần", answered=False)
    curator(client)
    frequent = client.get(URL).context["frequent"]
    assert frequent[0] == {"text": "xin giấy phép nuôi rồng", "times": 2}
