"""Filters of the questionnaire template: a posted answer back into its field, an option's label."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def answer(data: Any, question_id: Any) -> str:
    """The text typed for a question (when the form comes back with an error)."""
    return str(data.get(f"q{question_id}", "") if hasattr(data, "get") else "")


@register.filter
def chosen(data: Any, question_id: Any) -> list[str]:
    """The options chosen for a question."""
    if hasattr(data, "getlist"):
        return [str(v) for v in data.getlist(f"q{question_id}")]
    return []


@register.filter
def contains(values: list[str], value: Any) -> bool:
    return str(value) in values


@register.filter
def lookup(mapping: dict[str, Any], key: Any) -> Any:
    return mapping.get(str(key), "")
