"""Fixtures for contest tests: a bank of 16 questions of the owner's unit, a contest and a round open now."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from cchc.contests import services
from cchc.contests.models import Contest, Round
from cchc.questions.tests.conftest import _empty_cache
from cchc.questions.tests.factories import filled_bank, standard_rows

__all__ = ["_empty_cache"]


@pytest.fixture
def contest(cast: Any) -> Contest:
    bank = filled_bank(cast.owner, cast.owner.unit, standard_rows())
    return services.create_contest(cast.owner, title="Tìm hiểu CCHC 2025", description="Thể lệ", bank=bank)


def round_input(**changes: Any) -> services.RoundInput:
    now = timezone.now()
    values: dict[str, Any] = {
        "opens_at": now - dt.timedelta(hours=1),
        "closes_at": now + dt.timedelta(hours=2),
        "duration_minutes": 30,
        "easy_count": 2,
        "medium_count": 2,
        "hard_count": 1,
        "prize_count": 3,
    }
    values.update(changes)
    return services.RoundInput(**values)


@pytest.fixture
def open_round(cast: Any, contest: Contest) -> Round:
    return services.add_round(cast.owner, contest, round_input())


def registration(cccd: str = "001099012345", name: str = "Nguyễn Văn An", unit: Any = None, **extra: Any) -> Any:
    return services.Registration(full_name=name, cccd=cccd, unit_id=str(unit.pk) if unit else "", **extra)


def right_answers(attempt: Any, wrong: int = 0) -> dict[str, Any]:
    """The form of a paper with every answer right except the first `wrong` ones."""
    from cchc.questions.selectors import content

    data: dict[str, Any] = {}
    questions = content(item["q"] for item in attempt.paper)
    for index, item in enumerate(attempt.paper):
        q = questions[item["q"]]
        right = q["correct"][0]
        data[f"q{item['q']}"] = next(o for o in q["option_ids"] if o != right) if index < wrong else right
    return data
