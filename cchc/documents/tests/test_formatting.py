"""Vietnamese document wording: number and date lines, blanks, numbers and clean text."""

from __future__ import annotations

import datetime as dt

import pytest

from cchc.documents import formatting as fmt
from cchc.documents.spec import DocumentHeader


def _header(number: str | None = None, date: dt.date | None = None, year: int | None = None) -> DocumentHeader:
    return DocumentHeader(
        issuing_body="ỦY BAN NHÂN DÂN\nTỈNH TUYÊN QUANG",
        symbol="KH-UBND",
        place="Tuyên Quang",
        issuer_name="UBND tỉnh Tuyên Quang",
        number=number,
        date=date,
        year=year,
    )


def test_numbers_below_ten_get_a_leading_zero() -> None:
    assert fmt.number_line(_header("5")) == "Số: 05/KH-UBND"
    assert fmt.number_line(_header("187")) == "Số: 187/KH-UBND"


def test_a_blank_number_prints_as_drafts_do() -> None:
    assert fmt.number_line(_header(None)) == "Số:      /KH-UBND"
    assert fmt.number_line(_header("None")) == "Số:      /KH-UBND"


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (dt.date(2025, 1, 5), "Tuyên Quang, ngày 05 tháng 01 năm 2025"),
        (dt.date(2025, 2, 28), "Tuyên Quang, ngày 28 tháng 02 năm 2025"),
        (dt.date(2025, 7, 14), "Tuyên Quang, ngày 14 tháng 7 năm 2025"),
        (dt.date(2024, 12, 9), "Tuyên Quang, ngày 09 tháng 12 năm 2024"),
    ],
)
def test_the_date_line_pads_days_below_ten_and_months_one_and_two(date: dt.date, expected: str) -> None:
    assert fmt.place_date_line(_header(date=date)) == expected


def test_a_blank_date_keeps_the_year_and_leaves_room_for_day_and_month() -> None:
    assert fmt.place_date_line(_header(year=2025)) == "Tuyên Quang, ngày    tháng    năm 2025"


def test_the_attachment_note_names_the_document_and_its_issuer() -> None:
    note = fmt.attachment_note("KẾ HOẠCH", _header("5", dt.date(2025, 7, 14)))
    assert note == "(Kèm theo Kế hoạch số 05/KH-UBND ngày 14 tháng 7 năm 2025 của UBND tỉnh Tuyên Quang)"


def test_clean_drops_missing_values_and_never_prints_none_or_nan() -> None:
    assert fmt.clean(None) == ""
    assert fmt.clean(float("nan")) == ""
    assert fmt.clean(" nan ") == ""
    assert fmt.clean("None") == ""
    assert fmt.clean("  Sở   Nội vụ ") == "Sở Nội vụ"


def test_numbers_use_the_vietnamese_separators() -> None:
    assert fmt.number_text(1234567) == "1.234.567"
    assert fmt.number_text(12.5) == "12,5"
    assert fmt.number_text(1234.25) == "1.234,25"
    assert fmt.number_text(float("nan")) == ""


def test_roman_numerals_number_sections_and_appendices() -> None:
    assert [fmt.roman(n) for n in (1, 4, 9, 14, 40)] == ["I", "IV", "IX", "XIV", "XL"]
    with pytest.raises(ValueError, match="lớn hơn 0"):
        fmt.roman(0)


def test_listed_lines_end_with_semicolons_and_a_final_full_stop() -> None:
    assert fmt.listed(["Bộ Nội vụ;", "", "Lưu: VT, NCPC."]) == ["Bộ Nội vụ;", "Lưu: VT, NCPC."]
