"""Finding the procedures that answer a citizen's question: BM25 over the corpus, then coverage reranking.

The question is read by `cchc.assistant.query` (folding, shorthand, everyday words); the index supplies the corpus
statistics it needs (rarity, typo repair, word segmentation).
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import bm25s
import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from cchc.assistant.query import EVERYDAY, Query, bigrams, parse_question, syllables
from cchc.assistant.vocabulary import STOP_SYLLABLES

logging.getLogger("bm25s").setLevel(logging.WARNING)  # it sets DEBUG on import and logs every index build

CANDIDATES = 40
# Two adjacent syllables count as one word when their pair makes up this share of the rarer one's occurrences.
MIN_ASSOCIATION = 0.2
# A filler syllable ("hành", "cho") is kept when it forms a word with a topic neighbour this strongly.
FILLER_WORD_ASSOCIATION = 0.7
# A question whose concepts weigh less in all than this share of the weight of a word unknown to the corpus
# ("đăng ký", "thủ tục") is too vague to answer.
MIN_QUERY_WEIGHT = 0.38
# Whether to answer is decided by a logistic model over features of `decision_features` (the best procedure's
# confidence and reranker probability, its lead over the best procedure of another name, how much the question asks
# about), trained offline by tools/train_decision.py, which picks the features and the threshold by cross-validation
# on the tuning questions; the question is answered when the model's probability that the first procedure is right
# reaches that threshold.
# Below this confidence no procedure is close enough to answer, however far it leads the others (a question about
# something the corpus never mentions can have a single, poor match).
MIN_CONFIDENCE = 0.25
DECISION: dict[str, Any] = json.loads(
    (Path(__file__).resolve().parent / "data" / "decision.json").read_text(encoding="utf-8")
)
# A short question (this many concepts or fewer) whose rarest word (idf at least RARE_WEIGHT) the procedure misses
# loses this share of its confidence.
SHORT_QUESTION = 6
RARE_WEIGHT = 5.5
RARE_MISS_FACTOR = 0.8
# Procedures reserved for police, military and officials (their own benefits and cards): a name naming such a force,
# or the police's internal "Chính sách" field. A question that names none of these forces is a citizen's, and such a
# procedure loses this much score and this share of its confidence (the lost health-insurance card of a citizen is
# 1.002759, not the police's "Cấp lại thẻ bảo hiểm y tế").
_RESERVED_NAME = re.compile(
    r"\b(?:luc luong|cong an nhan dan|quan doi|si quan|chien si|xung kich|dan quan|nguoi duoc huy dong"
    r"|bao ve an ninh trat tu o co so)\b"
)
_RESERVED_FIELDS = frozenset({"chinh sach"})
_FORCE_CUES = re.compile(r"\b(?:cong an|quan doi|bo doi|si quan|chien si|luc luong|xung kich|dan quan|quan nhan)\b")
_PERSON_AUDIENCE = re.compile(r"\b(?:cong dan|ca nhan|nguoi|ho gia dinh|tre em|cha|me)\b")
RESERVED_PENALTY = 0.4
RESERVED_CONFIDENCE = 0.8
# The learned reranker (tools/train_reranker.py): a linear model over the features of `candidate_features`, scoring
# the first RERANK_DEPTH candidates of the rules' ranking; its softmax over them orders the hits. Absent file: rules.
RERANK_DEPTH = 20
# The audience rule stays a rule under the reranker: a procedure reserved for police, military or officials loses
# this much of its logit on a citizen's question (too few such questions to learn it from).
RESERVED_LOGIT = -3.0
_RERANKER_FILE = Path(__file__).resolve().parent / "data" / "reranker.json"
RERANKER: dict[str, Any] | None = (
    json.loads(_RERANKER_FILE.read_text(encoding="utf-8")) if _RERANKER_FILE.exists() else None
)
# Procedures scoring at least this share of the best one are shown beside it as alternatives.
CLOSE_SHARE = 0.9
# How a procedure is submitted or at which level, inside its name: not what the citizen asks about.
_CHANNEL_WORDS = re.compile(
    r"(?:thực hiện )?(?:bằng )?dịch vụ công(?: trực tuyến)?(?: toàn trình| một phần)?(?: hoặc trực tiếp)?"
    r"|trực tuyến toàn trình"
    r"|(?:thực hiện )?tại cấp (?:trung ương|tỉnh|huyện|xã)(?:, cấp (?:trung ương|tỉnh|huyện|xã))*",
    re.IGNORECASE,
)
_LEVEL_QUALIFIER = re.compile(r"\((?:thực hiện )?(?:tại )?(?:cấp|ở cấp)[^)]*\)|^thủ tục\s+", re.IGNORECASE)
_NEAREST_FIRST = ("Cấp xã", "Cấp tỉnh", "Cấp bộ", "Cơ quan khác")
# Abbreviations of procedure names with the words they stand for, found in the corpus by tools/build_abbreviations.py
# ("tnld" → "tai nan lao dong"): a name is read with both, so a citizen who writes the words out still matches it.
ABBREVIATION_WORDS: dict[str, str] = json.loads(
    (Path(__file__).resolve().parent / "data" / "abbreviations.json").read_text(encoding="utf-8")
)


def name_syllables(name: str) -> list[str]:
    """A procedure name's folded syllables, each abbreviation followed by the words it stands for."""
    out: list[str] = []
    for s in syllables(name):
        out.append(s)
        out.extend(ABBREVIATION_WORDS.get(s, "").split())
    return out


