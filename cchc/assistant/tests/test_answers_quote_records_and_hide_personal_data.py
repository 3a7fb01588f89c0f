"""Answers quote the record only; questions are checked and stripped of personal data before logging."""

from __future__ import annotations

import pytest

from cchc.assistant.answers import (
    MORE_TEXT,
    NO_RECORD_TEXT,
    QuestionRejected,
    answer_text,
    clean_question,
    passages_for,
    redact,
)
from cchc.assistant.parsing import parse_record


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("gọi cho tôi 0912 345 678 nhé", "gọi cho tôi [số điện thoại] nhé"),
        ("số +84912345678", "số [số điện thoại]"),
        ("cccd của tôi là 001203004567", "cccd của tôi là [số giấy tờ]"),
        ("email: an.nguyen@example.com", "email: [email]"),
        ("Tôi là Nguyễn Văn An, muốn làm khai sinh", "Tôi là [tên], muốn làm khai sinh"),
        ("tên tôi là tran thi b. xin hỏi", "tên tôi là [tên]. xin hỏi"),
    ],
)
def test_personal_data_is_removed_before_logging(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        ("", "Bạn hãy nhập câu hỏi về thủ tục hành chính"),
        ("   ", "Bạn hãy nhập câu hỏi về thủ tục hành chính"),
        ("x" * 10_000, "Câu hỏi dài quá 1000 ký tự. Bạn vui lòng viết ngắn gọn"),
        ("!!!???...", "Câu hỏi chưa có chữ nào. Bạn vui lòng viết rõ"),
        ("<script>alert(1)</script>", "Trợ lý ảo hiện chỉ trả lời câu hỏi bằng tiếng Việt. Bạn vui lòng"),
        ("what documents do I need for a work permit", "Trợ lý ảo hiện chỉ trả lời câu hỏi bằng tiếng Việt"),
    ],
)
def test_bad_input_gets_a_polite_vietnamese_reply_saying_what_is_wrong(text: str, reply: str) -> None:
    with pytest.raises(QuestionRejected) as info:
        clean_question(text)
    assert str(info.value).startswith(reply)


def test_html_is_reduced_to_its_text() -> None:
    assert clean_question("<b>làm khai sinh</b> ở đâu?") == "làm khai sinh ở đâu?"


def test_unaccented_vietnamese_is_accepted() -> None:
    assert clean_question("lam giay khai sinh o dau") == "lam giay khai sinh o dau"


@pytest.mark.parametrize(
    "aspect", ["general", "documents", "fee", "time", "place", "steps", "conditions", "result", "legal"]
)
def test_every_quoted_line_comes_from_the_record(small_raw: list[dict], aspect: str) -> None:
    raw = next(r for r in small_raw if r["ma_thu_tuc"] == "1.001193")
    record = parse_record(raw).as_dict()
    source = " ".join(str(v) for v in raw.values())
    for passage in passages_for(record, aspect):
        for line in passage.lines:
            if line in (NO_RECORD_TEXT, MORE_TEXT):
                continue
            quoted = line.split(": ", 1)[-1].split(" (")[0][:60]
            for part in quoted.split(", ") if line.startswith("Cách thức nộp hồ sơ") else [quoted]:
                assert part in source, (aspect, line)


def test_the_answer_names_the_procedure_its_code_and_its_link(small_raw: list[dict]) -> None:
    raw = next(r for r in small_raw if r["ma_thu_tuc"] == "1.000894")
    text = answer_text(parse_record(raw).as_dict(), "time", "/thu-tuc/1.000894/")
    assert text.startswith("Thủ tục đăng ký kết hôn (mã 1.000894")
    assert "Thời hạn giải quyết:" in text
    assert text.endswith("/thu-tuc/1.000894/")


def test_names_are_hidden_in_unaccented_questions_too() -> None:
    assert redact("toi la nguyen van a, muon lam ho chieu") == "toi la [tên], muon lam ho chieu"


def test_an_overview_quotes_a_few_lines_and_points_to_the_page(small_raw: list[dict]) -> None:
    raw = next(r for r in small_raw if r["ma_thu_tuc"] == "1.001193")
    documents = passages_for(parse_record(raw).as_dict(), "general")[0]
    assert documents.label == "Thành phần hồ sơ"
    assert len(documents.lines) == 9 and documents.lines[-1] == MORE_TEXT
