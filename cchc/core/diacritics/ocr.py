"""Repair of OCR misreadings of Vietnamese letters (Tesseract without the Vietnamese model: của→ctia, số→s6)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

# Misreadings seen in OCR of Vietnamese with a Latin-only model, as (read, meant) on folded lower-case text:
# marked vowels read as digits or other letters (số→s6, lãnh→1anh, xã→x4, nước→nuéc/nudc, chức→chirc,
# đứng→dimg, của→ctia/ciia/cta/caa, chương→chwong, tượng→tuqng/twgng, thực→thyc, tốt→tbt, thức→thic/thure).
CONFUSIONS = (
    ("6", "o"),
    ("0", "o"),
    ("1", "l"),
    ("4", "a"),
    ("ir", "u"),
    ("im", "un"),
    ("ti", "u"),
    ("ii", "u"),
    ("w", "u"),
    ("e", "o"),
    ("d", "o"),
    ("a", "u"),
    ("t", "u"),
    ("q", "o"),
    ("y", "u"),
    ("b", "o"),
    ("i", "u"),
    ("e", "c"),
    ("re", "c"),
    ("g", "o"),
)
# Đ read as P at the start of a word (Đẩy→Pay, ĐỐI→POI): Vietnamese words do not start with p + vowel.
_P_FOR_D = re.compile(r"p(?=[aeiouy])")
# Symbols read in place of a marked e (kết→k@t, hiệu→hi€u, hệ→h¢).
_SYMBOL_FOR_E = re.compile(r"(?<=[^\W\d_])[¢€]|(?<=\b[^\W\d_])@(?=[^\W\d_]{1,3}\b)")


def clean_symbols(text: str) -> str:
    """Replace the symbols OCR reads for a marked e inside words by e."""
    return _SYMBOL_FOR_E.sub("e", text)


def _single(word: str) -> Iterator[str]:
    for read, meant in CONFUSIONS:
        start = word.find(read)
        while start >= 0:
            yield word[:start] + meant + word[start + len(read) :]
            start = word.find(read, start + 1)
    if _P_FOR_D.match(word):
        yield "d" + word[1:]


def repairs(word: str, known: Callable[[str], bool], depth: int = 2) -> dict[str, int]:
    """Known words reachable from a folded lower-case word by up to `depth` misreadings, with their count."""
    found: dict[str, int] = {}
    frontier = {word}
    for step in range(1, depth + 1):
        frontier = {variant for current in frontier for variant in _single(current)} - {word}
        for variant in frontier:
            if variant not in found and known(variant):
                found[variant] = step
    return found


def needs_repair(word: str, known: Callable[[str], bool]) -> bool:
    """True for words that are not Vietnamese as read, or start the way a misread Đ does."""
    return not known(word) or _P_FOR_D.match(word) is not None