@dataclass(frozen=True)
class Doc:
    """What the index knows of a procedure."""

    code: str
    name: str
    field: str = ""
    levels: str = ""
    results: str = ""
    audience: str = ""


def doc_for_record(record: Mapping[str, Any]) -> Doc:
    """The index's view of a procedure given as a mapping with ProcedureRecord's keys (a parsed record or a row)."""
    return Doc(
        code=str(record["code"]),
        name=str(record["name"]),
        field=str(record.get("field") or ""),
        levels=str(record.get("levels") or ""),
        results=" . ".join(record.get("results") or []),
        audience=str(record.get("audience") or ""),
    )


@dataclass
class Hit:
    """A procedure found for a question: score (0–1, ranks the hits) and coverage (the confidence to answer)."""

    code: str
    name: str
    levels: str
    score: float
    coverage: float


@dataclass
class SearchResult:
    aspect: str
    answered: bool
    hits: list[Hit]
    alternatives: list[Hit] = field(default_factory=list)
    vague: bool = False
    # What the answer-or-decline decision was taken on (see `decision_features`).
    features: dict[str, float] = field(default_factory=dict)


def decision_features(
    best: Hit, rival: Hit | None, concepts: int, weight_ratio: float, asked: bool
) -> dict[str, float]:
    """The features the answer-or-decline decision may read, by name, from the best hit and the best hit of another
    name (scores before normalisation: the reranker's probability; the lead is relative, so it does not depend on the
    size of the corpus). decision.json names the ones its model uses."""
    rival_coverage, rival_score = (rival.coverage, rival.score) if rival else (0.0, 0.0)
    return {
        "coverage": best.coverage,
        "coverage_lead": best.coverage - rival_coverage,
        "lead": (best.score - rival_score) / max(best.score, 1e-9),
        "concepts": math.log1p(concepts),
        "weight_ratio": weight_ratio,
        "probability": best.score,
        "margin": best.score - rival_score,
        "asked": float(asked),
    }


FEATURES = (
    "rules",
    "fit",
    "coverage",
    "bm25",
    "name_bm25",
    "asked_name",
    "head_covered",
    "tail_missed",
    "rule_rank",
    "citizen",
    "organisations_only",
    "commune_level",
    "ministry_only",
    "level_named",
    "rare_missed",
    "name_length",
)


@dataclass
class Candidate:
    """A procedure among the first candidates of a question, with what the reranker reads of it."""

    hit: Hit
    features: dict[str, float]
    # Reserved for police, military or officials while the question is a citizen's (see RESERVED_LOGIT).
    reserved: bool = False


def rerank_scores(candidates: list[Candidate], model: Mapping[str, Any]) -> list[float]:
    """The reranker's softmax probabilities over the candidates (in their order)."""
    weights: Mapping[str, float] = model["weights"]
    logits = [
        sum(weights.get(name, 0.0) * value for name, value in c.features.items()) + RESERVED_LOGIT * c.reserved
        for c in candidates
    ]
    top = max(logits, default=0.0)
    exps = [math.exp(z - top) for z in logits]
    total = sum(exps) or 1.0
    return [e / total for e in exps]


