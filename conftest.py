"""Shared test fixtures: the seed plans' world (a plan with its locality, one named user per role) built once.

Loading two seed plans and their localities costs about a second, and most execution, plan and reporting tests
need them. So the world is built once per test process in layers, each in its own transaction kept open across
tests: ``seeded`` (the Chợ Đồn 2024 plan as a draft, the Bắc Kạn 2025 plan for an outside unit, seven users),
``issued`` (the Chợ Đồn plan issued by its owner) and ``reported`` (issued, four logged results, reporting periods
opened). Each test runs in a savepoint inside them, so its own changes are rolled back as before.

Just before a test's database transaction opens (``pytest_fixture_setup`` of pytest-django's helper), the world
is brought to the layer the test asks for: layers above it are rolled back, missing ones built. A test that asks
for no layer sees an empty database. A transactional test (``django_db(transaction=True)``) needs data other
connections can see: for it the layers are rolled back and its layer is built and committed; Django's flush
after the test removes it, and the next test builds its layer again.

A conftest further down may register a world of its own built from an empty database (``OTHER_WORLDS``: the
security tests' two territories): it is kept open the same way, for every test that asks for it in this process,
until a test asks for something else.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from pytest_django.fixtures import validate_django_db

from cchc.accounts.models import Role, User
from cchc.plans.models import Plan
from cchc.plans.seeds import load_seed_plan, seed_plan_files
from cchc.units.models import Unit


def pytest_configure(config: Any) -> None:
    from django.conf import settings

    # Password hashing is deliberately slow; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Background readings run inside the request, in the test's transaction (test_background_reading turns it on).
    settings.BACKGROUND_THREADS = False


def seed_plan_json(stem_prefix: str) -> dict[str, Any]:
    """A gold plan JSON by its file-name prefix ('000' ... '004')."""
    path = next(p for p in seed_plan_files() if p.name.startswith(stem_prefix))
    with open(path, encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


@dataclass
class Cast:
    """Named users around one plan: who owns it, who works in its units, who is outside."""

    plan: Plan
    admin: User
    owner: User
    officer: User
    other_officer: User
    outsider: User
    leader: User
    public: User
    officer_unit: Unit
    other_unit: Unit
    outsider_unit: Unit


ROLES = {
    "admin": ("quantri", Role.ADMIN),
    "owner": ("noivu", Role.OWNER),
    "officer": ("canbo", Role.OFFICER),
    "other_officer": ("canbo_vhtt", Role.OFFICER),
    "outsider": ("canbo_backan", Role.OFFICER),
    "leader": ("lanhdao", Role.LEADER),
    "public": ("nguoidan", Role.PUBLIC),
}


def make_user(username: str, role: str, unit: Unit | None) -> User:
    return User.objects.create_user(
        username=username,
        password="matkhau-thu-nghiem-2025",
        role=role,
        unit=unit,
        is_superuser=role == Role.ADMIN,
        is_staff=role == Role.ADMIN,
    )


def _build_seeded() -> dict[str, int]:
    """Chợ Đồn 2024 (district level: lead units, groups, communes) as a draft, and its users; returns their ids."""
    plan = load_seed_plan(None, seed_plan_json("001")).plan
    issuer = plan.issuer_unit
    assert issuer is not None and plan.owner_unit is not None
    officer_unit = Unit.objects.get(parent=issuer, name="Phòng Tư pháp")
    other_unit = Unit.objects.get(parent=issuer, name="Phòng Văn hóa và Thông tin")
    # A unit of another locality: Bắc Kạn province's Sở Nội vụ, loaded from another seed plan.
    elsewhere = load_seed_plan(None, seed_plan_json("000")).plan
    outsider_unit = Unit.objects.get(parent=elsewhere.issuer_unit, name="Sở Nội vụ")
    units = {
        "admin": None,
        "owner": plan.owner_unit,
        "officer": officer_unit,
        "other_officer": other_unit,
        "outsider": outsider_unit,
        "leader": issuer,
        "public": None,
    }
    ids = {role: make_user(name, kind, units[role]).pk for role, (name, kind) in ROLES.items()}
    ids.update(plan=plan.pk, officer_unit=officer_unit.pk, other_unit=other_unit.pk, outsider_unit=outsider_unit.pk)
    return ids


def load_cast(ids: dict[str, int]) -> Cast:
    """Fresh instances of the world's plan, users and units (a test may change them freely)."""
    users = User.objects.in_bulk([ids[role] for role in ROLES])
    units = Unit.objects.in_bulk([ids["officer_unit"], ids["other_unit"], ids["outsider_unit"]])
    return Cast(
        plan=Plan.objects.get(pk=ids["plan"]),
        **{role: users[ids[role]] for role in ROLES},
        officer_unit=units[ids["officer_unit"]],
        other_unit=units[ids["other_unit"]],
        outsider_unit=units[ids["outsider_unit"]],
    )


def _build_issued(cast: Cast) -> None:
    from cchc.reporting.services import issue_plan

    issue_plan(cast.owner, cast.plan)


