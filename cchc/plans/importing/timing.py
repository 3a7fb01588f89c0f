"""When things happen: timing kinds, quarters, frequencies and dates resolved against the plan year."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from cchc.core.text import fold

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_QUARTER = re.compile(r"\bquy\s+(iv|iii|ii|i|[1-4])\b")
_TIMING_VOCABULARY = (
    "thuong xuyen lien tuc ca nam trong hang ngay tuan thang quy dinh ky theo hoac va den tu truoc sau lan moi mot "
    "dau cuoi giua khi co yeu cau can cu vao tinh hinh thuc te dot xuat phu hop bo tri thoi gian i ii iii iv"
)
_TIMING_WORDS = frozenset(_TIMING_VOCABULARY.split())


def is_timing_text(text: str) -> bool:
    """True when every word of a short text is timing vocabulary ('Thường xuyên', 'Quý II đến Quý IV')."""
    words = re.findall(r"[a-z0-9]+", fold(text))
    if not words or len(words) > 12:
        return False
    return all(w in _TIMING_WORDS or w.isdigit() for w in words)


def quarters_in(text: str) -> list[int]:
    key = fold(text)
    found = [_ROMAN.get(q, 0) or int(q) for q in _QUARTER.findall(key)]
    if len(found) == 2 and re.search(r"quy\s+\w+\s*(den|-|–|toi)\s*(het\s+)?quy", key):
        return list(range(min(found), max(found) + 1))
    return sorted(set(found))


_PER = {"tuan": "weekly", "thang": "monthly", "quy": "quarterly", "nam": "annual"}


def _times_per(key: str) -> str | None:
    """'2 lần/tháng', '01 lần mỗi quý', '6 tháng một lần' → the period the count is taken over."""
    if re.search(r"\b(6|sau) thang (mot|01|1) lan\b", key):
        return "semiannual"
    m = re.search(r"\blan\s*(?:/|moi|trong|mot)\s*(tuan|thang|quy|nam)\b", key) or re.search(
        r"\b(tuan|thang|quy|nam) (?:mot|01|1) lan\b", key
    )
    return _PER[m.group(1)] if m else None


def frequency_in(text: str) -> str | None:
    key = fold(text)
    if per := _times_per(key):
        return per
    monthly = re.search(r"\b(hang|moi|theo) thang\b", key)
    quarterly = re.search(r"\b(hang|moi|theo) quy\b|\bhoac quy\b", key)
    if re.search(r"\b(hang|moi|theo) tuan\b", key):
        return "weekly"
    if monthly and quarterly:
        return "monthly_or_quarterly"
    if monthly:
        return "monthly"
    if quarterly:
        return "quarterly"
    if re.search(r"\b(6|sau) thang\b", key) and "dinh ky" in key:
        return "semiannual"
    if re.search(r"\b(hang|moi) nam\b", key):
        return "annual"
    if "dinh ky" in key:
        return "periodic"
    return None


def classify(text: str) -> dict[str, Any]:
    """The timing object of SCHEMA.md for a 'Thời gian thực hiện' text."""
    key = fold(text)
    timing: dict[str, Any] = {"text": text, "kind": None, "quarters": [], "frequency": None}
    quarters = quarters_in(text)
    if not key:
        return timing
    if quarters:
        timing.update(kind="quarters", quarters=quarters)
    elif re.search(r"thuong xuyen|lien tuc|ca nam|hang ngay|suot", key):
        timing["kind"] = "ongoing"
    elif (freq := frequency_in(text)) is not None:
        timing.update(kind="recurring", frequency=freq)
    elif re.search(r"can cu|khi co|dot xuat|theo yeu cau|phu hop|tinh hinh thuc te|khi can", key):
        timing["kind"] = "as_needed"
    elif re.search(r"\d{1,2}/\d{1,2}|\bngay\b|\bthang\s+\d", key):
        timing["kind"] = "dates"
    elif re.search(r"trong nam|nam \d{4}", key):
        timing["kind"] = "ongoing"
    return timing


_DMY = re.compile(r"(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*(\d{4}))?")
_WORDS_DATE = re.compile(r"ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})(?:\s+nam\s+(\d{4}))?")


def resolve_date(text: str, year: int | None) -> str | None:
    """The first date in the text as ISO, the plan year filling a missing year ('trước ngày 10/6' → 2025-06-10)."""
    key = fold(text)
    for pattern in (_DMY, _WORDS_DATE):
        for m in pattern.finditer(key):
            day, month = int(m.group(1)), int(m.group(2))
            y = int(m.group(3)) if m.group(3) else year
            if y is None:
                continue
            try:
                return dt.date(y, month, day).isoformat()
            except ValueError:
                continue
    return None
