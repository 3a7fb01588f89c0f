"""Synthetic provinces (units, one plan, logged results) for bench/execution.py and the scaling tests."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction

from cchc.accounts.models import Role, User
from cchc.execution.models import Assignment, LoggedResult, Occurrence, ResultKind, result_title_key
from cchc.execution.services import recount_occurrences
from cchc.plans.models import Activity, Plan, PlanLevel, UnitMention
from cchc.units.models import Unit, UnitGroup, UnitKind

KINDS = [k for k in ResultKind.values if k not in ("survey",)]


@dataclass
class Province:
    plan: Plan
    owner: User
    officer: User
    units: list[Unit]


@transaction.atomic
def build_province(tag: str, units: int, activities: int, *, year: int = 2025) -> Province:
    """A province with `units` member units and a draft plan of `activities` activities led by all of them
    (one collective mention), mostly ongoing (monthly), every fifth one in quarters II and IV."""
    province = Unit.objects.create(name=f"UBND tỉnh Thử nghiệm {tag}", kind=UnitKind.PROVINCE)
    members = [Unit(name=f"Đơn vị {tag} số {i:03d}", kind=UnitKind.DEPARTMENT, parent=province) for i in range(units)]
    for unit in members:
        unit.save()  # save() sets the materialised path, which bulk_create would not
    group = UnitGroup.objects.create(
        name=f"Các cơ quan, đơn vị {tag}", scope=province, member_kinds=[UnitKind.DEPARTMENT]
    )
    plan = Plan.objects.create(
        issuer=province.name,
        issuer_unit=province,
        owner_unit=members[0],
        level=PlanLevel.PROVINCE,
        title=f"Tuyên truyền CCHC năm {year} ({tag})",
        number=f"{tag}/KH-UBND",
        period_start=dt.date(year, 1, 1),
        period_end=dt.date(year, 12, 31),
    )
    for position in range(activities):
        quarterly = position % 5 == 4
        activity = Activity.objects.create(
            plan=plan,
            position=position,
            ref=str(position + 1),
            content=f"Tuyên truyền nội dung CCHC số {position + 1} trên Cổng thông tin điện tử",
            timing_text="Quý II và Quý IV" if quarterly else "Thường xuyên",
            timing_kind="quarters" if quarterly else "ongoing",
            timing_quarters=[2, 4] if quarterly else [],
        )
        UnitMention.objects.create(
            plan=plan, activity=activity, role=UnitMention.Role.LEAD, text=group.name, group=group
        )
    owner = User.objects.create_user(username=f"owner-{tag}", role=Role.OWNER, unit=members[0])
    officer = User.objects.create_user(username=f"officer-{tag}", role=Role.OFFICER, unit=members[1 % units])
    return Province(plan, owner, officer, members)


@transaction.atomic
def add_results(plan: Plan, count: int, *, seed: int = 7) -> int:
    """`count` results spread over the plan's assignments and days, stored in bulk, then occurrences recounted."""
    rng = random.Random(seed)
    assignments = list(Assignment.objects.filter(plan=plan).values_list("pk", "unit_id", "pillar"))
    windows: dict[int, list[tuple[int, dt.date, dt.date]]] = {}
    for pk, assignment_id, start, due in Occurrence.objects.filter(plan=plan).values_list(
        "pk", "assignment_id", "start", "due"
    ):
        windows.setdefault(assignment_id, []).append((pk, start, due))
    days = (plan.period_end - plan.period_start).days + 1
    rows = []
    for i in range(count):
        pk, unit_id, pillar = assignments[rng.randrange(len(assignments))]
        kind = KINDS[i % len(KINDS)]
        date = plan.period_start + dt.timedelta(days=rng.randrange(days))
        occurrence = next((o for o, start, due in windows.get(pk, []) if start <= date <= due), None)
        rows.append(
            LoggedResult(
                plan=plan,
                unit_id=unit_id,
                assignment_id=pk,
                pillar=pillar,
                kind=kind,
                date=date,
                occurrence_id=occurrence,
                title=f"Kết quả {i}",
                title_key=result_title_key(f"Kết quả {i}"),
                participants=rng.randrange(20, 200) if kind == "conference" else None,
            )
        )
    LoggedResult.objects.bulk_create(rows, batch_size=2000)
    recount_occurrences(plan)
    return count
