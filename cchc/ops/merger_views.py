"""The 2025 merger page: the dry run with the decisions still needed, and the button that moves everything."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render

from cchc.accounts.types import AuthenticatedRequest
from cchc.core.steps import tell
from cchc.ops.access import require_merger
from cchc.ops.services import MOVED_LABELS, MergerError, apply_merger, plan_merger


def _decisions(data: dict[str, str]) -> dict[int, int]:
    """decide_<old id> = <new id> fields of the form; anything else is ignored."""
    decisions: dict[int, int] = {}
    for name, value in data.items():
        old = name.removeprefix("decide_")
        if old != name and old.isdigit() and value.isdigit():
            decisions[int(old)] = int(value)
    return decisions


@login_required
def merger(request: AuthenticatedRequest) -> HttpResponse:
    require_merger(request.user)
    source = request.POST if request.method == "POST" else request.GET
    decisions = _decisions(source.dict())
    if request.method == "POST":
        tell(
            request,
            lambda: apply_merger(request.user, decisions),
            lambda moved: f"Đã chuyển công việc của {len(moved)} đơn vị sang đơn vị kế thừa.",
            MergerError,
        )
        return redirect("merger:page")
    try:
        moves = plan_merger(decisions)
    except Exception:
        moves = plan_merger()
    return render(
        request,
        "ops/merger.html",
        {
            "pending": [m for m in moves if m.needs_decision],
            "ready": [m for m in moves if not m.needs_decision],
            "labels": MOVED_LABELS,
        },
    )
