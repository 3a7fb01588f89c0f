"""The demo installation: one account per role around the seed plans, loaded through the real services."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from cchc.accounts.models import Role, User
from cchc.accounts.services import upsert_user
from cchc.demo.contest import setup_contest, setup_survey
from cchc.indices.services import load_published as load_published_indices
from cchc.plans.models import Plan
from cchc.plans.seeds import load_seed_plans
from cchc.units.models import Unit


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    unit_name: str | None  # a unit under the demo locality's People's Committee, or the committee itself
    full_name: str
    note: str


# The demo centres on Tuyên Quang (H2 2025, after the reorganisation); every seed plan also gets its owner office.
DEMO_LOCALITY = "UBND tỉnh Tuyên Quang"
DEMO_ACCOUNTS = [
    DemoAccount("quantri", Role.ADMIN, None, "Quản trị hệ thống", "mọi quyền"),
    DemoAccount(
        "sonoivu",
        Role.OWNER,
        "Sở Nội vụ",
        "Chuyên viên Sở Nội vụ",
        "cơ quan theo dõi kế hoạch Tuyên Quang: sửa, ban hành, tổng hợp",
    ),
    DemoAccount(
        "sovhttdl",
        Role.OFFICER,
        "Sở Văn hóa, Thể thao và Du lịch",
        "Cán bộ Sở VHTTDL",
        "cán bộ đơn vị: xem nhiệm vụ, ghi kết quả, báo cáo của đơn vị mình",
    ),
    DemoAccount("sotuphap", Role.OFFICER, "Sở Tư pháp", "Cán bộ Sở Tư pháp", "cán bộ một đơn vị khác"),
    DemoAccount("lanhdao", Role.LEADER, DEMO_LOCALITY, "Lãnh đạo UBND tỉnh", "xem mọi thứ thuộc UBND tỉnh"),
    DemoAccount("nguoidan", Role.PUBLIC, None, "Người dân", "chỉ trang công khai"),
]


def _unit(name: str | None) -> Unit | None:
    if name is None:
        return None
    committee = Unit.objects.filter(name=DEMO_LOCALITY, valid_from__isnull=False).first()
    if committee is None or name == DEMO_LOCALITY:
        return committee
    return Unit.objects.filter(parent=committee, name=name).first()


def new_password(user: User | None = None) -> str:
    """A fresh random password that passes the configured validators."""
    while True:
        password = secrets.token_urlsafe(12)
        try:
            validate_password(password, user)
        except ValidationError:
            continue
        return password


@dataclass
class DemoLogin:
    user: User
    password: str | None  # set when this run chose it (a new account, or --reset-passwords); None: unchanged


@transaction.atomic
def setup_demo(*, reset_passwords: bool = False) -> list[DemoLogin]:
    """Load the seed plans and create (or refresh) the demo accounts, each with its own random password;
    running it again changes nothing (passwords stay as they are unless reset_passwords)."""
    load_seed_plans(None)
    load_published_indices(None)
    wanted = [(a.username, a.role, _unit(a.unit_name), a.full_name) for a in DEMO_ACCOUNTS]
    for plan in Plan.objects.exclude(owner_unit=None).select_related("owner_unit"):
        if plan.issuer != DEMO_LOCALITY:
            wanted.append((f"noivu{plan.pk}", Role.OWNER, plan.owner_unit, f"{plan.owner_unit} ({plan.locality})"))
    logins = []
    for username, role, unit, full_name in wanted:
        exists = User.objects.filter(username=username).exists()
        password = new_password() if reset_passwords or not exists else None
        user = upsert_user(
            None,
            username,
            password=password or "",
            role=role,
            unit=unit,
            first_name=full_name,
            reset_password=reset_passwords,
        )
        logins.append(DemoLogin(user, password))
    organiser = next((login.user for login in logins if login.user.username == "sonoivu"), None)
    setup_contest(organiser)
    setup_survey(organiser)
    return logins
