"""Vietnamese text utilities: normalisation and diacritic folding."""

from __future__ import annotations

import decimal
import math
import re
import unicodedata

_SPACES = re.compile(r"\s+")
# Zero-width characters, bidirectional controls, BOM, soft hyphen, invisible operators and tag characters
# (Unicode category Cf): invisible in every font, so they only ever hide text or spoof its direction.
INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\U000e0000-\U000e007f]"
)


def normalize(text: str) -> str:
    """NFC, single spaces, stripped."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def fold(text: str) -> str:
    """Lower case with every diacritic removed, đ→d: the key for accent-insensitive matching."""
    decomposed = unicodedata.normalize("NFD", INVISIBLE.sub("", text).lower())
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", stripped.replace("đ", "d")).strip()


def key(text: str) -> str:
    """A matching key: folded, punctuation reduced to spaces."""
    return _SPACES.sub(" ", re.sub(r"[^\w]+", " ", fold(text))).strip()


def vn_number(value: float | decimal.Decimal | None, decimals: int = 2) -> str:
    """A number the Vietnamese way: 12345678 → '12.345.678', 1234.5 → '1.234,5' (at most `decimals` decimals,
    trailing zeros dropped); None, NaN and infinities are ''. Pages, charts and documents all print with it."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return ""
    if isinstance(value, decimal.Decimal) and not value.is_finite():
        return ""
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    text = f"{value:,.{decimals}f}".rstrip("0").rstrip(".")
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
