"""A question asked again gets the answer already found (still logged each time); the procedure pages are rendered
once for anonymous visitors; both are dropped when the corpus is imported again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cchc.assistant import services
from cchc.assistant.models import Question

from .conftest import write_jsonl


def test_a_repeated_question_is_answered_from_the_cache_and_logged_each_time(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = services.answer("Làm giấy khai sinh cho con cần giấy tờ gì?")
    searched: list[Any] = []
    real = services.get_index
    monkeypatch.setattr(services, "get_index", lambda: searched.append(1) or real())
    again = services.answer("Làm giấy khai sinh cho con cần giấy tờ gì?")
    assert again.answered and again.cited[0].code == first.cited[0].code and not searched
    assert Question.objects.count() == 2
    services.answer("Đăng ký kết hôn mất bao lâu?")
    assert searched == [1]


def test_procedure_pages_are_shared_until_the_corpus_changes(
    corpus: Path, tmp_path: Path, small_raw: list[dict[str, Any]]
) -> None:
    client = Client()
    code = small_raw[0]["ma_thu_tuc"]
    for url in (reverse("assistant:procedures"), reverse("assistant:procedure", args=[code])):
        assert "X-Cache" not in client.get(url)
        assert client.get(url)["X-Cache"] == "hit"
    renamed = [{**small_raw[0], "ten_thu_tuc": "Thủ tục đã đổi tên để kiểm tra"}, *small_raw[1:]]
    services.import_procedures(write_jsonl(tmp_path / "renamed.jsonl", renamed))
    page = client.get(reverse("assistant:procedure", args=[code]))
    assert "X-Cache" not in page and "Thủ tục đã đổi tên để kiểm tra" in page.content.decode()
