"""The demo shows plans as a clerk has them after the review screen, and every demo account belongs to its unit."""

from __future__ import annotations

from typing import Any

from cchc.accounts.models import Role
from cchc.demo.seeding import DEMO_ACCOUNTS, setup_demo
from cchc.plans.models import Plan


def test_demo_accounts_belong_to_their_units_and_the_ocr_plan_reads_as_reviewed(db: Any) -> None:
    logins = {login.user.username: login.user for login in setup_demo()}
    for account in DEMO_ACCOUNTS:
        user = logins[account.username]
        if account.role in (Role.ADMIN, Role.PUBLIC):
            assert user.unit is None
        else:
            assert user.unit is not None and user.unit.name == account.unit_name, account.username
    assert all(user.unit is not None for name, user in logins.items() if name.startswith("noivu"))
    # Tuyên Quang's plan was published as damaged OCR text; the demo holds the hand-checked reading of it.
    plan = Plan.objects.get(source__startswith="002_")
    assert plan.title == "Tuyên truyền công tác cải cách hành chính tỉnh Tuyên Quang 6 tháng cuối năm 2025"
    printed = " ".join(
        [*plan.activities.values_list("content", flat=True), *plan.mentions.values_list("text", flat=True)]
    )
    assert "Sở Văn hóa, Thể thao và Du lịch" in printed and "Mặt trận Tổ quốc" in printed
    for damage in ("phải hợp", "Chì}h", "Ceng", "Mt trận", "Be an", "Vin hóa"):
        assert damage not in printed
