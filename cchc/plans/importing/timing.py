"""When things happen, as the importer meets it: timing cells and dates resolved against the plan year (timing
phrases are classified by the one calendar, `cchc.core.calendar`)."""

from __future__ import annotations

import datetime as dt
import re

from cchc.core.text import fold

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
