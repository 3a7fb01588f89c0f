"""Shared test fixtures: a seed plan with its locality loaded, and one named user per role."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest

from cchc.accounts.models import Role, User
from cchc.plans.models import Plan
from cchc.plans.seeds import load_seed_plan, seed_plan_files
from cchc.units.models import Unit


def pytest_configure(config: Any) -> None:
    from django.conf import settings

    # Password hashing is deliberately slow; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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


def make_user(username: str, role: str, unit: Unit | None) -> User:
    return User.objects.create_user(
        username=username,
        password="matkhau-thu-nghiem-2025",
        role=role,
        unit=unit,
        is_superuser=role == Role.ADMIN,
        is_staff=role == Role.ADMIN,
    )


@pytest.fixture
def seed_plan(db: Any) -> Plan:
    """Chợ Đồn 2024 (district level): small, with lead units, groups and communes."""
    return load_seed_plan(None, seed_plan_json("001")).plan


@pytest.fixture
def cast(seed_plan: Plan) -> Cast:
    plan = seed_plan
    issuer = plan.issuer_unit
    assert issuer is not None and plan.owner_unit is not None
    officer_unit = Unit.objects.get(parent=issuer, name="Phòng Tư pháp")
    other_unit = Unit.objects.get(parent=issuer, name="Phòng Văn hóa và Thông tin")
    # A unit of another locality: Bắc Kạn province's Sở Nội vụ, loaded from another seed plan.
    elsewhere = load_seed_plan(None, seed_plan_json("000")).plan
    outsider_unit = Unit.objects.get(parent=elsewhere.issuer_unit, name="Sở Nội vụ")
    return Cast(
        plan=plan,
        admin=make_user("quantri", Role.ADMIN, None),
        owner=make_user("noivu", Role.OWNER, plan.owner_unit),
        officer=make_user("canbo", Role.OFFICER, officer_unit),
        other_officer=make_user("canbo_vhtt", Role.OFFICER, other_unit),
        outsider=make_user("canbo_backan", Role.OFFICER, outsider_unit),
        leader=make_user("lanhdao", Role.LEADER, issuer),
        public=make_user("nguoidan", Role.PUBLIC, None),
        officer_unit=officer_unit,
        other_unit=other_unit,
        outsider_unit=outsider_unit,
    )
