"""One way to show a long list: search, sort and paging read from the query string, bounded, server-side.

A view (or selector) builds a `Listing` from `request.GET` with the sorts it offers, narrows its queryset or list
with `search()`, orders it with `order()` and shows `page()`. The templates `core/_list_search.html`,
`core/_pager.html` and the `{% sort_header %}` tag (`listing` template library) render the controls as plain
links and GET forms, which HTMX enhances (the list is swapped in place) and which work without JavaScript.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import reduce
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet

from cchc.core.text import fold, normalize

PER_PAGE = 50
MAX_QUERY = 200  # characters of a search; more is cut
MAX_PAGE = 100_000

T = TypeVar("T")


@dataclass(frozen=True)
class Sort:
    """A way to order a list: database fields for a queryset, a key for a Python list (either or both)."""

    label: str
    fields: tuple[str, ...] = ()
    key: Callable[[Any], Any] | None = None


def _page_number(value: str | None) -> int:
    text = (value or "").strip()
    if not text.isdigit() or len(text) > 6:
        return 1
    return min(max(int(text), 1), MAX_PAGE)


@dataclass
class Listing:
    """What the person asked of a list: search text, sort, direction, page; and the other query parameters."""

    q: str
    sort: str
    descending: bool
    page_number: int
    sorts: Mapping[str, Sort]
    params: dict[str, str]  # every other parameter of the query string (filters), kept across links

    @classmethod
    def from_request(
        cls,
        data: Mapping[str, Any],
        sorts: Mapping[str, Sort],
        default: str,
        *,
        descending: bool = False,
        keep: Sequence[str] = (),
    ) -> Listing:
        """Read `q`, `sap_xep`, `giam` and `trang`; an unknown sort falls back to `default`. `keep`: the filter
        parameters the page uses, carried into sort and page links."""
        sort = str(data.get("sap_xep") or "")
        raw_desc = str(data.get("giam") or "")
        return cls(
            q=" ".join(str(data.get("q") or "").split())[:MAX_QUERY],
            sort=sort if sort in sorts else default,
            descending=(raw_desc == "1") if raw_desc in ("0", "1") else descending,
            page_number=_page_number(str(data.get("trang") or "")),
            sorts=sorts,
            params={name: str(data.get(name))[:MAX_QUERY] for name in keep if data.get(name)},
        )

    # --- narrowing and ordering ------------------------------------------------------------------------------------

    def search(self, items: Any, fields: Sequence[str]) -> Any:
        """Items where the search text occurs as typed (a phrase) in one of `fields`, case ignored. A queryset asks
        the database; a list compares in Python, where text typed without diacritics also finds text with them
        ("phong tu phap" finds "Phòng Tư pháp") while text typed with them must match them."""
        phrase = self.q
        if not phrase:
            return items
        if isinstance(items, QuerySet):
            return items.filter(reduce(operator.or_, (Q(**{f"{f}__icontains": phrase}) for f in fields)))
        plain = fold(phrase) == phrase.lower()
        wanted = fold(phrase) if plain else normalize(phrase).lower()

        def text(item: Any) -> str:
            joined = " ".join(str(_dotted(item, f) or "") for f in fields)
            return fold(joined) if plain else normalize(joined).lower()

        return [item for item in items if wanted in text(item)]

    def order(self, items: Any) -> Any:
        sort = self.sorts[self.sort]
        if isinstance(items, QuerySet):
            fields = sort.fields or ("pk",)
            sign = "-" if self.descending else ""
            return items.order_by(*(f"{sign}{f}" for f in fields), f"{sign}pk")
        key = sort.key or (lambda item: tuple(_dotted(item, f) for f in sort.fields))
        return sorted(items, key=lambda item: _sortable(key(item)), reverse=self.descending)

    def page(self, items: Any, per_page: int = PER_PAGE) -> Page[Any]:
        return Paginator(items, per_page).get_page(self.page_number)

    # --- links ---------------------------------------------------------------------------------------------------

    def query(self, **changes: Any) -> str:
        """The query string of this list with some parameters changed ('' or None drops one)."""
        values: dict[str, Any] = {
            **self.params,
            "q": self.q,
            "sap_xep": self.sort,
            "giam": "1" if self.descending else "",
        }
        values.update(changes)
        return "?" + urlencode({k: v for k, v in values.items() if v not in ("", None)})

    def sort_query(self, name: str) -> str:
        """The link that sorts by `name` (again: in the other direction), back on the first page."""
        descending = not self.descending if name == self.sort else False
        return self.query(sap_xep=name, giam="1" if descending else "0", trang=None)

    def page_query(self, number: int) -> str:
        return self.query(trang=number)


def _dotted(item: Any, path: str) -> Any:
    value = item
    for part in path.split("."):
        value = value.get(part) if isinstance(value, Mapping) else getattr(value, part, None)
        if value is None:
            return None
    return value


def _sortable(value: Any) -> Any:
    """None sorts last; text sorts by its folded form (Vietnamese letters in alphabet order, case ignored)."""
    if isinstance(value, tuple):
        return tuple(_sortable(v) for v in value)
    if value is None:
        return (1, "")
    if isinstance(value, str):
        return (0, fold(value))
    return (0, value)
