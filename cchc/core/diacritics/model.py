"""Syllable n-gram model for diacritic restoration: tokenisation, the count file format and beam Viterbi decoding."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from cchc.core.diacritics.syllables import fold, normalize_syllable

BOS, EOS, UNK, NUM = 0, 1, 2, 3
SPECIAL_TOKENS = ("<s>", "</s>", "<unk>", "<num>")
ID_BITS = 16  # ids are packed 16 bits each into one uint64 n-gram key
MAX_VOCAB = 1 << ID_BITS
LOGP_STEP = 0.04  # log10 probabilities are stored as uint8 multiples of this step
BACKOFF = float(np.log10(0.4))  # stupid backoff penalty per dropped order

# A word (letters), a number (with inner separators: 15/7/2021, 1.000), or anything else.
_TOKEN = re.compile(r"(?P<word>[^\W\d_]+)|(?P<num>\d+(?:[.,/]\d+)*)|(?P<space>[ \t\r\f\v\xa0]+)|(?P<newline>\n)|.")


@dataclass(frozen=True, slots=True)
class Token:
    """One word or number in a text, with its character span."""

    start: int
    end: int
    text: str
    is_number: bool


def segments(text: str, break_on_newline: bool) -> Iterator[list[Token]]:
    """Runs of words and numbers with nothing but white space between them (punctuation starts a new run)."""
    run: list[Token] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "word" or kind == "num":
            run.append(Token(match.start(), match.end(), match.group(), kind == "num"))
        elif kind == "space" or (kind == "newline" and not break_on_newline):
            continue
        elif run:
            yield run
            run = []
    if run:
        yield run


class Normalizer:
    """Lower case, NFC and traditional tone placement for each word, memoised (words repeat a lot)."""

    def __init__(self) -> None:
        self._cache: dict[str, str] = {}

    def __call__(self, word: str) -> str:
        normal = self._cache.get(word)
        if normal is None:
            normal = normalize_syllable(word.lower())
            self._cache[word] = normal
        return normal


def pack(columns: list[np.ndarray]) -> np.ndarray:
    """One uint64 key per row from up to four columns of ids."""
    key = np.zeros(len(columns[0]), dtype=np.uint64)
    for column in columns:
        key = (key << np.uint64(ID_BITS)) | column.astype(np.uint64)
    return key


class NgramModel:
    """Stupid-backoff n-gram model over lower-case syllables, with accented candidates for each folded syllable."""

    def __init__(self, path: Path, max_candidates: int = 12, min_candidate_ratio: float = 1e-4) -> None:
        with np.load(path, allow_pickle=False) as data:
            self.vocab: list[str] = bytes(data["vocab"]).decode("utf-8").split("\n")
            counts = data["unigram_counts"].astype(np.float64)
            self.order = int(data["order"])
            self.tables: list[tuple[np.ndarray, np.ndarray]] = []
            for k in range(2, self.order + 1):
                columns = [data[f"n{k}_c{i}"] for i in range(k)]
                logp = data[f"n{k}_q"].astype(np.float32) * np.float32(-LOGP_STEP)
                self.tables.append((pack(columns), logp))
        self.index = {word: i for i, word in enumerate(self.vocab)}
        total = counts.sum()
        self.unigram = np.log10(np.maximum(counts, 0.5) / total).astype(np.float32)
        self.candidates = self._candidates(counts, max_candidates, min_candidate_ratio)

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
        """log10 P(candidate | history) for each row; history has order-1 columns, oldest first."""
        result = np.empty(len(candidates), dtype=np.float32)
        pending = np.ones(len(candidates), dtype=bool)
        penalty = 0.0
        for k in range(self.order, 1, -1):
            keys, logp = self.tables[k - 2]
            rows = np.flatnonzero(pending)
            if not len(rows):
                return result
            query = pack([*(history[rows, j] for j in range(self.order - k, self.order - 1)), candidates[rows]])
            where = np.minimum(np.searchsorted(keys, query), len(keys) - 1)
            found = keys[where] == query
            result[rows[found]] = logp[where[found]] + penalty
            pending[rows[found]] = False
            penalty += BACKOFF
        result[pending] = self.unigram[candidates[pending]] + penalty
        return result

    def decode(self, lattices: list[list[np.ndarray]], bonuses: list[list[np.ndarray]], beam: int) -> list[list[int]]:
        """The most probable id sequence through each candidate lattice (beam Viterbi, all lattices in step).

        lattices[j][t] holds the candidate ids of token t of run j; bonuses[j][t] adds a score to each of them.
        """
        if not lattices:
            return []
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
            # Recombine hypotheses of a run that share the history the next step looks at; keep the best.
            key = pack([new_history[:, j] for j in range(width)])
            order = np.lexsort((-total, key, seg))
            first = np.ones(len(order), dtype=bool)
            first[1:] = (key[order][1:] != key[order][:-1]) | (seg[order][1:] != seg[order][:-1])
            keep = order[first]
            # Keep the best `beam` hypotheses of each run, best first.
            keep = keep[np.lexsort((-total[keep], seg[keep]))]
            kept_seg = seg[keep]
            starts = np.flatnonzero(np.r_[True, kept_seg[1:] != kept_seg[:-1]])
            rank = np.arange(len(keep)) - np.repeat(starts, np.diff(np.r_[starts, len(keep)]))
            keep = keep[rank < beam]
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
