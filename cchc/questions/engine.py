"""The question engine without the database: drawing a paper by rules (pillar, difficulty, tag) with shuffled
options, and marking an answer. Pure Python, so the same draw and marking serve contests, surveys and benches."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

CHOICE_KINDS = ("single", "multiple", "true_false")


@dataclass(frozen=True)
class Candidate:
    """What the draw needs of a question."""

    id: int
    kind: str
    pillar: str
    difficulty: int
    tags: tuple[str, ...] = ()
    option_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class DrawRule:
    """`count` questions among those matching every filter given (None: any)."""

    count: int
    difficulty: int | None = None
    pillars: frozenset[str] | None = None
    tag: str | None = None

    def matches(self, c: Candidate) -> bool:
        return (
            (self.difficulty is None or c.difficulty == self.difficulty)
            and (not self.pillars or c.pillar in self.pillars)
            and (not self.tag or self.tag in c.tags)
        )


@dataclass
class DrawnQuestion:
    id: int
    options: list[str] = field(default_factory=list)


class DrawError(ValueError):
    """The pool cannot satisfy the rules; the message is Vietnamese."""


def shortfalls(pool: Sequence[Candidate], rules: Sequence[DrawRule]) -> list[str]:
    """Why the rules cannot be met from the pool (empty when every draw will succeed). Rules are taken in order and
    never draw a question twice, so a later rule sees the pool less what earlier rules may take."""
    problems: list[str] = []
    taken: set[int] = set()
    for number, rule in enumerate(rules, start=1):
        matching = [c.id for c in pool if c.id not in taken and rule.matches(c)]
        if len(matching) < rule.count:
            problems.append(f"Yêu cầu {number}: cần {rule.count} câu, ngân hàng chỉ có {len(matching)} câu phù hợp.")
        taken.update(matching[: rule.count])
    return problems


def draw(pool: Sequence[Candidate], rules: Sequence[DrawRule], rng: random.Random) -> list[DrawnQuestion]:
    """A paper: for each rule, `count` distinct questions picked at random among those matching it; the paper's
    order and each choice question's options shuffled. Raises DrawError when the pool is too small."""
    problems = shortfalls(pool, rules)
    if problems:
        raise DrawError(" ".join(problems))
    chosen: list[Candidate] = []
    taken: set[int] = set()
    for rule in rules:
        matching = [c for c in pool if c.id not in taken and rule.matches(c)]
        picked = rng.sample(matching, rule.count)
        taken.update(c.id for c in picked)
        chosen.extend(picked)
    rng.shuffle(chosen)
    paper = []
    for c in chosen:
        options = list(c.option_ids)
        if c.kind in ("single", "multiple"):
            rng.shuffle(options)  # Đúng / Sai keep their order
        paper.append(DrawnQuestion(c.id, options))
    return paper


def clean_answer(kind: str, option_ids: Iterable[str], raw: Any) -> list[str] | None:
    """A taker's answer as stored: option ids of this question (a tampered id refuses the whole answer: ValueError),
    or the typed number as digits; None when unanswered."""
    values = [str(v).strip() for v in (raw if isinstance(raw, list | tuple) else [raw]) if v not in (None, "")]
    values = [v for v in values if v]
    if not values:
        return None
    if kind == "text":
        return values[:1]
    if kind == "number":
        text = values[0].replace(".", "").replace(" ", "").replace(",", "")
        sign = "-" if text.startswith("-") else ""
        digits = text.lstrip("+-")
        if not digits.isascii() or not digits.isdigit() or len(digits) > 15:
            raise ValueError("Câu trả lời phải là một số nguyên.")
        return [sign + str(int(digits))]
    allowed = set(option_ids)
    if any(v not in allowed for v in values):
        raise ValueError("Phương án không thuộc câu hỏi này.")
    unique = sorted(set(values))
    if kind != "multiple" and len(unique) > 1:
        raise ValueError("Câu hỏi này chỉ chọn một phương án.")
    return unique


def is_correct(kind: str, correct: Sequence[str], answer: Sequence[str] | None) -> bool:
    if not answer:
        return False
    if kind == "number":
        return str(answer[0]) == str(correct[0])
    return sorted(set(answer)) == sorted(set(correct))


def score(
    paper: Sequence[Mapping[str, Any]], keys: Mapping[int, tuple[str, Sequence[str]]], answers: Mapping[str, Any]
) -> int:
    """Correct answers on a paper ([{'q': id, …}]), given each question's (kind, correct) and the stored answers by
    question id (as a string, JSON's keys)."""
    total = 0
    for item in paper:
        qid = int(item["q"])
        kind, correct = keys[qid]
        total += is_correct(kind, correct, answers.get(str(qid)))
    return total
