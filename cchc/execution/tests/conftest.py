"""Fixtures for the execution tests: an issued seed plan, uploads kept in a temporary media folder."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from cchc.execution.models import Assignment
from cchc.execution.services import ResultInput


@pytest.fixture(autouse=True)
def _fast_settings(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def issued(world_issued: Any) -> Any:
    """The cast's plan (Chợ Đồn 2024), issued by its owner (built once: the root conftest's ``world_issued``)."""
    return world_issued


def officer_assignment(cast: Any) -> Assignment:
    """An activity assignment of the officer's unit (Phòng Tư pháp)."""
    return Assignment.objects.filter(plan=cast.plan, unit=cast.officer_unit, activity__isnull=False).order_by("pk")[0]


def other_assignment(cast: Any) -> Assignment:
    return Assignment.objects.filter(plan=cast.plan, unit=cast.other_unit).order_by("pk")[0]


def result_input(**overrides: Any) -> ResultInput:
    values: dict[str, Any] = {
        "date": dt.date(2024, 3, 15),
        "kind": "conference",
        "title": "Hội nghị tuyên truyền CCHC quý I",
        "participants": 120,
    }
    values.update(overrides)
    return ResultInput(**values)
