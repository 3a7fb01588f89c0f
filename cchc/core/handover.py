"""A text handed from one app's page to the publishing app's new-piece form, by its address only (sibling apps do not
import each other): the genre, a title, the text and the link its QR code opens. `publishing.drafting.prefill`
reads the same keys back."""

from __future__ import annotations

from urllib.parse import urlencode

GENRE, TITLE, BODY, LINK = "the-loai", "tieu-de", "noi-dung", "duong-dan"


def piece_query(genre: str, title: str, body: str, link: str) -> str:
    """The query string of `/xuat-ban/bai/moi/` that opens the form pre-filled with this piece."""
    return urlencode({GENRE: genre, TITLE: title[:300], BODY: body[:3000], LINK: link[:500]})
