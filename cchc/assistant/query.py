"""Reading a citizen's question into what it asks about, in named steps.

A question becomes a ``Query``: its concepts (what it asks about, each with its alternatives and a rarity weight, for
the coverage of each procedure) and its tokens (for BM25). The steps, in order (``parse_question``):

1. ``read_sentences``: folded syllables, held-down letters ("khaiii") and shorthand ("gks") expanded, and where the
   sentence stating the need lies in a story of several sentences;
2. the corpus repairs typos and regional spellings (``Corpus.repair``);
3. ``detect_aspect`` and ``named_levels``: which part of a procedure is asked for, at which level of government;
4. ``phrase_concepts``: everyday phrases ("lấy vợ", "gộp … sổ đỏ") with their official wording;
5. ``word_concepts``: the other topic words, segmented into the corpus's words;
6. ``number_concepts``: short numbers (long ones are phone or ID numbers);
7. ``weigh_request``: in a story, what the sentence stating the need asks about weighs more.

The corpus statistics the steps need (rarity, typo repair, word segmentation) come from the index (``Corpus``).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from cchc.assistant.localities import named_place_levels
from cchc.assistant.vocabulary import ABBREVIATIONS, ASPECT_CUES, CLASSIFIERS, COURTESY, EVERYDAY_TO_OFFICIAL
from cchc.core.text import key

# Questions are cut to this many syllables.
MAX_SYLLABLES = 300
# In a story of several sentences, what is asked about in the sentence stating the need (the last one with a
# request word: "muốn", "xin", "làm sao", …) weighs this many times what the story around it mentions.
REQUEST_WEIGHT = 2.0
_SENTENCE_END = re.compile(r"[.!?;\n]+")
_REQUEST_CUES = ("muon", "can", "xin", "lam sao", "the nao", "lam gi", "o dau", "duoc khong", "co phai", "ra sao")
# Longer numbers (phone, ID, file numbers) never name a procedure.
MAX_NUMBER_DIGITS = 4
# Courtesy phrases, longest first, matched on whole syllables.
_COURTESY = re.compile(r"\b(?:" + "|".join(sorted(COURTESY, key=len, reverse=True)) + r")\b")
# Who a courteous sentence addresses ("… cảm ơn luật sư"): dropped with the courtesy.
_ADDRESSEE = re.compile(r"\b(?:cac )?(?:luat su|luat gia|tong dai|anh chi|ban bien tap)\b")
_Y_FINAL = re.compile(r"\b([kltmshnvdbg])y\b")
_LEADING_ZEROS = re.compile(r"\b0+(\d)")
_REPEATS = re.compile(r"([^\W\d])\1{2,}")  # "khaiii sinhhh": letters held down
# Where the citizen says they will go (folded; single syllables like "xa", "so", "bo" are too ambiguous).
_LEVEL_CUES = {
    "Cấp xã": ("cap xa", "ubnd xa", "uy ban xa", "ubnd phuong", "uy ban phuong", "o xa", "tai xa", "len xa", "ra xa"),
    "Cấp tỉnh": ("cap tinh", "ubnd tinh", "uy ban tinh", "cong an tinh", "o tinh", "tai tinh", "len tinh"),
    "Cấp bộ": ("cap bo", "trung uong", "cap trung uong", "o bo", "tai bo"),
}


def syllables(text: str) -> list[str]:
    """Folded syllables (no marks, đ→d, lower case, punctuation dropped), 'ký'/'kí' spelt one way, '02' as '2'."""
    return _LEADING_ZEROS.sub(r"\1", _Y_FINAL.sub(r"\1i", key(text))).split()


def bigrams(tokens: Sequence[str]) -> list[str]:
    return [f"{a}_{b}" for a, b in itertools.pairwise(tokens)]


def _folded_phrase(text: str) -> str:
    return " ".join(syllables(text))


# Everyday phrases and their official wording, folded, longest first.
EVERYDAY = sorted(
    ((_folded_phrase(k), _folded_phrase(v)) for k, v in EVERYDAY_TO_OFFICIAL.items() if "…" not in k),
    key=lambda kv: -len(kv[0]),
)
# Everyday phrases in parts that may stand apart ("gộp … sổ đỏ"), folded.
_TOGETHER = [
    (tuple(_folded_phrase(part) for part in k.split("…")), _folded_phrase(v))
    for k, v in EVERYDAY_TO_OFFICIAL.items()
    if "…" in k
]
_ABBREVIATIONS = {_folded_phrase(k): _folded_phrase(v) for k, v in ABBREVIATIONS.items()}
_CLASSIFIERS = {_folded_phrase(c) for c in CLASSIFIERS}
_KNOWN_SHORTHAND = {w for phrase in (*_ABBREVIATIONS, *(k for k, _ in EVERYDAY)) for w in phrase.split()}
_CUES = {aspect: tuple(_folded_phrase(c) for c in cues) for aspect, cues in ASPECT_CUES.items()}
_CUE_PATTERN = re.compile(
    r"\b(?:" + "|".join(sorted({re.escape(c) for cs in _CUES.values() for c in cs}, key=len, reverse=True)) + r")\b"
)


def _contains(haystack: str, phrase: str) -> bool:
    return f" {phrase} " in f" {haystack} "


@dataclass
class Concept:
    """One thing the question asks about: a syllable, or an everyday phrase with its official wording."""

    alternatives: list[list[str]]
    weight: float


@dataclass
class Query:
    aspect: str
    concepts: list[Concept]
    tokens: list[str]
    levels: list[str] = field(default_factory=list)
    # The levels serving a place the question names (a commune, a former district): shown first, not ranked on.
    place_levels: list[str] = field(default_factory=list)
    syllables: set[str] = field(default_factory=set)
    # What the sentence stating the need mentions (with official wordings), in a story of several sentences.
    asked: set[str] = field(default_factory=set)
    # The question as read: folded, shorthand expanded, typos repaired.
    text: str = ""


class Corpus(Protocol):
    """What reading a question needs to know of the procedures' corpus (the index provides it)."""

    def idf(self, term: str) -> float: ...

    def repair(self, words: list[str]) -> list[str]: ...

    def segment(self, run: list[str]) -> list[list[str]]: ...

    def meaningful(self, words: list[str]) -> list[bool]: ...


