"""The demo installation: one account per role around the seed plans, loaded through the real services."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from cchc.accounts.models import Role, User
from cchc.accounts.services import upsert_user
from cchc.plans.models import Plan
from cchc.plans.seeds import load_seed_plans
from cchc.units.models import Unit

DEMO_PASSWORD = "cchc@2025"


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


@transaction.atomic
def setup_demo() -> list[User]:
    """Load the seed plans and create (or refresh) the demo accounts; running it twice changes nothing."""
    load_seed_plans(None)
    users = [
        upsert_user(
            None, a.username, password=DEMO_PASSWORD, role=a.role, unit=_unit(a.unit_name), first_name=a.full_name
        )
        for a in DEMO_ACCOUNTS
    ]
    for plan in Plan.objects.exclude(owner_unit=None).select_related("owner_unit"):
        if plan.issuer == DEMO_LOCALITY:
            continue
        username = f"noivu{plan.pk}"
        users.append(
            upsert_user(
                None,
                username,
                password=DEMO_PASSWORD,
                role=Role.OWNER,
                unit=plan.owner_unit,
                first_name=f"{plan.owner_unit} ({plan.locality})",
            )
        )
    return users
