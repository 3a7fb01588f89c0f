"""The one list helper: search, sort and paging from the query string, bounded, for querysets and Python lists."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import QueryDict

from cchc.core.listing import MAX_QUERY, Listing, Sort

SORTS = {"ten": Sort("Tên", fields=("name",)), "so": Sort("Số", key=lambda r: r.number)}


@dataclass
class Row:
    name: str
    number: int | None


ROWS = [Row("Ủy ban xã An Bình", 3), Row("sở tư pháp", None), Row("Sở Nội vụ", 1), Row("Đài truyền thanh", 2)]


def _listing(query: str, **kwargs: Any) -> Listing:
    return Listing.from_request(QueryDict(query), SORTS, "ten", **kwargs)


def test_search_ignores_case_and_accents_and_sorts_vietnamese_names_in_alphabet_order() -> None:
    listing = _listing("q=SO")
    found = listing.order(listing.search(ROWS, ["name"]))
    assert [r.name for r in found] == ["Sở Nội vụ", "sở tư pháp"]
    assert [r.name for r in _listing("").order(ROWS)] == [
        "Đài truyền thanh",
        "Sở Nội vụ",
        "sở tư pháp",
        "Ủy ban xã An Bình",
    ]


def test_sorting_by_a_key_puts_missing_values_last_and_reverses_on_request() -> None:
    assert [r.number for r in _listing("sap_xep=so").order(ROWS)] == [1, 2, 3, None]
    assert [r.number for r in _listing("sap_xep=so&giam=1").order(ROWS)][:3] == [None, 3, 2]


def test_absurd_parameters_fall_back_to_safe_values() -> None:
    listing = _listing("sap_xep=__class__&giam=2&trang=999999999999999&q=" + "x" * 5000)
    assert listing.sort == "ten" and not listing.descending
    assert listing.page_number == 1 and len(listing.q) == MAX_QUERY
    page = _listing("trang=40").page(ROWS, per_page=2)
    assert page.number == 2  # past the end: the last page


def test_links_keep_the_filters_and_flip_the_direction_of_the_current_sort() -> None:
    listing = _listing("q=sở&nam=2025&evil=1", keep=("nam",))
    assert "nam=2025" in listing.query() and "evil" not in listing.query()
    assert "giam=1" in listing.sort_query("ten") and "giam=0" in listing.sort_query("so")
    assert "trang=3" in listing.page_query(3)


def test_a_search_is_a_phrase_and_diacritics_typed_must_match() -> None:
    rows = [Row("Phòng Tư pháp", 1), Row("Phòng Tài chính", 2), Row("Sở Tư pháp", 3), Row("Tuyên truyền pháp luật", 4)]
    assert [r.number for r in _listing("q=phong tu phap").search(rows, ["name"])] == [1]
    assert [r.number for r in _listing("q=Tư pháp").search(rows, ["name"])] == [1, 3]
    assert [r.number for r in _listing("q=tu phap").search(rows, ["name"])] == [1, 3]
