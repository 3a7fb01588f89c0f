"""The public pages: chat (with and without htmx), widget, procedure list and page; bad input; rate limit."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from cchc.assistant.models import Question


@pytest.fixture(autouse=True)
def clear_rate_limits() -> None:
    cache.clear()


def ask(client: Client, question: str, *, htmx: bool = True, url: str = "") -> str:
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.post(url or reverse("assistant:chat"), {"question": question}, headers=headers, follow=not htmx)
    assert response.status_code == 200
    return response.content.decode()


def test_a_question_gets_the_records_answer_with_code_and_link(client: Client, corpus: Path) -> None:
    html = ask(client, "lam giay khai sinh cho con can giay to gi")
    assert "Thủ tục đăng ký khai sinh" in html
    assert "1.001193" in html
    assert reverse("assistant:procedure", args=["1.001193"]) in html
    assert "Thành phần hồ sơ" in html


def test_without_javascript_the_page_keeps_the_conversation(client: Client, corpus: Path) -> None:
    html = ask(client, "đăng ký kết hôn mất mấy ngày", htmx=False)
    assert "Thời hạn giải quyết" in html and "1.000894" in html
    html = client.get(reverse("assistant:chat")).content.decode()
    assert "đăng ký kết hôn mất mấy ngày" in html


def test_an_unanswerable_question_is_declined_with_the_closest_procedures_and_feedback(
    client: Client, corpus: Path
) -> None:
    html = ask(client, "cách nấu phở bò ngon")
    assert "không tìm thấy" in html
    assert "Gửi phản ánh, kiến nghị" in html


NOT_VIETNAMESE = "Trợ lý ảo hiện chỉ trả lời câu hỏi bằng tiếng Việt"


@pytest.mark.parametrize(
    ("question", "reply"),
    [
        ("", "Bạn hãy nhập câu hỏi về thủ tục hành chính"),
        ("x" * 10_000, "Câu hỏi dài quá 1000 ký tự"),
        ("!!!", "Câu hỏi chưa có chữ nào"),
        ("<script>alert('x')</script>", NOT_VIETNAMESE),
        ("how are you today", NOT_VIETNAMESE),
    ],
)
def test_bad_input_gets_a_polite_reply_not_an_error_page(
    client: Client, corpus: Path, question: str, reply: str
) -> None:
    html = ask(client, question)
    assert reply in html
    assert "<script>alert" not in html


def test_html_in_a_question_is_never_rendered(client: Client, corpus: Path) -> None:
    html = ask(client, 'đăng ký khai sinh <img src=x onerror="alert(1)">')
    assert "<img" not in html


def test_questions_are_logged_without_personal_data(client: Client, corpus: Path) -> None:
    ask(client, "Tôi là Nguyễn Văn An, sđt 0912345678, muốn đăng ký kết hôn")
    ask(client, "cách nấu phở bò ngon")
    logged = list(Question.objects.order_by("created_at"))
    assert [q.answered for q in logged] == [True, False]
    assert "Nguyễn" not in logged[0].text and "0912345678" not in logged[0].text
    assert logged[0].top_code == "1.000894"


@override_settings(ASSISTANT_RATE_PER_MINUTE=3)
def test_a_client_asking_too_fast_is_asked_to_wait(client: Client, corpus: Path) -> None:
    for _ in range(3):
        assert "Bạn hỏi nhanh quá" not in ask(client, "đăng ký kết hôn")
    assert "Bạn hỏi nhanh quá" in ask(client, "đăng ký kết hôn")
    assert Question.objects.count() == 3


def test_the_widget_page_may_be_framed_by_other_sites_and_posts_without_csrf(corpus: Path) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.get(reverse("assistant:widget"))
    assert response.status_code == 200
    assert "X-Frame-Options" not in response.headers
    html = ask(client, "đăng ký kết hôn", url=reverse("assistant:widget"))
    assert "1.000894" in html and 'target="_top"' in html


def test_the_chat_page_cannot_be_framed(client: Client, corpus: Path) -> None:
    assert client.get(reverse("assistant:chat")).headers["X-Frame-Options"] == "DENY"


def test_the_embed_snippet_page_shows_the_script(client: Client, corpus: Path) -> None:
    html = client.get(reverse("assistant:embed")).content.decode()
    assert "assistant/widget.js" in html


def test_the_procedure_list_searches_without_marks_and_filters_by_level(client: Client, corpus: Path) -> None:
    html = client.get(reverse("assistant:procedures"), {"q": "khai sinh"}).content.decode()
    assert "Thủ tục đăng ký khai sinh" in html
    html = client.get(reverse("assistant:procedures"), {"cap": "Cấp bộ"}).content.decode()
    assert "Cấp lại thẻ căn cước (thực hiện tại cấp trung ương)" in html
    assert "Thủ tục đăng ký khai sinh" not in html


def test_a_procedure_page_shows_its_sections(client: Client, corpus: Path) -> None:
    html = client.get(reverse("assistant:procedure", args=["1.001193"])).content.decode()
    for section in ("Trình tự thực hiện", "Cách thức thực hiện", "Thành phần hồ sơ", "Căn cứ pháp lý", "1.001193"):
        assert section in html


def test_an_unknown_procedure_is_a_404(client: Client, corpus: Path) -> None:
    assert client.get(reverse("assistant:procedure", args=["0.000000"])).status_code == 404


def test_the_home_page_has_a_question_box(client: Client, db: None) -> None:
    html = client.get(reverse("portal:home")).content.decode()
    assert reverse("assistant:chat") in html


def test_the_widget_without_javascript_shows_the_answer_and_stores_no_session(corpus: Path) -> None:
    client = Client()
    response = client.post(reverse("assistant:widget"), {"question": "đăng ký kết hôn"})
    assert response.status_code == 200
    assert "1.000894" in response.content.decode()
    assert "sessionid" not in response.cookies


def test_the_widget_script_is_served_by_the_project() -> None:
    from django.contrib.staticfiles import finders

    path = finders.find("assistant/widget.js")
    assert path is not None
    with open(path, encoding="utf-8") as fh:
        assert "/tro-ly-ao/nhung/" in fh.read()
