"""How Latin-only OCR reads Vietnamese letters: log10 P(read | meant) for a word, learned from page images.

Tesseract without the Vietnamese model reads «của» as «ctia», «tiếp» as «tiép», «người» as «ngudi». The table
(`data/ocr-channel.json`, built by `tools/build_ocr_channel.py` from marked texts rendered to pages and read back)
gives, for each letter meant, the probability of each string it is read as (one or two characters, or nothing),
and the probability of a character read where nothing was meant. A word's probability is that of its best
alignment (`align`), so restoration weighs each reading of a damaged word by how OCR damages words, not by hand-set
prices.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cchc.core.diacritics.syllables import fold

CHANNEL_PATH = Path(__file__).resolve().parent.parent / "data" / "ocr-channel.json"
# The kinds of page a channel file may hold a table for besides pages printed clean (its own table): pages printed
# and scanned, where ink spread and the scanner merge marks with their letters («nhân» read «nhén»).
KINDS = ("scan",)

# An operation of an alignment: the meant letter ("" for a character read where nothing was meant) and what was
# read for it ("" where nothing was).
Step = tuple[str, str]
Scorer = Callable[[str, str], float]


def align(meant: str, read: str, logp: Scorer) -> tuple[float, list[Step]]:
    """The best alignment of a meant word with what OCR read, and its log10 probability under `logp(meant letter,
    read string)`: each meant letter is read as one or two characters or as nothing, and characters may be read
    where nothing was meant (`logp("", c)`)."""
    rows, cols = len(meant), len(read)
    best = [[-math.inf] * (cols + 1) for _ in range(rows + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (cols + 1) for _ in range(rows + 1)]
    best[0][0] = 0.0
    inserted = [logp("", ch) for ch in read]

    def relax(i: int, j: int, score: float, source: tuple[int, int]) -> None:
        if score > best[i][j]:
            best[i][j] = score
            back[i][j] = source

    for i in range(rows + 1):
        # Each letter's price of being read as nothing, as each character and as each pair: once per letter.
        letter = meant[i] if i < rows else ""
        dropped = logp(letter, "") if letter else 0.0
        single = [logp(letter, ch) for ch in read] if letter else []
        double = [logp(letter, read[j : j + 2]) for j in range(cols - 1)] if letter else []
        for j in range(cols + 1):
            here = best[i][j]
            if here == -math.inf:
                continue
            if j < cols:
                relax(i, j + 1, here + inserted[j], (i, j))
            if letter:
                relax(i + 1, j, here + dropped, (i, j))
                if j < cols:
                    relax(i + 1, j + 1, here + single[j], (i, j))
                if j + 1 < cols:
                    relax(i + 1, j + 2, here + double[j], (i, j))
    steps: list[Step] = []
    i, j = rows, cols
    while (i, j) != (0, 0):
        pi, pj = back[i][j]  # type: ignore[misc]
        steps.append((meant[pi:i], read[pj:j]))
        i, j = pi, pj
    steps.reverse()
    return best[rows][cols], steps


@dataclass(frozen=True, eq=False)
class Channel:
    """The learned table: per meant letter, log10 P(read string); the floor for a string not in it (read as
    nothing, as one character, as two: a letter garbled at random)."""

    reads: dict[str, dict[str, float]]
    floor: list[float]

    @classmethod
    def load_all(cls, path: Path = CHANNEL_PATH) -> tuple[Channel, ...]:
        """Every channel of the file: pages printed clean (its own table), then each other kind of page (`KINDS`) it
        holds a table for."""
        data = json.loads(path.read_text(encoding="utf-8"))
        return tuple(
            cls(table["reads"], table["floor"]) for table in [data, *(data[kind] for kind in KINDS if kind in data)]
        )

    def logp(self, letter: str, seen: str) -> float:
        found = self.reads.get(letter)
        if found is not None and seen in found:
            return found[seen]
        return self.floor[len(seen)]

    def misreadings(self) -> list[tuple[str, str]]:
        """(read, meant) pairs of letters without marks that OCR was seen to confuse (ư read as "w", ứ as "it")."""
        found = {
            (fold(seen), fold(letter))
            for letter, reads in self.reads.items()
            if letter
            for seen in reads
            if seen and fold(seen) != fold(letter)
        }
        return sorted(found)

    def score(self, read: str, meant: str) -> float:
        """log10 P(read | meant) of lower-case NFC words."""
        return _score(self, read, meant)


@lru_cache(maxsize=1 << 18)
def _score(channel: Channel, read: str, meant: str) -> float:
    return align(meant, read, channel.logp)[0]
