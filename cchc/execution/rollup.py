"""Read side of a plan's lower levels: which districts or communes made their plan from it, when they issued it,
and how far each got (the parent's owner follows its children here). Callers pass a plan checked by `access.py`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q

from cchc.execution.models import LoggedResult, Occurrence
from cchc.execution.selectors import StatusRow, status_expression
from cchc.plans.models import Plan, PlanStatus
from cchc.units.models import Unit, UnitKind


@dataclass
class ChildRow:
    """One lower-level People's Committee under the plan's issuer and the plan it made from this one (if any)."""

    unit: Unit
    plan: Plan | None
    status: StatusRow
    results: int

    @property
    def state(self) -> str:
        if self.plan is None:
            return "Chưa xây dựng kế hoạch"
        return str(self.plan.get_status_display())


def child_plans(plan: Plan) -> list[Plan]:
    """The plans made from this one (their primary keys only): whatever is written under them changes its roll-up."""
    return list(Plan.objects.filter(parent=plan).only("pk").order_by("pk"))


def children_rollup(plan: Plan, today: dt.date) -> list[ChildRow]:
    """Every district or commune directly under the plan's issuer that existed during the plan's period, with its
    derived plan's status and progress; three queries whatever the number of children."""
    if plan.issuer_unit is None:
        return []
    units = Unit.objects.filter(parent=plan.issuer_unit, kind__in=(UnitKind.DISTRICT, UnitKind.COMMUNE)).filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=plan.period_end),
        Q(valid_until__isnull=True) | Q(valid_until__gte=plan.period_start),
    )
    children = {child.issuer_unit_id: child for child in Plan.objects.filter(parent=plan)}
    live = [c.pk for c in children.values() if c.status != PlanStatus.DRAFT]
    counts: dict[int, StatusRow] = {pk: StatusRow(pk, "") for pk in live}
    occurrences = Occurrence.objects.filter(plan_id__in=live, is_active=True).annotate(s=status_expression(today))
    for row in occurrences.order_by().values("plan_id", "s").annotate(n=Count("id")):
        counts[row["plan_id"]].counts[row["s"]] += row["n"]
    results = dict(
        LoggedResult.objects.filter(plan_id__in=live).order_by().values_list("plan_id").annotate(n=Count("id"))
    )
    rows = []
    for unit in units.order_by("name"):
        child = children.get(unit.pk)
        key = child.pk if child is not None else 0
        rows.append(ChildRow(unit, child, counts.get(key, StatusRow(key, "")), results.get(key, 0)))
    return rows
