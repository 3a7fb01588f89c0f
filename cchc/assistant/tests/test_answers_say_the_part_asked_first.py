"""An answer says the part asked about in a few plain sentences before quoting the record: the papers everyone
brings before the special cases, times and fees with their units, a fee cell that says free never run into the
amounts its remark lists; a declined question is pointed to the feedback form and the hotline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.test import Client, override_settings
from django.urls import reverse

from cchc.assistant.answers import NO_UNIT_TEXT, answer_text, passages_for, summary_for
from cchc.assistant.parsing import parse_record


def _record(small_raw: list[dict], code: str) -> dict[str, Any]:
    return parse_record(next(r for r in small_raw if r["ma_thu_tuc"] == code)).as_dict()


def test_birth_registration_names_the_form_and_the_birth_certificate_first(small_raw: list[dict]) -> None:
    record = _record(small_raw, "1.001193")
    summary = summary_for(record, "documents")
    assert summary[0].startswith("Hồ sơ cần có: Tờ khai đăng ký khai sinh")
    assert "Giấy chứng sinh" in summary[0] and "bỏ rơi" not in summary[0]
    quoted = passages_for(record, "documents")[0].lines
    assert quoted.index(next(q for q in quoted if "Giấy chứng sinh" in q)) < 5
    text = answer_text(record, "documents", "/thu-tuc/1.001193/")
    assert text.index("Hồ sơ cần có") < text.index("Trích từ bản ghi thủ tục") < text.index("Xem đầy đủ")
    assert len(text) < 5000


def test_a_time_without_a_unit_is_said_to_have_none(small_raw: list[dict]) -> None:
    record = _record(small_raw, "1.001193")
    (sentence,) = summary_for(record, "time")
    assert sentence.startswith("Thời hạn giải quyết: 1 — ") and NO_UNIT_TEXT in sentence
    assert "như nhau với mọi cách nộp" in sentence


def test_a_time_with_a_unit_reads_as_a_sentence() -> None:
    record = {"channels": [{"channel": "Trực tiếp", "duration": "5 Ngày làm việc", "fee": "", "note": ""}]}
    assert summary_for(record, "time") == ["Thời hạn giải quyết: 5 ngày làm việc, như nhau với mọi cách nộp."]


def test_a_free_cell_with_amounts_in_its_remark_says_both_apart() -> None:
    note = "- Phí sát hạch lái xe: Sát hạch lý thuyết: 60.000 đồng/lần; khác"
    record = {"channels": [{"channel": "Trực tiếp", "duration": "", "fee": "Miễn phí", "note": note}]}
    (sentence,) = summary_for(record, "fee")
    assert "«Miễn phí»" in sentence and "60.000 đồng/lần" in sentence
    lines = passages_for(record, "fee")[0].lines
    assert lines == ["Trực tiếp: Miễn phí", f"Ghi chú: {note}"]


def test_an_amount_is_read_once_with_its_unit() -> None:
    fee = "400,000 Việt Nam Đồng(Lệ phí : 400.000 Đồng"
    record = {"channels": [{"channel": c, "duration": "", "fee": fee, "note": ""} for c in ("Trực tiếp", "Trực tuyến")]}
    assert summary_for(record, "fee") == ["Phí, lệ phí: 400.000 đồng, như nhau với mọi cách nộp."]


@override_settings(ASSISTANT_HOTLINE="1800 0000")
def test_a_declined_question_offers_the_feedback_form_and_the_hotline(client: Client, corpus: Path) -> None:
    response = client.post(
        reverse("assistant:chat"), {"question": "cách tráng bánh cuốn"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert "không tìm thấy" in html and "Gửi phản ánh, kiến nghị" in html and "1800 0000" in html
