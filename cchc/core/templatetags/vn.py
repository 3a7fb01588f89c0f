"""Template filters for Vietnamese display."""

from __future__ import annotations

import datetime as dt

from django import template

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
