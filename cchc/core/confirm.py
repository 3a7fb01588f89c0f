"""The confirmation step before a submit that cannot be undone (GOV.UK "check your answers"): the first POST
shows what is about to happen and posts the same fields again with the confirmation; works without JavaScript."""

from __future__ import annotations

from collections.abc import Sequence

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

CONFIRM_FIELD = "xac_nhan"


def confirmation(
    request: HttpRequest,
    *,
    title: str,
    lines: Sequence[str],
    action_label: str,
    back_url: str,
    public: bool = False,
) -> HttpResponse | None:
    """None when the POST carries the confirmation (go ahead); else the page asking for it, which carries every
    posted field (nothing typed is lost) and links back without submitting."""
    if request.POST.get(CONFIRM_FIELD) == "1":
        return None
    carried = [
        (name, value)
        for name in request.POST
        if name not in ("csrfmiddlewaretoken", CONFIRM_FIELD)
        for value in request.POST.getlist(name)
    ]
    context = {
        "title": title,
        "lines": lines,
        "action_label": action_label,
        "back_url": back_url,
        "carried": carried,
        "confirm_field": CONFIRM_FIELD,
        "base": "base_public.html" if public else "base_staff.html",
    }
    return render(request, "core/confirm.html", context)
