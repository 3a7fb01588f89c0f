"""Vietnamese text utilities: normalisation and diacritic folding."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    """NFC, single spaces, stripped."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def fold(text: str) -> str:
    """Lower case with every diacritic removed, đ→d: the key for accent-insensitive matching."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", stripped.replace("đ", "d")).strip()


def key(text: str) -> str:
    """A matching key: folded, punctuation reduced to spaces."""
    return _SPACES.sub(" ", re.sub(r"[^\w]+", " ", fold(text))).strip()
