"""The shared bounds: hostile numbers, invisible characters, broken encodings and deep JSON are refused in Vietnamese
before any arithmetic or storage."""

from __future__ import annotations

import datetime as dt
import decimal
import time

import pytest

from cchc.core import inputs
from cchc.core.text import fold


@pytest.mark.parametrize("value", ["1e1500000", "9" * 5000, "1e999999999", float("inf"), float("nan"), "-1e400"])
def test_an_absurd_number_is_refused_at_once(value: object) -> None:
    started = time.perf_counter()
    with pytest.raises(inputs.InputError) as exc:
        inputs.parse_int(value, label="Số người tham dự", maximum=1_000_000_000)
    assert time.perf_counter() - started < 0.05
    assert exc.value.message.startswith("Số người tham dự:")


@pytest.mark.parametrize("value", [2**31, 2**63, 10**30, "2147483648", "9223372036854775808", "1" + "0" * 30])
def test_numbers_past_the_bound_are_refused_with_the_bound(value: object) -> None:
    with pytest.raises(inputs.InputError, match=r"không được lớn hơn 1\.000\.000\.000"):
        inputs.parse_int(value, label="Số bản", maximum=1_000_000_000)


@pytest.mark.parametrize("value", ["²", "١٢٣", "１２", "12a", "0x1f", "--1", True])
def test_non_ascii_digits_and_junk_are_not_numbers(value: object) -> None:
    with pytest.raises(inputs.InputError):
        inputs.parse_int(value, label="Số bản", maximum=10**9)


def test_ordinary_numbers_pass_including_vietnamese_thousands() -> None:
    assert inputs.parse_int("1.200", label="x", maximum=10**9) == 1200
    assert inputs.parse_int(" 35 ", label="x", maximum=10**9) == 35
    assert inputs.parse_int(35.0, label="x", maximum=10**9) == 35
    assert inputs.parse_int("", label="x", maximum=10**9) is None
    with pytest.raises(inputs.InputError, match="số âm"):
        inputs.parse_int(-1, label="x", maximum=10)
    with pytest.raises(inputs.InputError, match="số nguyên"):
        inputs.parse_int("2.5", label="x", maximum=10)


def test_a_rate_with_three_decimals_is_refused_not_rounded_to_100() -> None:
    with pytest.raises(inputs.InputError, match="tối đa 2 chữ số sau dấu thập phân"):
        inputs.parse_decimal("99.999", label="Tỷ lệ", places=2, minimum=0, maximum=100)
    with pytest.raises(inputs.InputError, match="tối đa 2 chữ số"):
        inputs.parse_decimal(99.999, label="Tỷ lệ", places=2, minimum=0, maximum=100)
    assert inputs.parse_decimal("99,5", label="Tỷ lệ", places=2, minimum=0, maximum=100) == decimal.Decimal("99.5")
    assert inputs.parse_decimal("87.50", label="Tỷ lệ", places=2, minimum=0, maximum=100) == decimal.Decimal("87.5")
    with pytest.raises(inputs.InputError, match="lớn hơn 100"):
        inputs.parse_decimal("100.01", label="Tỷ lệ", places=2, minimum=0, maximum=100)


def test_zero_width_and_bidi_characters_are_removed_and_a_title_of_them_is_empty() -> None:
    hidden = "\u200b\u200c\u200d\u2060\ufeff\u202e\u2066"
    with pytest.raises(inputs.InputError, match="không được để trống"):
        inputs.clean_text(hidden, label="Tiêu đề", max_length=500, required=True)
    spoofed = "Hội nghị\u200b CCHC \u202eabc\u202c"
    cleaned = inputs.clean_text(spoofed, label="Tiêu đề", max_length=500)
    assert cleaned == "Hội nghị CCHC abc"
    assert fold("Hội\u200b nghị") == fold("Hội nghị")


@pytest.mark.parametrize("text", ["a\x00b", "a\ud800b", "x\x1by"])
def test_nul_lone_surrogates_and_control_characters_are_refused(text: str) -> None:
    with pytest.raises(inputs.InputError) as exc:
        inputs.clean_text(text, label="Người ký", max_length=120)
    assert exc.value.message.startswith("Người ký:")


def test_lengths_are_bounded_and_a_4_mb_note_is_refused_without_work() -> None:
    with pytest.raises(inputs.InputError, match=r"Ghi chú: quá dài \(4\.194\.304 ký tự\), tối đa 5\.000"):
        inputs.clean_text("a" * 4 * 1024 * 1024, label="Ghi chú", max_length=5000)
    with pytest.raises(inputs.InputError, match="tối đa 500 ký tự"):
        inputs.clean_text("https://x.vn/" + "a" * 600, label="Đường dẫn", max_length=500, multiline=False)
    assert inputs.clean_text("dòng 1\r\ndòng 2", label="x", max_length=50, multiline=False) == "dòng 1 dòng 2"
    decomposed = "Tuye\u0302n truye\u0302\u0300n"
    assert inputs.clean_text(decomposed, label="x", max_length=50) == "Tuyên truyền"


def test_years_outside_1990_2100_are_refused() -> None:
    with pytest.raises(inputs.InputError, match="năm 9999"):
        inputs.check_date(dt.date(9999, 12, 31), label="Đến ngày")
    assert inputs.check_date(dt.date(2025, 12, 31), label="Đến ngày") == dt.date(2025, 12, 31)


def test_json_nested_50000_deep_is_refused_quickly_and_strings_are_cleaned() -> None:
    started = time.perf_counter()
    with pytest.raises(inputs.InputError, match="lồng nhau quá sâu"):
        inputs.load_json("[" * 50_000 + "]" * 50_000)
    with pytest.raises(inputs.InputError, match="lồng nhau quá sâu"):
        inputs.load_json("[" * 40 + "]" * 40)
    assert time.perf_counter() - started < 1
    with pytest.raises(inputs.InputError):
        inputs.load_json('{"title": "a\\u0000b"}')
    with pytest.raises(inputs.InputError):
        inputs.load_json('{"title": "\\ud800"}')
    with pytest.raises(inputs.InputError, match="không phải JSON hợp lệ"):
        inputs.load_json(b"{oops")
    assert inputs.load_json('{"title": "K\\u1ebf ho\\u1ea1ch\\u200b"}') == {"title": "Kế hoạch"}
