"""Template tags for lists built with `cchc.core.listing`: sortable column headers and page links."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from cchc.core.listing import Listing

register = template.Library()


@register.simple_tag
def sort_header(listing: Listing, name: str) -> str:
    """A column header's link that sorts the list by `name` (the Sort's label), with aria-sort on the sorted one."""
    sort = listing.sorts[name]
    if name != listing.sort:
        return format_html('<a href="{}" class="sort">{}</a>', listing.sort_query(name), sort.label)
    arrow, state = ("▼", "giảm dần") if listing.descending else ("▲", "tăng dần")
    return format_html(
        '<a href="{}" class="sort sorted" aria-label="{} (đang sắp xếp {}; bấm để đảo chiều)">'
        '{} <span aria-hidden="true">{}</span></a>',
        listing.sort_query(name),
        sort.label,
        state,
        sort.label,
        arrow,
    )


@register.simple_tag
def aria_sort(listing: Listing, name: str) -> str:
    if name != listing.sort:
        return "none"
    return "descending" if listing.descending else "ascending"
