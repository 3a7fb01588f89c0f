"""Fixtures of the reporting tests: the Chợ Đồn seed plan issued to its units, with a few logged results.

Issuing a seed plan creates hundreds of assignments and thousands of occurrences, so it is built once per test
module inside a transaction that is rolled back at the end; each test runs in a savepoint within it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

from cchc.accounts.models import Role, User
from cchc.execution.models import Assignment, LoggedResult
from cchc.execution.services import ResultInput, issue_plan, log_result
from cchc.plans.seeds import load_seed_plan
from cchc.reporting import services
from cchc.reporting.models import ReportingPeriod
from cchc.units.models import Unit
from conftest import Cast, seed_plan_json


def log(actor: Any, assignment: Assignment, day: dt.date, kind: str, title: str, **quantities: Any) -> LoggedResult:
    return log_result(actor, assignment, ResultInput(date=day, kind=kind, title=title, **quantities)).result


def make_user(username: str, role: str, unit: Unit | None) -> User:
    """A user without a password (tests log in with force_login): hashing seven passwords would double set-up."""
    return User.objects.create(
        username=username, role=role, unit=unit, is_superuser=role == Role.ADMIN, is_staff=role == Role.ADMIN
    )


def _build() -> Cast:
    plan = load_seed_plan(None, seed_plan_json("001")).plan
    issuer = plan.issuer_unit
    assert issuer is not None and plan.owner_unit is not None
    elsewhere = load_seed_plan(None, seed_plan_json("000")).plan
    cast = Cast(
        plan=plan,
        admin=make_user("quantri", Role.ADMIN, None),
        owner=make_user("noivu", Role.OWNER, plan.owner_unit),
        officer=make_user("canbo", Role.OFFICER, Unit.objects.get(parent=issuer, name="Phòng Tư pháp")),
        other_officer=make_user(
            "canbo_vhtt", Role.OFFICER, Unit.objects.get(parent=issuer, name="Phòng Văn hóa và Thông tin")
        ),
        outsider=make_user(
            "canbo_backan", Role.OFFICER, Unit.objects.get(parent=elsewhere.issuer_unit, name="Sở Nội vụ")
        ),
        leader=make_user("lanhdao", Role.LEADER, issuer),
        public=make_user("nguoidan", Role.PUBLIC, None),
        officer_unit=Unit.objects.get(parent=issuer, name="Phòng Tư pháp"),
        other_unit=Unit.objects.get(parent=issuer, name="Phòng Văn hóa và Thông tin"),
        outsider_unit=Unit.objects.get(parent=elsewhere.issuer_unit, name="Sở Nội vụ"),
    )
    issue_plan(cast.owner, plan)
    mine = list(Assignment.objects.filter(plan=plan, unit=cast.officer_unit, is_active=True).order_by("ref"))
    other = Assignment.objects.filter(plan=plan, unit=cast.other_unit, is_active=True).order_by("ref").first()
    assert other is not None
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
    services.sync_periods(cast.owner, plan)
    return cast


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Cast]:
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield _build()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def issued(world: Cast, db: Any) -> Cast:
    """The issued plan, its users and results; changes a test makes are rolled back after it."""
    return world


@pytest.fixture
def period(issued: Cast) -> ReportingPeriod:
    """The plan's annual reporting period (the Chợ Đồn plan asks for a year-end report)."""
    return ReportingPeriod.objects.get(plan=issued.plan, kind="annual")
