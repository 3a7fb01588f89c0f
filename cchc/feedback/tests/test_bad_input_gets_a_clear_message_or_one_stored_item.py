"""Empty or 50,000-character content, a phone or e-mail that is not one, a script in any field, an executable
renamed .jpg, a double click, a bot: a Vietnamese message or one stored item, never two, never a 500."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from cchc.feedback.models import FeedbackItem

from .conftest import Desk, form_fields, send

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)


def errors(response: object) -> str:
    """The messages the page shows: at each field, and in the error summary at the top (where a message about the
    whole form, not one field, now stands alone)."""
    html = response.content.decode()  # type: ignore[attr-defined]
    at_fields = re.findall(r'class="error"[^>]*>\s*(?:<p>)?([^<]+)', html)
    summary = re.search(r'class="error-summary".*?</ul>', html, re.S)
    listed = re.findall(r"<li>(?:<a [^>]*>)?([^<]+)", summary.group(0)) if summary else []
    return " ".join(at_fields + listed)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"content": ""}, "Nội dung"),
        ({"content": "   "}, "không được để trống"),
        ({"content": "x" * 50_000}, "tối đa 5.000 ký tự"),
        ({"sender_phone": "12345", "sender_email": ""}, "Số điện thoại: không đúng"),
        ({"sender_email": "khong-phai-thu", "sender_phone": ""}, "Thư điện tử: không đúng"),
        ({"sender_email": "", "sender_phone": ""}, "số điện thoại hoặc thư điện tử"),
        ({"sender_name": "<b> </b>"}, "Họ và tên: không được để trống"),
        ({"consent": None}, "đồng ý cho xử lý dữ liệu cá nhân"),
        ({"challenge": "999"}, "Câu trả lời kiểm tra chưa đúng"),
        ({"form_token": "gia-mao"}, "Biểu mẫu đã hết hạn"),
        ({"topic": "khong-co"}, "Lĩnh vực"),
        ({"place": "Nơi không hề có"}, "Không tìm thấy nơi này"),
    ],
)
def test_a_bad_field_is_refused_with_a_vietnamese_message(desk: Desk, values: dict[str, object], message: str) -> None:
    response = send(Client(), **values)
    assert response.status_code == 200
    assert message in errors(response), errors(response)
    assert not FeedbackItem.objects.exists()


@pytest.mark.django_db
def test_scripts_are_stripped_and_shown_escaped(desk: Desk) -> None:
    client = Client()
    response = send(
        client,
        content='Xin hỏi <script>alert("x")</script><b>gấp</b> về thủ tục',
        sender_address="<img src=x onerror=alert(1)>Số 1",
    )
    assert response.status_code == 302
    item = FeedbackItem.objects.get()
    assert "<" not in item.content and "alert" in item.content  # markup removed, words kept
    page = client.get(response["Location"]).content.decode()
    assert "<script>alert" not in page


@pytest.mark.django_db
def test_an_executable_renamed_jpg_is_refused_and_a_real_image_kept(desk: Desk) -> None:
    fake = SimpleUploadedFile("anh.jpg", b"MZ\x90\x00" + b"\x00" * 200, content_type="image/jpeg")
    response = send(Client(), attachments=fake)
    assert response.status_code == 200 and "anh.jpg" in errors(response)
    assert not FeedbackItem.objects.exists()
    real = SimpleUploadedFile("anh.png", PNG, content_type="image/png")
    assert send(Client(), attachments=real).status_code == 302
    assert FeedbackItem.objects.get().attachments.get().content_type == "image/png"


@pytest.mark.django_db
def test_a_double_click_stores_one_item(desk: Desk) -> None:
    client = Client()
    page = client.get(reverse("feedback:new")).content.decode()
    data = {
        "topic": "procedure", "content": "Gửi hai lần do bấm đúp.", "sender_name": "Lê Văn Cường",
        "sender_phone": "0911222333", "consent": "on", **form_fields(page),
    }  # fmt: skip
    first = client.post(reverse("feedback:new"), data)
    second = Client().post(reverse("feedback:new"), data)  # even from a second tab without the session
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert FeedbackItem.objects.count() == 1


@pytest.mark.django_db
def test_bots_filling_the_trap_and_floods_are_refused(desk: Desk) -> None:
    response = send(Client(), website="http://spam.example")
    assert response.status_code == 200 and "không hợp lệ" in errors(response)
    assert not FeedbackItem.objects.exists()
    cache.clear()
    with override_settings(FEEDBACK_SUBMISSIONS_PER_HOUR=2):
        client = Client()
        assert [send(client).status_code for _ in range(3)] == [302, 302, 429]
    assert FeedbackItem.objects.count() == 2


@pytest.mark.django_db
def test_absurd_query_values_do_not_break_the_pages(desk: Desk) -> None:
    client = Client()
    assert client.get(reverse("feedback:public_list"), {"don_vi": "9" * 60, "trang": "-1"}).status_code == 400
    assert client.get(reverse("feedback:public_list"), {"q": "<script>", "trang": "999999"}).status_code == 200
    assert client.get(reverse("feedback:public_detail", args=["PAKN.X"])).status_code == 404
    assert client.get(reverse("feedback:places"), {"place": "x" * 5000}).status_code == 200
