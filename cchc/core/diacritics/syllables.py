"""Vietnamese syllable anatomy: tone marks, folding, tone placement, validity and tokenisation."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import NamedTuple

# Combining tone marks in the order of the tone index (0 = ngang, no mark).
TONE_MARKS = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # huyền, sắc, hỏi, ngã, nặng
_TONE_OF_MARK = {mark: index for index, mark in enumerate(TONE_MARKS) if mark}
_QUALITY_VOWELS = frozenset("ăâêôơư")
_VOWELS = frozenset("aăâeêioôơuưy")

_LETTER_RUN = re.compile(r"[^\W\d_]+")

ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x)?"
_RHYMES = [
    rhyme
    for line in (
        "a ai ao au ay ac ach am an ang anh ap at ăc ăm ăn ăng ăp ăt âc âm ân âng âp ât âu ây",
        "e eo ec em en eng ep et ê êch êm ên ênh êp êt êu",
        "i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu",
        "o oa oac oach oai oam oan oang oanh oao oap oat oay oăc oăm oăn oăng oăt",
        "oc oe oen oeo oet oi om on ong oong ooc op ot",
        "ô ôc ôi ôm ôn ông ôp ôt ơ ơi ơm ơn ơp ơt",
        "u ua uân uâng uât uây uc uê uêch uênh ui um un ung uôc uôi uôm uôn uông uôt up ut",
        "uy uya uych uyên uyêt uyn uynh uyt uyu uơ",
        "ư ưa ưc ưi ưm ưng ươc ươi ươm ươn ương ươp ươt ươu ưt ưu",
        "y yêm yên yêng yêt yêu",
    )
    for rhyme in line.split()
]
_STOPPED = ("c", "ch", "p", "t")


def _alternatives(words: set[str]) -> str:
    return "(" + "|".join(sorted(words, key=len, reverse=True)) + ")"


_BASE_SYLLABLE = re.compile(ONSET + _alternatives(set(_RHYMES)))


def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d" if ch == "đ" else "D"
    decomposed = unicodedata.normalize("NFD", ch)
    return decomposed[0] if decomposed[0].isascii() else ch


_FOLD_TABLE = {
    code: _fold_char(chr(code))
    for code in range(0xC0, 0x1EFA)
    if chr(code).isalpha() and _fold_char(chr(code)) != chr(code)
}


def fold(word: str) -> str:
    """Remove every Vietnamese mark (tone and vowel quality), đ→d; keeps case and length of NFC text."""
    return unicodedata.normalize("NFC", word).translate(_FOLD_TABLE)


_FOLDED_SYLLABLE = re.compile(fold(ONSET) + _alternatives({fold(rhyme) for rhyme in _RHYMES}))


class Split(NamedTuple):
    """A syllable without its tone mark, and the tone index (0–5; -1 when it carries two tones)."""

    base: str
    tone: int


def split_tone(syllable: str) -> Split:
    """Separate the tone mark from a syllable; vowel-quality marks (ă â ê ô ơ ư) stay in the base."""
    tone = 0
    kept = []
    for ch in unicodedata.normalize("NFD", syllable):
        index = _TONE_OF_MARK.get(ch)
        if index is None:
            kept.append(ch)
        else:
            tone = -1 if tone else index
    return Split(unicodedata.normalize("NFC", "".join(kept)), tone)


def _nucleus(lower: str) -> list[int]:
    """Positions of the vowel letters that carry the tone, skipping the glide of the onsets qu- and gi-."""
    positions = [i for i, ch in enumerate(lower) if ch in _VOWELS]
    if positions and lower.startswith(("qu", "gi")) and len(positions) > 1 and positions[0] == 1:
        positions = positions[1:]
    # Only the first contiguous vowel run forms the nucleus.
    run = positions[:1]
    for position in positions[1:]:
        if position != run[-1] + 1:
            break
        run.append(position)
    return run


def place_tone(base: str, tone: int) -> str:
    """Put the tone mark on the right vowel (traditional placement: hòa, thủy, quý, ngoài, thuở)."""
    if tone <= 0:
        return base
    lower = base.lower()
    nucleus = _nucleus(lower)
    if not nucleus:
        return base
    marked = [i for i in nucleus if lower[i] in _QUALITY_VOWELS]
    if marked:
        target = marked[-1]
    elif nucleus[-1] + 1 < len(lower):
        target = nucleus[-1]
    elif len(nucleus) >= 3:
        target = nucleus[1]
    else:
        target = nucleus[0]
    toned = unicodedata.normalize("NFC", base[target] + TONE_MARKS[tone])
    return base[:target] + toned + base[target + 1 :]


def normalize_syllable(syllable: str) -> str:
    """One spelling per syllable: NFC with the tone mark in its traditional place."""
    base, tone = split_tone(syllable)
    return place_tone(base, tone) if tone > 0 else unicodedata.normalize("NFC", syllable)


def is_valid_syllable(syllable: str) -> bool:
    """True when the word is a well-formed Vietnamese syllable (onset + rhyme, stopped rhymes only sắc/nặng)."""
    base, tone = split_tone(syllable.lower())
    if tone < 0:
        return False
    match = _BASE_SYLLABLE.fullmatch(base)
    if match is None:
        return False
    return tone in (2, 5) if match.group(1).endswith(_STOPPED) else True


def is_folded_syllable(word: str) -> bool:
    """True when the word, read without marks, has the shape of a Vietnamese syllable."""
    return _FOLDED_SYLLABLE.fullmatch(fold(word).lower()) is not None


def has_marks(word: str) -> bool:
    """True when the word carries any Vietnamese mark."""
    return fold(word) != unicodedata.normalize("NFC", word)


def letter_runs(text: str) -> Iterator[re.Match[str]]:
    """The runs of letters in a text (words and syllables), with their positions."""
    return _LETTER_RUN.finditer(text)
