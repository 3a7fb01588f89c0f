"""A bulletin's text as an announcer reads it."""

from __future__ import annotations

import pytest

from cchc.publishing.speech import for_speech, read_number, unreadable


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "không"),
        (15, "mười lăm"),
        (21, "hai mươi mốt"),
        (24, "hai mươi tư"),
        (105, "một trăm linh năm"),
        (1005, "một nghìn không trăm linh năm"),
        (2026, "hai nghìn không trăm hai mươi sáu"),
        (12_345_678, "mười hai triệu ba trăm bốn mươi lăm nghìn sáu trăm bảy mươi tám"),
        (3_000_000_000, "ba tỷ"),
    ],
)
def test_numbers_are_read_as_a_northern_announcer_says_them(number: int, words: str) -> None:
    assert read_number(number) == words


def test_dates_percentages_and_abbreviations_are_written_out() -> None:
    text = "Ngày 04/12/2026, UBND xã đạt 95,5% hồ sơ TTHC đúng hạn theo KH số 05/KH-UBND; tháng 3/2026 có 1.250 lượt."
    spoken = for_speech(text)
    assert spoken.startswith("Ngày bốn tháng mười hai năm hai nghìn không trăm hai mươi sáu, Ủy ban nhân dân xã")
    assert "chín mươi lăm phẩy năm phần trăm hồ sơ thủ tục hành chính" in spoken
    assert "kế hoạch số năm kế hoạch Ủy ban nhân dân" in spoken
    assert "tháng ba năm hai nghìn không trăm hai mươi sáu có một nghìn hai trăm năm mươi lượt" in spoken
    assert not any(c.isdigit() for c in spoken)


def test_phone_numbers_are_read_digit_by_digit() -> None:
    spoken = for_speech(
        "Liên hệ số điện thoại 0209 3870 123 hoặc 0912.345.678, đường dây nóng 1900 1234; nộp 150.000 đồng."
    )
    assert "không hai không chín, ba tám bảy không, một hai ba hoặc" in spoken
    assert "không chín một hai, ba bốn năm, sáu bảy tám" in spoken
    assert "một chín không không, một hai ba bốn" in spoken
    assert "một trăm năm mươi nghìn đồng" in spoken


def test_characters_no_voice_can_read_are_named() -> None:
    assert unreadable("Kính gửi bà con 😀 ★ thông báo 中文 – “CCHC”…") == ["😀", "★", "中", "文"]
    assert unreadable("Đăng ký khai sinh: trực tuyến (miễn phí).") == []