def _build_reported(cast: Cast) -> None:
    """Four results logged by two units, and the plan's reporting periods opened."""
    from cchc.execution.models import Assignment
    from cchc.execution.services import ResultInput, log_result
    from cchc.reporting import services

    mine = list(Assignment.objects.filter(plan=cast.plan, unit=cast.officer_unit, is_active=True).order_by("ref"))
    other = Assignment.objects.filter(plan=cast.plan, unit=cast.other_unit, is_active=True).order_by("ref").first()
    assert other is not None
    logged = [
        (cast.officer, mine[0], dt.date(2024, 3, 5), "conference", "Hội nghị tuyên truyền CCHC cho cán bộ xã",
         {"participants": 120}),
        (cast.officer, mine[1], dt.date(2024, 4, 2), "portal_news", "Tin bài về thủ tục hành chính trên Cổng TTĐT",
         {"reach": 3500}),
        (cast.officer, mine[2], dt.date(2024, 5, 20), "visual", "Màn hình LED tại bộ phận một cửa", {"copies": 2}),
        (cast.other_officer, other, dt.date(2024, 6, 1), "loudspeaker", "Phát thanh về CCHC trên loa truyền thanh",
         {"broadcasts": 12}),
    ]  # fmt: skip
    for actor, assignment, day, kind, title, quantities in logged:
        log_result(actor, assignment, ResultInput(date=day, kind=kind, title=title, **quantities))
    services.sync_periods(cast.owner, cast.plan)
    # Each office's register symbol, as its clerk confirmed the one proposed from its name (PTP, PNV …).
    issuer = cast.plan.issuer_unit
    for unit in Unit.objects.filter(parent=issuer).exclude(kind="commune"):
        unit.symbol = services.proposed_symbol(unit)
        unit.save(update_fields=["symbol"])


# The layers in order; each builds on the ones before it.
LAYERS: list[tuple[str, Callable[[Cast], None]]] = [
    ("world_seeded", lambda cast: None),
    ("world_issued", _build_issued),
    ("world_reported", _build_reported),
]


# Worlds built from an empty database by a conftest further down (name of the fixture that asks for it: builder
# given the asking test's request), kept open like the layers for the tests that ask for it.
OTHER_WORLDS: dict[str, Callable[[Any], Any]] = {}


class World:
    """The layers currently built, each an open transaction (a savepoint inside the one below); or one of the
    ``OTHER_WORLDS`` in its own open transaction."""

    def __init__(self, blocker: Any) -> None:
        self.blocker = blocker
        self.open: list[Any] = []
        self.ids: dict[str, int] = {}
        self.builds = 0
        self.other: tuple[str, Any, Any] | None = None  # (name, its open transaction, what its builder returned)

    def prepare(self, level: int, committed: bool, other: str | None = None, request: Any = None) -> None:
        """Bring the database to ``level`` layers (0: empty), in open transactions or, if ``committed``, committed;
        or, if ``other`` names one of the ``OTHER_WORLDS``, to that world alone."""
        if other and (level or committed):
            raise pytest.UsageError(f"'{other}' is built from an empty database: no seed layer, no transaction=True")
        with self.blocker.unblock():
            if self.other and self.other[0] != other:
                self._release_other()
            self.release(0 if committed or other else level)
            if other:
                if self.other is None:
                    self._build_other(other, request)
                return
            if committed:
                for index in range(level):
                    self._build(index)
                return
            while len(self.open) < level:
                atomic = transaction.atomic()
                atomic.__enter__()
                self.open.append(atomic)
                self._build(len(self.open) - 1)

    def _build(self, index: int) -> None:
        if index == 0:
            self.ids = _build_seeded()
            self.builds += 1
        LAYERS[index][1](load_cast(self.ids))

    def _build_other(self, name: str, request: Any) -> None:
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            self.other = (name, atomic, OTHER_WORLDS[name](request))
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise

    def built(self, name: str) -> Any:
        """What the world ``name`` of ``OTHER_WORLDS`` was built into (the test's database fixture built it)."""
        assert self.other is not None and self.other[0] == name, f"'{name}' needs the db fixture before it"
        return self.other[2]

    def release(self, level: int) -> None:
        while len(self.open) > level:
            transaction.set_rollback(True)
            self.open.pop().__exit__(None, None, None)

    def _release_other(self) -> None:
        assert self.other is not None and not self.open
        transaction.set_rollback(True)
        self.other[1].__exit__(None, None, None)
        self.other = None

    def release_all(self) -> None:
        self.release(0)
        if self.other:
            self._release_other()


_world: World | None = None


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """Before the test databases are created: an in-memory SQLite one copies the kept migrated schema
    (tests/schema_cache.py) instead of replaying every migration."""
    from tests import schema_cache

    schema_cache.install()


@pytest.fixture(scope="session")
def world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[World]:
    global _world
    _world = World(django_db_blocker)
    try:
        yield _world
    finally:
        with django_db_blocker.unblock():
            _world.release_all()
        _world = None


def _is_transactional(request: Any) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return bool(marker and validate_django_db(marker)[0]) or any(
        name in request.fixturenames for name in ("transactional_db", "live_server", "django_db_reset_sequences")
    )


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef: Any, request: Any) -> Any:
    """Before a test's database transaction opens, bring the world to the layer (or other world) the test asks for."""
    if fixturedef.argname == "_django_db_helper" and _world is not None:
        level = max((i + 1 for i, (name, _) in enumerate(LAYERS) if name in request.fixturenames), default=0)
        other = next((name for name in OTHER_WORLDS if name in request.fixturenames), None)
        _world.prepare(level, committed=_is_transactional(request), other=other, request=request)
    return (yield)


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with an empty cache: counts, locks and cached pages of another test's data stay there."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def world_seeded(world: World, db: Any) -> Cast:
    return load_cast(world.ids)


@pytest.fixture
def world_issued(world: World, db: Any) -> Cast:
    return load_cast(world.ids)


@pytest.fixture
def world_reported(world: World, db: Any) -> Cast:
    return load_cast(world.ids)


@pytest.fixture
def cast(world_seeded: Cast) -> Cast:
    """The Chợ Đồn 2024 plan as a draft, the users around it and a unit of Bắc Kạn province."""
    return world_seeded


@pytest.fixture
def seed_plan(world_seeded: Cast) -> Plan:
    """Chợ Đồn 2024 (district level): small, with lead units, groups and communes."""
    return world_seeded.plan