def without_courtesy(sentence: str) -> str:
    """A folded sentence without its courtesy phrases and, when it had some, without whom it addresses."""
    kept = _COURTESY.sub(" ", sentence)
    return _ADDRESSEE.sub(" ", kept) if kept != sentence else kept


def read_sentences(question: str) -> tuple[list[str], tuple[int, int]]:
    """The question's syllables with shorthand expanded (at most MAX_SYLLABLES), and where the sentence stating
    the need lies among them (an empty span for a single sentence, or when no sentence states it)."""
    expanded: list[str] = []
    request = (0, 0)
    sentences = [without_courtesy(" ".join(syllables(part))) for part in _SENTENCE_END.split(question)]
    sentences = [sentence for sentence in sentences if sentence.split()]
    for sentence in sentences:
        start = len(expanded)
        for s in sentence.split():
            s = _REPEATS.sub(r"\1", s) if s not in _KNOWN_SHORTHAND else s
            expanded.extend(_ABBREVIATIONS.get(s, s).split())
        said = f" {' '.join(expanded[start:])} "
        if len(sentences) > 1 and any(f" {cue} " in said for cue in _REQUEST_CUES):
            request = (start, len(expanded))
    return expanded[:MAX_SYLLABLES], request


def detect_aspect(question: str) -> str:
    """Which part of a procedure the question asks for: fee, time, documents, place, … or 'general'."""
    folded = " ".join(_ABBREVIATIONS.get(s, s) for s in syllables(question))
    if folded.startswith("dieu kien"):
        return "conditions"
    found = [aspect for aspect, cues in _CUES.items() if any(_contains(folded, cue) for cue in cues)]
    if "legal" in found:  # "quy định ở đâu" asks for the law, not for a place
        return "legal"
    return found[0] if len(found) == 1 else "general"


