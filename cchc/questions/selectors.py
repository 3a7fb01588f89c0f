"""Reads of the question bank: a bank's current questions, the draw's candidates, and question content by id.

Question rows never change once written (a revision is a new row), so their content is cached by id without
expiry: the taking pages of a round read it from the shared cache (Redis in production), not the database."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.cache import cache
from django.db.models import Count, QuerySet

from cchc.questions import engine
from cchc.questions.models import Difficulty, Pillar, Question, QuestionBank

_CACHE_PREFIX = "questions:q:v1:"


def current_questions(bank: QuestionBank) -> QuerySet[Question]:
    return bank.questions.filter(is_current=True).order_by("key")


def bank_summary(bank: QuestionBank) -> list[dict[str, Any]]:
    """Current questions counted by pillar and difficulty (what a round's draw rules can ask for)."""
    rows = (
        current_questions(bank).values("pillar", "difficulty").annotate(n=Count("id")).order_by("pillar", "difficulty")
    )
    pillars, levels = dict(Pillar.choices), dict(Difficulty.choices)
    return [
        {
            **row,
            "pillar_label": pillars.get(row["pillar"], row["pillar"]),
            "difficulty_label": levels[row["difficulty"]],
        }
        for row in rows
    ]


def candidates(question_ids: Iterable[int]) -> list[engine.Candidate]:
    return [
        engine.Candidate(q["id"], q["kind"], q["pillar"], q["difficulty"], tuple(q["tags"]), q["option_ids"])
        for q in content(question_ids).values()
    ]


def current_ids(bank_id: int) -> list[int]:
    return list(Question.objects.filter(bank_id=bank_id, is_current=True).order_by("id").values_list("id", flat=True))


def content(question_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """Question content by id, answers included (for marking; never rendered before submission)."""
    ids = list(dict.fromkeys(int(i) for i in question_ids))
    found = cache.get_many([f"{_CACHE_PREFIX}{i}" for i in ids])
    out = {int(key.removeprefix(_CACHE_PREFIX)): value for key, value in found.items()}
    missing = [i for i in ids if i not in out]
    if missing:
        fresh = {}
        for q in Question.objects.filter(pk__in=missing):
            fresh[q.pk] = {
                "id": q.pk,
                "key": q.key,
                "kind": q.kind,
                "text": q.text,
                "options": {str(o["id"]): str(o["text"]) for o in q.options},
                "option_ids": tuple(str(o["id"]) for o in q.options),
                "correct": [str(c) for c in q.correct],
                "pillar": q.pillar,
                "difficulty": q.difficulty,
                "tags": list(q.tags),
            }
        cache.set_many({f"{_CACHE_PREFIX}{i}": v for i, v in fresh.items()}, timeout=None)
        out.update(fresh)
    return {i: out[i] for i in ids if i in out}
