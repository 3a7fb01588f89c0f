"""Vietnamese administrative wording: number and date lines, blanks, Roman numerals, clean text for documents."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata

from cchc.core.text import vn_number
from cchc.documents.spec import CellValue, DocumentHeader, Percent

BLANK_NUMBER = " " * 5
"""What stands for a number not yet given ("Số:      /KH-UBND"), as printed drafts do."""
BLANK_DAY = " " * 4
"""What stands for a day or month not yet given ("ngày    tháng    năm 2025")."""

_NOTHING = {"", "none", "nan", "null", "n/a"}
_SPACES = re.compile(r"[ \t\r\f\v]+")


def clean(value: object) -> str:
    """Text fit to print: NFC, single spaces; None, NaN and the words "None"/"nan"/"null" become ""."""
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    text = _SPACES.sub(" ", unicodedata.normalize("NFC", str(value))).strip()
    return "" if text.lower() in _NOTHING else text


def number_text(value: float | None, decimals: int = 2) -> str:
    """A number as Vietnamese documents print it: "1.234" and "12,5"; NaN and None are ""."""
    return vn_number(value, decimals)


def percent_text(ratio: float) -> str:
    """A share as documents print it: 0.875 → "87,5%"."""
    return f"{number_text(round(100 * ratio, 1))}%"


def cell_lines(value: CellValue) -> list[str]:
    """A table cell as printed lines: text, a Vietnamese number, a percentage, or several lines."""
    if isinstance(value, str) or value is None:
        return [clean(value)]
    if isinstance(value, int | float):
        return [number_text(value)]
    if isinstance(value, Percent):
        return [percent_text(value.ratio)]
    return [clean(line) for line in value if clean(line)] or [""]


def appendix_label(number: int, count: int) -> str:
    """ "Phụ lục" for a lone appendix, else "Phụ lục I", "Phụ lục II" …"""
    return "Phụ lục" if count == 1 else f"Phụ lục {roman(number)}"


_NUMBER_WITH_SYMBOL = re.compile(r"^(?:số\s*:?\s*)?(\d+[a-zđ]?)\s*/\s*(\S.*)$", re.IGNORECASE)


def split_number(number: str | None) -> tuple[str, str | None]:
    """A registry number as typed: "45" → ("45", None); "45/BC-STP" → ("45", "BC-STP") — the symbol the clerk
    wrote is the body's registered one and is printed instead of the default, never after it."""
    text = clean(number)
    m = _NUMBER_WITH_SYMBOL.match(text)
    return (m.group(1), clean(m.group(2))) if m else (text, None)


def pad_number(number: str | None) -> str:
    """The registry number with a leading zero below 10 ("5" → "05"); blank when missing."""
    text = clean(number)
    if not text:
        return BLANK_NUMBER
    return text.zfill(2) if text.isdigit() else text


def number_line(header: DocumentHeader) -> str:
    """ "Số: 05/KH-UBND", or "Số:      /KH-UBND" when the number is still blank."""
    return f"Số: {reference_number(header)}"


def reference_number(header: DocumentHeader) -> str:
    """ "05/KH-UBND" (or "      /KH-UBND"), the number and symbol as other documents cite them."""
    number, typed_symbol = split_number(header.number)
    return f"{pad_number(number)}/{typed_symbol or clean(header.symbol)}"


def day_month_year(date: dt.date | None, year: int | None = None) -> str:
    """ "ngày 05 tháng 01 năm 2025" (leading 0 for days below 10 and months 1–2), blanks when the date is missing."""
    if date is None:
        shown_year = str(year) if year else BLANK_DAY
        return f"ngày{BLANK_DAY}tháng{BLANK_DAY}năm {shown_year}"
    month = f"{date.month:02d}" if date.month <= 2 else str(date.month)
    return f"ngày {date.day:02d} tháng {month} năm {date.year}"


_WRITTEN_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")


def header_date(header: DocumentHeader) -> str:
    """The header's date as the source wrote it when its words read as that date; else as Nghị định 30/2020/NĐ-CP
    prescribes (day_month_year)."""
    written = _WRITTEN_DATE.fullmatch(clean(header.date_text))
    if (
        written
        and header.date
        and tuple(map(int, written.groups()))
        == (
            header.date.day,
            header.date.month,
            header.date.year,
        )
    ):
        return written.group()
    return day_month_year(header.date, header.year or (header.date.year if header.date else None))


def place_date_line(header: DocumentHeader) -> str:
    """ "Bắc Kạn, ngày 05 tháng 01 năm 2025" as Nghị định 30/2020/NĐ-CP prescribes (or as the source wrote it)."""
    return f"{clean(header.place)}, {header_date(header)}"


def attachment_note(kind: str, header: DocumentHeader) -> str:
    """ "(Kèm theo Kế hoạch số 05/KH-UBND ngày 14 tháng 7 năm 2025 của UBND tỉnh Tuyên Quang)"."""
    kind_text = clean(kind).lower().capitalize()
    return f"(Kèm theo {kind_text} số {reference_number(header)} {header_date(header)} của {clean(header.issuer_name)})"


def roman(number: int) -> str:
    """Roman numerals for section and appendix numbers (1 → "I", 14 → "XIV")."""
    if number <= 0:
        raise ValueError("Số La Mã phải lớn hơn 0.")
    numerals = (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    )
    out = []
    for value, letters in numerals:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


def with_end(text: str, end: str) -> str:
    """The text with its trailing punctuation replaced by ``end`` (";" or ".")."""
    return clean(text).rstrip(" ;.,:") + end


def listed(items: list[str]) -> list[str]:
    """Lines of a list ending ";" and the last one ".", empty items dropped."""
    kept = [clean(item) for item in items if clean(item)]
    return [with_end(item, "." if i == len(kept) - 1 else ";") for i, item in enumerate(kept)]