def named_levels(text: str) -> list[str]:
    """The levels of government the (folded) question says the citizen will go to."""
    return [lvl for lvl, cues in _LEVEL_CUES.items() if any(_contains(text, c) for c in cues)]


def phrase_concepts(text: str, corpus: Corpus) -> tuple[list[Concept], list[str], str]:
    """Everyday phrases found in the question (matched without numbers and classifiers: "gộp 2 sổ đỏ" is "gộp sổ
    đỏ"), as concepts with their official wording, their tokens, and the topic left with the phrases cut out."""
    concepts: list[Concept] = []
    tokens: list[str] = []
    topic = f" {' '.join(w for w in text.split() if not w.isdigit() and w not in _CLASSIFIERS)} "
    for parts, official in _TOGETHER:
        if all(f" {part} " in topic for part in parts):
            alternatives = [" ".join(parts).split(), official.split()]
            concepts.append(Concept(alternatives=alternatives, weight=max(corpus.idf(s) for s in official.split())))
            tokens += (official.split() + bigrams(official.split())) * 2
    for everyday, official in EVERYDAY:
        if f" {everyday} " in topic:
            alternatives = [everyday.split(), official.split()]
            weight = max(corpus.idf(s) for s in official.split())
            concepts.append(Concept(alternatives=alternatives, weight=weight))
            official_tokens = official.split()
            tokens += (official_tokens + bigrams(official_tokens)) * 2 + everyday.split()
            topic = topic.replace(f" {everyday} ", " | ")
    return concepts, tokens, topic


def word_concepts(topic: str, corpus: Corpus) -> tuple[list[Concept], list[str], list[bool]]:
    """The topic's words (aspect cues cut out, filler dropped, runs segmented into the corpus's words) as
    concepts, with the topic's syllables and which of them carry the topic."""
    words = _CUE_PATTERN.sub(" | ", topic).split()
    meaningful = corpus.meaningful(words)
    concepts: list[Concept] = []
    run: list[str] = []
    for s, keep in [*zip(words, meaningful, strict=True), ("|", False)]:
        if not keep:
            concepts += [Concept(alternatives=[w], weight=corpus.idf("_".join(w))) for w in corpus.segment(run)]
            run = []
        else:
            run.append(s)
    return concepts, words, meaningful


def short_numbers(text: str) -> list[str]:
    """Numbers short enough to name something (a form, an article); longer ones are phone, ID or file numbers."""
    return [w for w in text.split() if w.isdigit() and len(w) <= MAX_NUMBER_DIGITS]


def weigh_request(concepts: list[Concept], content: list[str], asked: set[str]) -> list[str]:
    """In a story, the concepts the sentence stating the need mentions weigh REQUEST_WEIGHT times more (and add
    their official wordings to what is asked); returns the extra tokens of that sentence."""
    if not asked:
        return []
    for concept in concepts:
        if all(s in asked for s in concept.alternatives[0]):
            concept.weight *= REQUEST_WEIGHT
            asked.update(s for alt in concept.alternatives for s in alt)
    return [s for s in content if s in asked]


def parse_question(question: str, corpus: Corpus) -> Query:
    """The question as concepts (for coverage) and weighted tokens (for BM25)."""
    expanded, request = read_sentences(question)
    repaired = corpus.repair(expanded)
    text = " ".join(repaired)
    asked = set(repaired[request[0] : request[1]])
    concepts, tokens, topic = phrase_concepts(text, corpus)
    topic_concepts, words, meaningful = word_concepts(topic, corpus)
    numbers = short_numbers(text)
    concepts += topic_concepts + [Concept(alternatives=[[n]], weight=corpus.idf(n)) for n in numbers]
    content = [s for s, keep in zip(words, meaningful, strict=True) if keep] + numbers
    tokens += content + bigrams([w for w in words if w != "|"]) * 2
    tokens += weigh_request(concepts, content, asked)
    query_syllables = set(content) | {s for c in concepts for alt in c.alternatives for s in alt}
    return Query(
        detect_aspect(text),
        concepts,
        tokens,
        levels=named_levels(text),
        place_levels=named_place_levels(question),
        syllables=query_syllables,
        asked=asked,
        text=text,
    )
