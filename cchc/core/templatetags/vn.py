"""Template filters for Vietnamese display."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from django import template

from cchc.core import calendar, history, text
from cchc.core.dates import DateError, format_vn, parse_date

register = template.Library()


@register.filter
def vn_date(value: object) -> str:
    """dd/mm/yyyy from a date or an ISO string; other text is shown as it is."""
    if isinstance(value, dt.date):
        return format_vn(value)
    if isinstance(value, str):
        try:
            return format_vn(parse_date(value))
        except DateError:
            return value
    return ""


@register.filter
def vn_number(value: object, decimals: int = 1) -> str:
    """1.234,5: Vietnamese separators; text that is not a number is shown as it is, None as ''."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | decimal.Decimal):
        return text.vn_number(value, int(decimals))
    try:
        return text.vn_number(decimal.Decimal(str(value)), int(decimals))
    except (decimal.InvalidOperation, ValueError):
        return str(value)


@register.filter
def action_label(entry: Any) -> str:
    """An audit entry's action in Vietnamese ("plans.plan.updated" → "Sửa kế hoạch")."""
    return history.action_label(entry.action, entry.object_type)


@register.filter
def changes(entry: object) -> list[history.Change]:
    """What an audit entry changed, each field and value in Vietnamese."""
    return history.change_rows(entry)


@register.filter
def frequency(value: object) -> str:
    """A reporting frequency (or a list of them) in Vietnamese: ['quarterly', 'annual'] → "Hằng quý, Hằng năm"."""
    values = value if isinstance(value, list | tuple) else [value] if value else []
    return ", ".join(calendar.FREQUENCY_LABELS.get(str(v), str(v)) for v in values)
