"""Fixtures of the reporting tests: the Chợ Đồn seed plan issued to its units, with a few logged results."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from cchc.execution.models import Assignment, LoggedResult
from cchc.execution.services import ResultInput, issue_plan, log_result
from cchc.reporting import services
from cchc.reporting.models import ReportingPeriod


def log(actor: Any, assignment: Assignment, day: dt.date, kind: str, title: str, **quantities: Any) -> LoggedResult:
    return log_result(actor, assignment, ResultInput(date=day, kind=kind, title=title, **quantities)).result


@pytest.fixture
def issued(cast: Any) -> Any:
    """The plan issued (assignments for every unit it names), with results for the officer's and another unit."""
    issue_plan(cast.owner, cast.plan)
    mine = list(Assignment.objects.filter(plan=cast.plan, unit=cast.officer_unit, is_active=True).order_by("ref"))
    other = Assignment.objects.filter(plan=cast.plan, unit=cast.other_unit, is_active=True).order_by("ref").first()
    log(
        cast.officer,
        mine[0],
        dt.date(2024, 3, 5),
        "conference",
        "Hội nghị tuyên truyền CCHC cho cán bộ xã",
        participants=120,
    )
    log(
        cast.officer,
        mine[1],
        dt.date(2024, 4, 2),
        "portal_news",
        "Tin bài về thủ tục hành chính trên Cổng TTĐT",
        reach=3500,
    )
    log(cast.officer, mine[2], dt.date(2024, 5, 20), "visual", "Màn hình LED tại bộ phận một cửa", copies=2)
    log(
        cast.other_officer,
        other,
        dt.date(2024, 6, 1),
        "loudspeaker",
        "Phát thanh về CCHC trên loa truyền thanh",
        broadcasts=12,
    )
    return cast


@pytest.fixture
def period(issued: Any) -> ReportingPeriod:
    """The plan's annual reporting period (the Chợ Đồn plan asks for a year-end report)."""
    periods = services.sync_periods(issued.owner, issued.plan)
    return next(p for p in periods if p.kind == "annual")
