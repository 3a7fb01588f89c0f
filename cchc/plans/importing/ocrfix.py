"""Typical OCR slips in Vietnamese scans fixed before diacritics are restored ('s6' → 'so', 'Pay' → 'Đay')."""

from __future__ import annotations

import re

_DIGIT_AS_LETTER = str.maketrans({"6": "o", "0": "o", "1": "i", "4": "a", "3": "a", "5": "s"})
_MIXED = re.compile(r"(?<![\w/-])[A-ZĐa-zđ\d][a-zđ\d]{1,5}(?![\w/-])")
_D_AS_P = re.compile(r"(?<![\w])(?:DP|P|Ð)(?=[aăâeêioôơuưyà-ỹ][a-zà-ỹ])")
_SYMBOL_IN_WORD = {"¢": "e", "§": "o", "©": "e"}


def _letters(match: re.Match[str]) -> str:
    word = match.group(0)
    letters = [ch for ch in word if ch.isalpha()]
    if (
        not letters
        or not any(ch.isdigit() for ch in word)
        or (len(letters) > 1 and all(ch.isupper() for ch in letters))
    ):
        return word
    if word[0] == "1":
        word = "l" + word[1:]  # '1a' → 'la' (là), '1am' → 'lam' (làm); elsewhere 1 reads as i ('vo1' → 'voi')
    return word.translate(_DIGIT_AS_LETTER)


_HEAD_WORDS = ["Sở", "Ban", "Phòng", "Báo", "Đài", "Các", "Hội", "Bộ", "Văn phòng", "Ủy ban", "Trung tâm"]


def _distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def fix_unit_head(unit: str) -> str:
    """The first word(s) of a unit name read wrongly by OCR ('Sẽ Nội vụ', 'Vin phòng') put back to the head noun."""
    from cchc.core.text import fold

    words = unit.split()
    best: tuple[int, int, str] | None = None
    for head in _HEAD_WORDS:
        size = len(head.split())
        if len(words) < size:
            continue
        candidate = " ".join(words[:size])
        if candidate == head:
            return unit
        a, b = fold(candidate), fold(head)
        if a[:1] != b[:1]:
            continue
        distance = _distance(a, b)
        if distance <= 1 and (best is None or distance < best[0]):
            best = (distance, size, head)
    if best is None:
        return unit
    return " ".join([best[2], *words[best[1] :]])


def fix_ocr(text: str) -> str:
    """Digits read for letters inside lower-case words, 'P' read for 'Đ', symbols read for marked vowels."""
    text = _MIXED.sub(_letters, text)
    text = _D_AS_P.sub("Đ", text)
    text = re.sub(r"(?<![\w&])([A-Za-zđ])&(?=[\s,.;:]|$)", r"\1a", text)  # 'x&' → 'xa' (xã): '&' read for 'ã'/'ở'
    for symbol, letter in _SYMBOL_IN_WORD.items():
        text = re.sub(rf"(?<=\w){re.escape(symbol)}|{re.escape(symbol)}(?=\w)", letter, text)
    return text
