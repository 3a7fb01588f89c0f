"""Who may run the operator's data operations (the 2025 merger)."""

from __future__ import annotations

from typing import Any

from django.http import Http404


def can_run_merger(user: Any) -> bool:
    """Moving every unit's work at once is the system administrator's alone."""
    return bool(getattr(user, "is_authenticated", False)) and user.is_admin


def require_merger(user: Any) -> None:
    if not can_run_merger(user):
        raise Http404("Không tìm thấy trang.")
