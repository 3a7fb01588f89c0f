"""Syllable n-gram model for diacritic restoration: tokenisation, the count file format and beam Viterbi decoding."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from cchc.core.diacritics.syllables import fold, normalize_syllable

BOS, EOS, UNK, NUM = 0, 1, 2, 3
SPECIAL_TOKENS = ("<s>", "</s>", "<unk>", "<num>")
ID_BITS = 16  # ids are packed 16 bits each into one uint64 n-gram key
MAX_VOCAB = (1 << ID_BITS) - 1
MAX_RUNS = 1 << ID_BITS  # runs decoded together (a run number takes 16 bits of a hypothesis key)
_RUN_STRIDE = 1e9  # sorts hypotheses by run, then by score  # the all-ones key marks an empty hash slot
LOGP_STEP = 0.04  # log10 probabilities are stored as uint8 multiples of this step
BACKOFF = float(np.log10(0.15))  # stupid backoff penalty per dropped order (0.1-0.2 measured best, 0.4 worse)

# A word (letters, with digits mixed in where OCR misread marked letters: s6, 1anh), a number (with inner
# separators: 15/7/2021, 1.000), or anything else.
_TOKEN = re.compile(
    r"(?P<word>\d*[^\W\d_][^\W_]*)|(?P<num>\d+(?:[.,/]\d+)*)|(?P<space>[ \t\r\f\v\xa0]+)|(?P<newline>\n)|."
)


@dataclass(frozen=True, slots=True)
class Token:
    """One word or number in a text, with its character span."""

    start: int
    end: int
    text: str
    is_number: bool


# Quotation marks set a phrase apart without ending the sentence (hướng dẫn “cầm tay chỉ việc”); in OCR output a
# single one or an apostrophe after a letter is often part of it (cơ read as «co’» or «co'»).
QUOTES = frozenset("“”\"«»‘’'")


def segments(text: str, break_on_newline: bool, through_quotes: bool = False) -> Iterator[list[Token]]:
    """Runs of words and numbers with nothing but white space between them (punctuation starts a new run; with
    `through_quotes`, quotation marks do not)."""
    run: list[Token] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "word" or kind == "num":
            run.append(Token(match.start(), match.end(), match.group(), kind == "num"))
        elif (
            kind == "space"
            or (kind == "newline" and not break_on_newline)
            or (through_quotes and match.group() in QUOTES)
        ):
            continue
        elif run:
            yield run
            run = []
    if run:
        yield run


@lru_cache(maxsize=1 << 17)
def normalize_word(word: str) -> str:
    """Lower case, NFC and traditional tone placement (memoised: words repeat a lot)."""
    return normalize_syllable(word.lower())


def pack(columns: list[np.ndarray]) -> np.ndarray:
    """One uint64 key per row from up to four columns of ids."""
    key = np.zeros(len(columns[0]), dtype=np.uint64)
    for column in columns:
        key = (key << np.uint64(ID_BITS)) | column.astype(np.uint64)
    return key


class HashTable:
    """Open-addressing hash table (linear probing, vectorised) from uint64 keys to values."""

    _EMPTY = np.uint64(0xFFFF_FFFF_FFFF_FFFF)
    _MULTIPLIER = np.uint64(0x9E37_79B9_7F4A_7C15)

    def __init__(self, keys: np.ndarray, values: np.ndarray) -> None:
        self.bits = max(4, int(len(keys) * 2 - 1).bit_length())
        home = self._hash(keys)
        order = np.argsort(home, kind="stable")
        # Linear probing without wrap-around: in home order, each key takes the first free slot from its home.
        steps = np.arange(len(keys))
        slot = np.maximum.accumulate(home[order] - steps) + steps
        # Every home slot exists, and the last slot stays empty so that every probe stops.
        size = max(int(slot[-1]) + 2 if len(keys) else 0, (1 << self.bits) + 1)
        self.slots = np.full(size, self._EMPTY, dtype=np.uint64)
        self.slots[slot] = keys[order]
        self.values = np.zeros(size, dtype=values.dtype)
        self.values[slot] = values[order]

    def _hash(self, keys: np.ndarray) -> np.ndarray:
        return ((keys * self._MULTIPLIER) >> np.uint64(64 - self.bits)).astype(np.int64)

    def get(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The value of each key, and whether the key is there (its value is 0 where not)."""
        values = np.zeros(len(keys), dtype=self.values.dtype)
        found = np.zeros(len(keys), dtype=bool)
        active = np.arange(len(keys))
        slot = self._hash(keys)
        while len(active):
            stored = self.slots[slot]
            hit = stored == keys[active]
            values[active[hit]] = self.values[slot[hit]]
            found[active[hit]] = True
            going = ~hit & (stored != self._EMPTY)
            active, slot = active[going], slot[going] + 1
        return values, found


