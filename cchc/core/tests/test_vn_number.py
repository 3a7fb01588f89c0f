"""Numbers the Vietnamese way on pages and in documents: 1.234,5."""

from __future__ import annotations

import decimal

from django.template import Context, Template

from cchc.core.text import vn_number


def test_thousands_with_dots_and_decimals_with_a_comma() -> None:
    assert vn_number(1234567) == "1.234.567"
    assert vn_number(1234.5) == "1.234,5"
    assert vn_number(decimal.Decimal("87.50")) == "87,5"
    assert vn_number(0.25) == "0,25"
    assert vn_number(None) == "" and vn_number(float("nan")) == "" and vn_number(decimal.Decimal("Infinity")) == ""


def test_the_template_filter_formats_numbers_and_leaves_text_alone() -> None:
    template = Template("{% load vn %}{{ a|vn_number }}|{{ b|vn_number:1 }}|{{ c|vn_number }}|{{ d|vn_number }}")
    assert template.render(Context({"a": 12500, "b": 66.67, "c": "không rõ", "d": None})) == "12.500|66,7|không rõ|"
