"""The unit directory as people pick from it: every body under a unit's People's Committee, labelled so that two
offices of the same name (each district's «Phòng Tư pháp») can be told apart. Cached: public forms show it to
every visitor."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.core.cache import cache
from django.db.models import QuerySet

from cchc.units.models import Unit

MAX_CHOICES = 5000
CACHE_SECONDS = 300


def under_committee(unit: Unit, on: dt.date) -> QuerySet[Unit]:
    """The bodies valid on a day under the People's Committee at or above `unit` (itself included)."""
    root = unit.territorial_root()
    return Unit.objects.valid_on(on).filter(path__startswith=root.path)


def labelled_choices(units: QuerySet[Unit], cache_key: str) -> list[tuple[int, str]]:
    """(id, label) by name; a name shared by several bodies gets its parent's name in brackets."""
    found = cache.get(cache_key)
    if found is None:
        rows = list(units.select_related("parent").only("pk", "name", "parent__name").order_by("name")[:MAX_CHOICES])
        names = Counter(u.name for u in rows)
        found = [(u.pk, f"{u.name} ({u.parent.name})" if names[u.name] > 1 and u.parent else u.name) for u in rows]
        cache.set(cache_key, found, CACHE_SECONDS)
    return list(found)
