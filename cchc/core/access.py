"""What every app's `access.py` shares: the one object a user may see, or a Vietnamese 404.

An access function narrows a queryset to what the user may read and then takes the object by id (or code, or
token); whether the object does not exist or the user may not see it, the answer is the same 404, so a guessed id
tells nothing."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404

M = TypeVar("M", bound=Model)


def first_or_404(found: QuerySet[M], missing: str) -> M:
    """The first object of `found` (already narrowed to what the user may see), else 404 saying `missing`."""
    obj = found.first()
    if obj is None:
        raise Http404(missing)
    return obj
