"""Dates as Vietnamese documents write them, validated with Vietnamese messages."""

from __future__ import annotations

import datetime as dt
import re

_DMY = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


class DateError(ValueError):
    """A date that does not exist or cannot be read; the message is Vietnamese."""


def parse_date(value: str | None) -> dt.date | None:
    """Read '31/12/2025' or '2025-12-31'; blank is None; an impossible date raises DateError."""
    if value is None or not str(value).strip():
        return None
    text = str(value)
    if m := _ISO.match(text):
        year, month, day = (int(g) for g in m.groups())
    elif m := _DMY.match(text):
        day, month, year = (int(g) for g in m.groups())
    else:
        raise DateError(f"Ngày «{text.strip()}» không đúng định dạng (dd/mm/yyyy hoặc yyyy-mm-dd).")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateError(f"Ngày «{text.strip()}» không tồn tại.") from None


def format_vn(value: dt.date | None) -> str:
    """dd/mm/yyyy, the way documents print dates; empty for None."""
    return value.strftime("%d/%m/%Y") if value else ""
