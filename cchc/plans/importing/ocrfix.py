"""Typical OCR slips in Vietnamese scans fixed before diacritics are restored ('s6' → 'so', 'Pay' → 'Đay')."""

from __future__ import annotations

import re

_DIGIT_AS_LETTER = str.maketrans({"6": "o", "0": "o", "1": "l", "4": "a", "3": "a", "5": "s"})
_MIXED = re.compile(r"(?<![\w/-])[A-ZĐa-zđ\d][a-zđ\d]{1,5}(?![\w/-])")
_D_AS_P = re.compile(r"(?<![\w])(?:DP|P|Ð)(?=[aăâeêioôơuưyà-ỹ][a-zà-ỹ])")
_SYMBOL_IN_WORD = {"¢": "e", "§": "o", "©": "e"}


def _letters(match: re.Match[str]) -> str:
    word = match.group(0)
    if any(ch.isdigit() for ch in word) and any(ch.islower() for ch in word):
        return word.translate(_DIGIT_AS_LETTER)
    return word


def fix_ocr(text: str) -> str:
    """Digits read for letters inside lower-case words, 'P' read for 'Đ', symbols read for marked vowels."""
    text = _MIXED.sub(_letters, text)
    text = _D_AS_P.sub("Đ", text)
    for symbol, letter in _SYMBOL_IN_WORD.items():
        text = re.sub(rf"(?<=\w){re.escape(symbol)}|{re.escape(symbol)}(?=\w)", letter, text)
    return text
