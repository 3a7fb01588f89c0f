"""The unit directory as a tree."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from cchc.accounts.types import AuthenticatedRequest
from cchc.core.text import fold
from cchc.units.access import get_unit_for_user, readable_units
from cchc.units.models import Unit


@login_required
def tree(request: AuthenticatedRequest) -> HttpResponse:
    """Top-level units, or the children of ?unit=, searchable by name (accent-insensitive)."""
    units = readable_units(request.user)
    query = request.GET.get("q", "").strip()
    parent: Unit | None = None
    if query:
        folded = fold(query)
        nodes = [u for u in units.filter(match_key__contains=folded.split()[0]) if folded in fold(u.name)][:200]
    else:
        parent_id = request.GET.get("unit")
        parent = get_unit_for_user(request.user, int(parent_id)) if parent_id and parent_id.isdigit() else None
        nodes = list(units.filter(parent=parent).order_by("kind", "name"))
    child_counts = {u.pk: 0 for u in nodes}
    for pid in units.filter(parent__in=nodes).values_list("parent_id", flat=True):
        child_counts[pid] += 1
    return render(
        request,
        "units/tree.html",
        {
            "nodes": [(u, child_counts[u.pk]) for u in nodes],
            "parent": parent,
            "ancestors": parent.ancestors() if parent else [],
            "query": query,
        },
    )