_LN10 = float(np.log(10))


def _unigram_logp(counts: np.ndarray) -> np.ndarray:
    return np.log10(np.maximum(counts, 0.5) / max(counts.sum(), 1.0)).astype(np.float32)


class NgramModel:
    """Stupid-backoff n-gram model over lower-case syllables, with accented candidates for each folded syllable."""

    def __init__(self, path: Path, max_candidates: int = 12, min_candidate_ratio: float = 1e-4) -> None:
        with np.load(path, allow_pickle=False) as data:
            self.vocab: list[str] = bytes(data["vocab"]).decode("utf-8").split("\n")
            counts = data["unigram_counts"].astype(np.float64)
            self.order = int(data["order"])
            if not 2 <= self.order <= 64 // ID_BITS:
                raise ValueError(f"unsupported n-gram order {self.order}")
            self.tables = self._tables(data, "n")
            self.unigram = _unigram_logp(counts)
            # The genre's own counts (administrative plans and procedures), over the same vocabulary, mixed in
            # with this weight (linear interpolation of the two models' probabilities); absent in older files.
            self.genre: list[HashTable] | None = None
            self.genre_weight = 0.0
            if "genre_weight" in data.files:
                self.genre = self._tables(data, "g")
                self.genre_weight = float(data["genre_weight"])
                if not 0 < self.genre_weight < 1:
                    raise ValueError(f"genre weight {self.genre_weight} is not between 0 and 1")
        self.index = {word: i for i, word in enumerate(self.vocab)}
        self.candidates = self._candidates(counts, max_candidates, min_candidate_ratio)

    def _tables(self, data: np.lib.npyio.NpzFile, prefix: str) -> list[HashTable]:
        tables = []
        for k in range(2, self.order + 1):
            columns = [data[f"{prefix}{k}_c{i}"] for i in range(k)]
            tables.append(HashTable(pack(columns), data[f"{prefix}{k}_q"]))
        return tables

    def _candidates(self, counts: np.ndarray, limit: int, ratio: float) -> dict[str, np.ndarray]:
        groups: dict[str, list[int]] = {}
        for i in range(len(SPECIAL_TOKENS), len(self.vocab)):
            groups.setdefault(fold(self.vocab[i]), []).append(i)
        result = {}
        for folded, ids in groups.items():
            ids.sort(key=lambda i: -counts[i])
            best = counts[ids[0]]
            kept = [i for i in ids[:limit] if counts[i] >= best * ratio]
            result[folded] = np.array(kept, dtype=np.int64)
        return result

    def score(self, history: np.ndarray, candidates: np.ndarray) -> np.ndarray:
        """log10 P(candidate | history) for each row; history has order-1 columns, oldest first: the general
        model's, mixed with the genre's where the file has one (1-w)·P_general + w·P_genre."""
        general = self._score(self.tables, history, candidates)
        if self.genre is None:
            return general
        # Where the genre has no n-gram for a word (only its unigram), it has no evidence: the general model's
        # probability stands for it, so that a word the genre's few texts never used is not pushed down.
        genre = self._score(self.genre, history, candidates, unseen=general)
        mixed = np.logaddexp(
            general * np.float32(_LN10) + np.float32(np.log(1 - self.genre_weight)),
            genre * np.float32(_LN10) + np.float32(np.log(self.genre_weight)),
        )
        return (mixed / np.float32(_LN10)).astype(np.float32)

    def _score(
        self,
        tables: list[HashTable],
        history: np.ndarray,
        candidates: np.ndarray,
        unseen: np.ndarray | None = None,
    ) -> np.ndarray:
        """Stupid backoff through the tables; a row none of them holds gets the unigram's score, or `unseen`'s."""
        result = np.empty(len(candidates), dtype=np.float32)
        pending = np.ones(len(candidates), dtype=bool)
        penalty = 0.0
        for k in range(self.order, 1, -1):
            rows = np.flatnonzero(pending)
            if not len(rows):
                return result
            query = pack([*(history[rows, j] for j in range(self.order - k, self.order - 1)), candidates[rows]])
            quantized, found = tables[k - 2].get(query)
            result[rows[found]] = quantized[found] * np.float32(-LOGP_STEP) + penalty
            pending[rows[found]] = False
            penalty += BACKOFF
        result[pending] = self.unigram[candidates[pending]] + penalty if unseen is None else unseen[pending]
        return result

    def decode(self, lattices: list[list[np.ndarray]], bonuses: list[list[np.ndarray]], beam: int) -> list[list[int]]:
        """The most probable id sequence through each candidate lattice (beam Viterbi, all lattices in step).

        lattices[j][t] holds the candidate ids of token t of run j; bonuses[j][t] adds a score to each of them.
        """
        if not lattices:
            return []
        if len(lattices) > MAX_RUNS:
            return [
                path
                for start in range(0, len(lattices), MAX_RUNS)
                for path in self.decode(lattices[start : start + MAX_RUNS], bonuses[start : start + MAX_RUNS], beam)
            ]
        width = self.order - 1
        lengths = np.array([len(lattice) for lattice in lattices])
        end = (np.array([EOS]), np.zeros(1, dtype=np.float32))
        segment = np.arange(len(lattices))
        history = np.full((len(lattices), width), BOS, dtype=np.int64)
        scores = np.zeros(len(lattices), dtype=np.float32)
        rows = np.arange(len(lattices))  # row of each live state in the previous step's back-pointers
        finals = np.zeros(len(lattices), dtype=np.int64)
        back: list[tuple[np.ndarray, np.ndarray]] = []
        for t in range(int(lengths.max()) + 1):
            live = np.flatnonzero(lengths >= t)
            steps = [(lattices[j][t], bonuses[j][t]) if t < lengths[j] else end for j in live]
            sizes = np.zeros(len(lattices), dtype=np.int64)
            sizes[live] = [len(step[0]) for step in steps]
            offsets = np.cumsum(sizes) - sizes
            flat_candidates = np.concatenate([step[0] for step in steps])
            flat_bonus = np.concatenate([step[1] for step in steps])
            fan = sizes[segment]
            parent = np.repeat(np.arange(len(scores)), fan)
            within = np.arange(len(parent)) - np.repeat(np.cumsum(fan) - fan, fan)
            position = offsets[segment[parent]] + within
            cand = flat_candidates[position]
            seg = segment[parent]
            hist = history[parent]
            total = scores[parent] + flat_bonus[position] + self.score(hist, cand)
            new_history = np.concatenate([hist[:, 1:], cand[:, None]], axis=1)
            # Best first within each run (rows come grouped by run, runs in increasing order).
            order = np.argsort(seg * _RUN_STRIDE - total, kind="stable")
            # Recombine hypotheses of a run that share the history the next step looks at: keep the best.
            key = pack([seg[order], *(new_history[order, j] for j in range(width))])
            order = order[np.sort(np.unique(key, return_index=True)[1])]
            # Keep the best `beam` hypotheses of each run.
            kept_seg = seg[order]
            starts = np.flatnonzero(np.r_[True, kept_seg[1:] != kept_seg[:-1]])
            rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
            keep = order[rank < beam]
            back.append((rows[parent[keep]], cand[keep]))
            segment, history, scores = seg[keep], new_history[keep], total[keep]
            done = lengths[segment] == t
            if done.any():
                best = np.flatnonzero(done & np.r_[True, segment[1:] != segment[:-1]])
                finals[segment[best]] = best
            alive = np.flatnonzero(~done)
            segment, history, scores, rows = segment[alive], history[alive], scores[alive], alive
        paths = []
        for j, length in enumerate(lengths):
            state = int(finals[j])
            path = []
            for t in range(int(length), -1, -1):
                parents, chosen = back[t]
                path.append(int(chosen[state]))
                state = int(parents[state])
            path.reverse()
            paths.append(path[:-1])
        return paths