def answer_probability(features: Mapping[str, float], model: Mapping[str, Any] | None = None) -> float:
    """The trained model's (by default decision.json's) probability that the first procedure answers the question."""
    model = DECISION if model is None else model
    z = model["bias"] + sum(w * features[name] for name, w in model["weights"].items())
    return 1.0 / (1.0 + math.exp(-z))


_REGIONAL = (
    ("tr", "ch"),
    ("ch", "tr"),
    ("s", "x"),
    ("x", "s"),
    ("d", "gi"),
    ("gi", "d"),
    ("r", "d"),
    ("d", "r"),
    ("r", "gi"),
    ("l", "n"),
    ("n", "l"),
    ("v", "d"),
)
_FINALS = (("ng", "n"), ("n", "ng"), ("c", "t"), ("t", "c"))
_NAME_NOISE = {"thu", "tuc"}
# Where a procedure's name turns from what is done to whom or in which case; words after it weigh less.
_QUALIFIER = re.compile(r"\(| đối với | trong trường hợp | trường hợp | mà | theo | của | cho | tại | do |;|/")
QUALIFIER_WEIGHT = 0.3
MAX_QUALIFIER_SHARE = 0.5


def plain_name(name: str) -> str:
    """A procedure's name without its level and submission-channel qualifiers: what is done, for whom."""
    return _CHANNEL_WORDS.sub(" ", _LEVEL_QUALIFIER.sub(" ", name))


def regional_variants(syllable: str) -> list[str]:
    """Spellings a syllable is often confused with (tr/ch, s/x, d/gi/r, l/n, n/ng, c/t)."""
    out = []
    for a, b in _REGIONAL:
        if syllable.startswith(a) and not (a == "d" and syllable.startswith("gi")):
            out.append(b + syllable[len(a) :])
    for a, b in _FINALS:
        if syllable.endswith(a) and not (a == "n" and syllable.endswith("ng")):
            out.append(syllable[: -len(a)] + b)
    return out


