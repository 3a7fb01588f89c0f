"""Typical OCR slips in Vietnamese scans fixed before diacritics are restored ('s6' → 'so', 'Pay' → 'Đay')."""

from __future__ import annotations

import re
from typing import Any

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


_WORD = re.compile(r"[^\W\d_]+")
_ALPHABET = "abcdefghijklmnopqrstuvwxyzđ"


class SpellingFixer:
    """Words OCR garbled into non-syllables put back to the most frequent syllable one edit away.

    It uses the syllable inventory of the diacritics model (folded forms and their unigram log-probabilities);
    a word is left alone when it is already a known syllable, an acronym, or has no known neighbour.
    """

    def __init__(self, known: dict[str, Any], logp: Any) -> None:
        self.known = known
        self.logp = logp
        self.cache: dict[str, str | None] = {}

    @classmethod
    def from_model(cls, model: Any) -> SpellingFixer | None:
        """The fixer over a loaded diacritics model; None when the model does not offer its syllable inventory."""
        known, logp = getattr(model, "candidates", None), getattr(model, "unigram", None)
        return cls(known, logp) if isinstance(known, dict) and logp is not None else None

    def neighbour(self, folded: str) -> str | None:
        if folded in self.cache:
            return self.cache[folded]
        variants: set[str] = set()
        for i in range(len(folded) + 1):
            variants.update(folded[:i] + c + folded[i:] for c in _ALPHABET)
            if i < len(folded):
                variants.update(folded[:i] + c + folded[i + 1 :] for c in _ALPHABET)
                variants.add(folded[:i] + folded[i + 1 :])
        best: tuple[float, str] | None = None
        for variant in variants:
            ids = self.known.get(variant)
            if ids is None or len(variant) < 2 or variant[0] != folded[0]:
                continue
            score = float(max(self.logp[ids]))
            if best is None or score > best[0]:
                best = (score, variant)
        self.cache[folded] = best[1] if best else None
        return self.cache[folded]

    def __call__(self, text: str) -> str:
        from cchc.core.diacritics.syllables import fold

        def mend(match: re.Match[str]) -> str:
            word = match.group(0)
            if len(word) < 2 or any(ch.isupper() for ch in word[1:]):
                return word
            folded = fold(word.lower())
            if folded in self.known:
                return word
            variant = self.neighbour(folded)
            if variant is None:
                return word
            return variant[:1].upper() + variant[1:] if word[0].isupper() else variant

        return _WORD.sub(mend, text)
