"""Who may run the operator's data operations (the 2025 merger)."""

from __future__ import annotations

from django.http import Http404

from cchc.accounts.types import Viewer, signed_in


def can_run_merger(user: Viewer) -> bool:
    """Moving every unit's work at once is the system administrator's alone."""
    return signed_in(user) and user.is_admin


def require_merger(user: Viewer) -> None:
    if not can_run_merger(user):
        raise Http404("Không tìm thấy trang.")