class Index:
    """An in-memory index of procedures: BM25 over folded syllables and syllable pairs, then coverage reranking."""

    def __init__(self, docs: Iterable[Doc]) -> None:
        self.docs = list(docs)
        corpus: list[list[str]] = []
        self.doc_terms: list[set[str]] = []
        self.name_weights: list[dict[str, float]] = []
        self.answer_name_weights: list[dict[str, float]] = []
        self.head_weights: list[dict[str, float]] = []
        self.tail_weights: list[dict[str, float]] = []
        df: Counter[str] = Counter()
        names: list[list[str]] = []
        for doc in self.docs:
            name = name_syllables(_LEVEL_QUALIFIER.sub(" ", doc.name))
            other = syllables(f"{doc.field} . {doc.results}")
            names.append(name)
            tokens = (name + bigrams(name)) * 3 + other + bigrams(other)
            corpus.append(tokens)
            terms = set(tokens)
            self.doc_terms.append(terms)
            df.update(terms)
        self.df = df
        self.size = max(len(self.docs), 1)
        self.vocabulary = sorted(t for t in df if "_" not in t)
        for doc in self.docs:
            plain = plain_name(doc.name)
            cut = _QUALIFIER.search(plain.lower(), 8)
            head = name_syllables(plain[: cut.start()] if cut else plain)
            tail = name_syllables(plain[cut.start() :]) if cut else []
            weights = {s: self.idf(s) * QUALIFIER_WEIGHT for s in tail if s not in STOP_SYLLABLES | _NAME_NOISE}
            head_weights = {s: self.idf(s) for s in head if s not in STOP_SYLLABLES | _NAME_NOISE}
            self.name_weights.append(weights | head_weights)
            self.head_weights.append(head_weights)
            self.tail_weights.append({s: w for s, w in weights.items() if s not in head_weights})
            # To decide whether to answer, a long list of cases after the qualifier weighs no more than a share of
            # what is done (the ranking keeps the full list: it tells apart the cases of one procedure).
            tail_total = sum(w for s, w in weights.items() if s not in head_weights)
            cap = MAX_QUALIFIER_SHARE * sum(head_weights.values())
            if tail_total > cap:
                weights = {s: w * cap / tail_total for s, w in weights.items()}
            self.answer_name_weights.append(weights | head_weights)
        self.bm25 = bm25s.BM25()
        self.name_bm25 = bm25s.BM25()
        if self.docs:
            self.bm25.index(corpus, show_progress=False)
            self.name_bm25.index([name + bigrams(name) for name in names], show_progress=False)
        self.name_length = [math.log1p(len(name)) for name in names]
        self.base_names = [
            " ".join(syllables(_CHANNEL_WORDS.sub(" ", _LEVEL_QUALIFIER.sub(" ", d.name)))) for d in self.docs
        ]
        self.position = {d.code: n for n, d in enumerate(self.docs)}
        self.reserved = [
            bool(_RESERVED_NAME.search(" ".join(syllables(d.name)))) or " ".join(syllables(d.field)) in _RESERVED_FIELDS
            for d in self.docs
        ]
        self.citizen = [("công dân" in d.audience.lower() or "cá nhân" in d.name.lower()) for d in self.docs]
        # Procedures whose audience names only organisations, businesses or officials: not a citizen's own.
        self.organisations_only = [
            bool(d.audience.strip()) and not _PERSON_AUDIENCE.search(" ".join(syllables(d.audience))) for d in self.docs
        ]

    def idf(self, term: str) -> float:
        return math.log(1 + self.size / (1 + self.df.get(term, 0)))

    def _pair_df(self, a: str, b: str) -> int:
        return self.df.get(f"{a}_{b}", 0)

    def repair(self, words: list[str]) -> list[str]:
        """Typos and regional spellings repaired from the corpus: unknown syllables go to the closest known one
        that fits its neighbours; known syllables that fit no neighbour try their regional variants.
        Syllables inside an everyday phrase ('lấy vợ', 'sổ đỏ') are left as they are."""
        out = list(words)
        text = f" {' '.join(words)} "
        protected: set[int] = set()
        for everyday, _ in EVERYDAY:
            start = text.find(f" {everyday} ")
            while start >= 0:
                first = text[: start + 1].count(" ") - 1
                protected.update(range(first, first + everyday.count(" ") + 1))
                start = text.find(f" {everyday} ", start + 1)
        for i, s in enumerate(out):
            if i in protected or s in STOP_SYLLABLES or s.isdigit() or len(s) < 2:
                continue
            prev = out[i - 1] if i > 0 else ""
            nxt = out[i + 1] if i + 1 < len(out) else ""

            def fit(candidate: str, prev: str = prev, nxt: str = nxt) -> int:
                return self._pair_df(prev, candidate) + self._pair_df(candidate, nxt)

            if s in self.df:
                if fit(s) or not (prev or nxt):
                    continue
                variants = [v for v in regional_variants(s) if fit(v) > 0]
                if variants:
                    out[i] = max(variants, key=fit)
                continue
            limit = 1 if len(s) < 6 else 2
            found = process.extract(s, self.vocabulary, scorer=Levenshtein.distance, score_cutoff=limit, limit=20)
            candidates = [f[0] for f in found] + [v for v in regional_variants(s) if v in self.df]
            fitting = [c for c in candidates if fit(c) > 0]
            # An unknown word that fits no neighbour once repaired stays unknown: it is likely off-topic.
            if fitting:
                out[i] = max(fitting, key=lambda c: (fit(c), -Levenshtein.distance(s, c), self.df[c]))
        return out

    def association(self, a: str, b: str) -> float:
        """How much two adjacent syllables behave as one word in the corpus: their pair's count over the rarer one's."""
        return self._pair_df(a, b) / max(1, min(self.df.get(a, 0), self.df.get(b, 0)))

    def segment(self, run: list[str]) -> list[list[str]]:
        """Words of a run of content syllables: the split into single syllables and pairs that maximises the
        association of the pairs (so "giấy phép xuất bản" is giấy_phép + xuất + bản, not giấy + phép_xuất…)."""
        best: list[tuple[float, list[list[str]]]] = [(0.0, [])]
        for i in range(1, len(run) + 1):
            single = (best[i - 1][0], [*best[i - 1][1], [run[i - 1]]])
            candidates = [single]
            if i >= 2:
                strength = self.association(run[i - 2], run[i - 1])
                if strength >= MIN_ASSOCIATION:
                    candidates.append((best[i - 2][0] + strength, [*best[i - 2][1], [run[i - 2], run[i - 1]]]))
            best.append(max(candidates, key=lambda c: c[0]))
        return best[-1][1]

    def meaningful(self, words: list[str]) -> list[bool]:
        """Which syllables carry the topic: not separators or filler, except a filler syllable that makes one word
        with a topic neighbour in the corpus ("hành nghề", "việc làm" beside "tìm", "cho vay")."""
        topical = [w != "|" and w not in STOP_SYLLABLES for w in words]
        out = list(topical)
        for n, w in enumerate(words):
            if w == "|" or topical[n]:
                continue
            before = n > 0 and topical[n - 1] and self.association(words[n - 1], w) >= FILLER_WORD_ASSOCIATION
            after = (
                n + 1 < len(words) and topical[n + 1] and self.association(w, words[n + 1]) >= FILLER_WORD_ASSOCIATION
            )
            out[n] = before or after
        return out

    def _coverage(self, query: Query, i: int) -> tuple[float, float]:
        """The share of what the question asks about that the procedure covers (weighted by rarity), and the
        weight of the rarest thing asked about that it does not cover."""
        terms = self.doc_terms[i]
        total = sum(c.weight for c in query.concepts)
        got = 0.0
        missed = 0.0
        for concept in query.concepts:
            best = 0.0
            for alt in concept.alternatives:
                share = sum(1 for s in alt if s in terms) / len(alt)
                if len(alt) > 1:
                    pairs = bigrams(alt)
                    share = 0.3 * share + 0.7 * sum(1 for b in pairs if b in terms) / len(pairs)
                best = max(best, share)
            got += concept.weight * best
            if best < 0.5:
                missed = max(missed, concept.weight)
        return (got / total if total > 0 else 0.0), missed

    @staticmethod
    def _name_coverage(query: Query, weights: dict[str, float]) -> float:
        """The share of a procedure's name (its syllables' weights) that the question mentions; in a story, the
        mean of that share over the whole story and over the sentence stating the need."""
        total = sum(weights.values())
        if total <= 0:
            return 0.0
        share = sum(w for s, w in weights.items() if s in query.syllables) / total
        if not query.asked:
            return share
        return (share + sum(w for s, w in weights.items() if s in query.asked) / total) / 2

    def search(self, question: str, k: int = 5) -> SearchResult:
        """The best procedures for a question, best first, and whether the best one is good enough to answer."""
        query = parse_question(question, self)
        if not self.docs or not query.tokens or not query.concepts:
            return SearchResult(aspect=query.aspect, answered=False, hits=[], vague=True)
        ranked = self._candidates(query)
        if not ranked:
            return SearchResult(aspect=query.aspect, answered=False, hits=[])
        if RERANKER is not None:
            head = ranked[:RERANK_DEPTH]
            # One procedure at several levels is one answer: its versions share the sum of their probabilities.
            of_name: dict[str, float] = {}
            for candidate, probability in zip(head, rerank_scores(head, RERANKER), strict=True):
                base = self.base_names[self.position[candidate.hit.code]]
                of_name[base] = of_name.get(base, 0.0) + probability
            for candidate in head:
                candidate.hit.score = of_name[self.base_names[self.position[candidate.hit.code]]]
            ranked = sorted(head, key=lambda c: -c.hit.score)
        return self._decide(query, [c.hit for c in ranked], k)

    def candidates(self, question: str) -> list[Candidate]:
        """The rules' candidates for a question with the reranker's features, before reranking (for training)."""
        query = parse_question(question, self)
        if not self.docs or not query.tokens or not query.concepts:
            return []
        return self._candidates(query)

    def _candidates(self, query: Query) -> list[Candidate]:
        """The first CANDIDATES procedures by BM25, scored by the rules (coverage of what is asked, of the name,
        BM25, audience and level), best first, each with the reranker's features."""
        scores = self.bm25.get_scores(query.tokens)
        top = np.argsort(-scores)[:CANDIDATES]
        best_bm25 = float(scores[top[0]]) or 1.0
        name_scores = self.name_bm25.get_scores(query.tokens)
        best_name = max(float(name_scores[top].max()), 1e-9)
        citizen_question = not _FORCE_CUES.search(query.text)
        ranked: list[Candidate] = []
        for i in (int(j) for j in top):
            if scores[i] <= 0:
                break
            doc = self.docs[i]
            coverage, missed = self._coverage(query, i)
            # A short question about something rare that this procedure never mentions: likely another matter.
            rare_missed = missed >= RARE_WEIGHT and len(query.concepts) <= SHORT_QUESTION
            factor = RARE_MISS_FACTOR if rare_missed else 1.0
            fit = factor * (0.3 * coverage + 0.7 * self._name_coverage(query, self.name_weights[i]))
            confidence = factor * (0.3 * coverage + 0.7 * self._name_coverage(query, self.answer_name_weights[i]))
            level_named = any(lvl in doc.levels for lvl in query.levels)
            bonus = 0.03 * self.citizen[i] + (0.05 if level_named else 0.0)
            reserved = citizen_question and self.reserved[i]
            if reserved:
                bonus -= RESERVED_PENALTY
                confidence *= RESERVED_CONFIDENCE
            score = 0.7 * fit + 0.3 * float(scores[i]) / best_bm25 + bonus
            hit = Hit(code=doc.code, name=doc.name, levels=doc.levels, score=score, coverage=confidence)
            features = {
                "rules": score,
                "fit": fit,
                "coverage": coverage,
                "bm25": float(scores[i]) / best_bm25,
                "name_bm25": float(name_scores[i]) / best_name,
                "asked_name": self._asked_share(query, self.name_weights[i]),
                "head_covered": self._name_coverage(query, self.head_weights[i]),
                "tail_missed": math.log1p(sum(w for s, w in self.tail_weights[i].items() if s not in query.syllables)),
                "citizen": float(self.citizen[i]),
                "organisations_only": float(self.organisations_only[i]),
                "commune_level": float("Cấp xã" in doc.levels),
                "ministry_only": float(doc.levels == "Cấp bộ"),
                "level_named": float(level_named),
                "rare_missed": float(rare_missed),
                "name_length": self.name_length[i],
            }
            ranked.append(Candidate(hit=hit, features=features, reserved=reserved))
        ranked.sort(key=lambda c: -c.hit.score)
        for n, candidate in enumerate(ranked, start=1):
            candidate.features["rule_rank"] = math.log(n)
        return ranked

    @staticmethod
    def _asked_share(query: Query, weights: dict[str, float]) -> float:
        """The share of a procedure's name that the sentence stating the need mentions (0 without such a sentence)."""
        total = sum(weights.values())
        if total <= 0 or not query.asked:
            return 0.0
        return sum(w for s, w in weights.items() if s in query.asked) / total

    def _decide(self, query: Query, ranked: list[Hit], k: int) -> SearchResult:
        """Whether the best hit answers the question; the same procedure at other levels beside it."""
        best = ranked[0]
        base = self.base_names[self.position[best.code]]
        rival = next((h for h in ranked[1:] if self.base_names[self.position[h.code]] != base), None)
        weight_ratio = sum(c.weight for c in query.concepts) / self.idf("")
        features = decision_features(best, rival, len(query.concepts), weight_ratio, bool(query.asked))
        top_score = max(best.score, 1e-9)
        for hit in ranked:
            hit.score = round(min(1.0, hit.score / top_score * best.coverage), 3)
        vague = weight_ratio < MIN_QUERY_WEIGHT
        answered = (
            best.coverage >= MIN_CONFIDENCE and answer_probability(features) >= DECISION["threshold"] and not vague
        )
        group = [best] + [
            h
            for h in ranked[1:k]
            if self.base_names[self.position[h.code]] == base and h.score >= CLOSE_SHARE * best.score
        ]
        if len(group) > 1 and not query.levels:
            # The same procedure at several levels, all equally good: the level serving the place the question
            # names first, then the one nearest the citizen (commune).
            group.sort(
                key=lambda h: (
                    not any(lvl in h.levels for lvl in query.place_levels),
                    min((n for n, lvl in enumerate(_NEAREST_FIRST) if lvl in h.levels), default=9),
                )
            )
            for hit in group:
                hit.score = best.score
        hits = group + [h for h in ranked[:k] if h not in group]
        return SearchResult(
            aspect=query.aspect, answered=answered, hits=hits, alternatives=group[1:], vague=vague, features=features
        )


class PlainBM25:
    """The baseline: BM25 over the folded syllables of procedure names, nothing else."""

    def __init__(self, docs: Iterable[Doc]) -> None:
        self.docs = list(docs)
        self.bm25 = bm25s.BM25()
        self.bm25.index([syllables(d.name) for d in self.docs], show_progress=False)

    def search(self, question: str, k: int = 5) -> list[str]:
        scores = self.bm25.get_scores(syllables(question))
        return [self.docs[i].code for i in np.argsort(-scores)[:k] if scores[i] > 0]
