"""Repair of OCR misreadings of Vietnamese letters (Tesseract without the Vietnamese model: của→ctia, số→s6).

A damaged word is given, besides its own accented forms, the known syllables a few misreadings away; the n-gram
model then chooses by context ("phéi hop" → "phối hợp", not the more frequent "phải hợp").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path

from cchc.core.diacritics.channel import CHANNEL_PATH, Channel

# Misreadings seen in OCR of Vietnamese with a Latin-only model, as (read, meant) on folded lower-case text:
# marked vowels read as digits or other letters (số→s6, lãnh→1anh, xã→x4, nước→nuéc/nudc, chức→chirc,
# đứng→dimg, của→ctia/ciia/cta/caa, chương→chwong, tượng→tuqng/twgng, thực→thyc, tốt→tbt, thức→thic/thure),
# and "n" read as "r" once the stray marks of a broken letter are dropped (Chính→Chir}h, hiện→hiér‘l).
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
    ("r", "n"),
    ("rl", "n"),
    ("a", "o"),
    ("e", "a"),
    ("o", "a"),
    ("tr", "u"),
    ("ce", "c"),
    ("li", "u"),
    ("it", "u"),
    ("m", "n"),
)
# Đ read as P or B at the start of a word (Đẩy→Pay, ĐỐI→POI, Đề→Be): Vietnamese words do not start with p + vowel.
_P_FOR_D = re.compile(r"p(?=[aeiouy])")
# Symbols read in place of a marked vowel after a letter (kết→k@t, hiệu→hi€u, hệ→h¢, nước→nu@c or nu%c, về→v&,
# yêu→y&u), except between two capitals (HĐND&UBND, TT&TT).
_SYMBOL_FOR_VOWEL = re.compile(r"(?<=[^\W\d_])[¢€@&%](?!(?<=[A-ZĐ][¢€@&%])[A-ZĐ])")
# Stray marks inside a word, left where a letter broke apart (Chì}h, Chu’O’r}g, tuy@én: an @ before a marked letter;
# the horn or the mark of ư and ơ read as an apostrophe, a question mark or another symbol: phuo'ng, tru'c, chi?c,
# ci¥a, cht®c). A question mark is stray only before a syllable's last letters (chi?c, ct?u, ct?ng): «này?Không»
# typed without a space is two words.
_STRAY_IN_WORD = re.compile(r"(?<=[^\W\d_])(?:[}{|‘’'¥*#<®§]+|\?(?=[a-z]{1,2}\b)|@(?=[^\W\d_a-zA-Z]))(?=[^\W\d_])")
# A symbol standing alone between two words is a one-letter word whose marked vowel OCR read as a symbol: in the
# pages read back, «@», «¢», «©», «¢@» and «&» alone were «ở» every time (113 of 113). It becomes o, and restoration
# reads the word by context. «&» only between lower-case words: «HĐND & UBND» stays.
_SYMBOL_FOR_WORD = re.compile(r"(?<=[^\W\d_] )(?:[@¢©]{1,2}|(?<=[^\W\d_A-ZĐ] )&(?= [^\W\d_A-ZĐ]))(?= [^\W\d_])")
# A yen sign that is no stray mark is a y with its mark (k¥ thuật, liệt s¥, ¥ chí); after a number it is the yen.
_YEN_FOR_Y = re.compile(r"(?<!\d)¥")
_ALPHABET = "abcdefghiklmnopqrstuvxy"
# E-mail and web addresses keep their symbols.
_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b(?:https?://|www\.)\S+")


def clean_symbols(text: str) -> str:
    """Replace the symbols OCR reads for a marked vowel inside words by e (restoration then reads the vowel by
    context), a symbol standing for a one-letter word by o, a yen sign that is no stray mark by the y it was read
    for, and drop stray marks inside words; e-mail and web addresses are left as written."""

    def clean(piece: str) -> str:
        piece = _SYMBOL_FOR_WORD.sub("o", piece)
        return _YEN_FOR_Y.sub("y", _SYMBOL_FOR_VOWEL.sub("e", _STRAY_IN_WORD.sub("", piece)))

    pieces, done = [], 0
    for match in _ADDRESS.finditer(text):
        pieces += [clean(text[done : match.start()]), match.group()]
        done = match.end()
    return "".join([*pieces, clean(text[done:])])


def split_joined(text: str, is_syllable: Callable[[str], bool], marked: Callable[[str], bool]) -> str:
    """Two words OCR ran together, each with a mark it kept ("kétqué" → "két qué"), put apart: a word that is no
    syllable but splits into two syllables that both carry marks."""

    def apart(match: re.Match[str]) -> str:
        word = match.group()
        if is_syllable(word) or not marked(word):
            return word
        for k in range(2, len(word) - 1):
            head, tail = word[:k], word[k:]
            if is_syllable(head) and is_syllable(tail) and marked(head) and marked(tail):
                return f"{head} {tail}"
        return word

    return re.sub(r"[^\W\d_]{5,}", apart, text)


_channel_path = CHANNEL_PATH


def use_channel(path: Path) -> None:
    """Read OCR output with the channel in this file from now on (see diacritics.use_files)."""
    global _channel_path
    _channel_path = path
    channels.cache_clear()
    confusions.cache_clear()


@lru_cache(maxsize=1)
def channels() -> tuple[Channel, ...]:
    """The learned channels, loaded once per process: pages printed clean, then pages printed and scanned."""
    return Channel.load_all(_channel_path)


@lru_cache(maxsize=1)
def confusions() -> tuple[tuple[str, str], ...]:
    """The misreadings above and every one a learned channel has seen."""
    return tuple(dict.fromkeys([*CONFUSIONS, *(pair for table in channels() for pair in table.misreadings())]))


def _single(word: str) -> Iterator[str]:
    for read, meant in confusions():
        start = word.find(read)
        while start >= 0:
            yield word[:start] + meant + word[start + len(read) :]
            start = word.find(read, start + 1)
    if _P_FOR_D.match(word) or word[:1] == "b":
        yield "d" + word[1:]


def _edits(word: str) -> Iterator[str]:
    """Every word one letter away: a letter lost, one too many, or one read for another."""
    for i in range(len(word) + 1):
        for letter in _ALPHABET:
            yield word[:i] + letter + word[i:]
        if i < len(word):
            yield word[:i] + word[i + 1 :]
            for letter in _ALPHABET:
                yield word[:i] + letter + word[i + 1 :]


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


def damaged_readings(word: str, known: Callable[[str], bool]) -> list[str]:
    """Known words a word of OCR-damaged text may stand for, in a fixed order: up to two known misreadings away
    (one for a word the model knows: it is more likely right as read), or one lost, added or changed letter."""
    own_known = known(word)
    found = set(repairs(word, known, 1 if own_known else 2))
    found.update(v for v in _edits(word) if v != word and len(v) > 1 and known(v))
    return sorted(found)


def needs_repair(word: str, known: Callable[[str], bool]) -> bool:
    """True for words that are not Vietnamese as read, or start the way a misread Đ does."""
    return not known(word) or _P_FOR_D.match(word) is not None
