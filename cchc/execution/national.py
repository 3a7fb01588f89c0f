"""Read side of the Ministry of Home Affairs' view of every province: each province's plans of a year, how far their
units got, and the results logged; the same queries whatever the number of provinces, units and results (measured
on 34 provinces × 150 units and 2 million results by bench/national.py). Callers check access first
(`access.can_follow_the_country`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum

from cchc.execution.models import Assignment, LoggedResult, Occurrence, ResultKind
from cchc.execution.selectors import StatusRow, status_expression
from cchc.plans.models import Plan, PlanStatus
from cchc.units.models import Unit, UnitKind


@dataclass
class ProvinceRow:
    """One province: its plans running in the year (issued), their units and progress, the results logged."""

    unit: Unit
    plans: list[Plan] = field(default_factory=list)
    units: int = 0
    status: StatusRow = field(default_factory=lambda: StatusRow(0, ""))
    results: int = 0


def year_plans(year: int) -> Q:
    """Issued (or closed) plans of a province whose period meets the year."""
    return Q(
        issuer_unit__kind=UnitKind.PROVINCE,
        status__in=(PlanStatus.ISSUED, PlanStatus.CLOSED),
        period_start__lte=dt.date(year, 12, 31),
        period_end__gte=dt.date(year, 1, 1),
    )


def provinces(year: int, today: dt.date) -> list[ProvinceRow]:
    """Every province existing in the year, with or without a plan, by name; five queries."""
    units = Unit.objects.filter(kind=UnitKind.PROVINCE).filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=dt.date(year, 12, 31)),
        Q(valid_until__isnull=True) | Q(valid_until__gte=dt.date(year, 1, 1)),
    )
    rows = {u.pk: ProvinceRow(u) for u in units.order_by("name")}
    plans = Plan.objects.filter(year_plans(year), issuer_unit__in=list(rows)).order_by("issued_date", "pk")
    province_of: dict[int, ProvinceRow] = {}
    for plan in plans:
        province_of[plan.pk] = rows[plan.issuer_unit_id or 0]
        province_of[plan.pk].plans.append(plan)
    for row in rows.values():
        row.status = StatusRow(row.unit.pk, row.unit.name)
    ids = list(province_of)
    assigned = Assignment.objects.filter(plan_id__in=ids, is_active=True).order_by().values("plan_id")
    for item in assigned.annotate(n=Count("unit_id", distinct=True)):
        province_of[item["plan_id"]].units += item["n"]
    # An index-only scan of occurrence_status_cover, grouped by plan.
    occurrences = Occurrence.objects.filter(plan_id__in=ids, is_active=True).annotate(s=status_expression(today))
    for item in occurrences.order_by().values("plan_id", "s").annotate(n=Count("id")):
        province_of[item["plan_id"]].status.counts[item["s"]] += item["n"]
    results = LoggedResult.objects.filter(plan_id__in=ids).order_by().values_list("plan_id").annotate(n=Count("id"))
    for plan_id, n in results:
        province_of[plan_id].results += n
    return list(rows.values())


def country(rows: list[ProvinceRow]) -> ProvinceRow:
    """The whole country: the provinces' figures added up."""
    total = ProvinceRow(Unit(name="Toàn quốc"), status=StatusRow(0, "Toàn quốc"))
    for row in rows:
        total.plans += row.plans
        total.units += row.units
        total.results += row.results
        for status, n in row.status.counts.items():
            total.status.counts[status] += n
    return total


@dataclass
class KindFigures:
    """The country's results of one kind: how many, and the quantities they report."""

    kind: str
    label: str
    results: int
    provinces: int
    participants: int
    copies: int
    broadcasts: int
    reach: int


def consolidated(year: int) -> list[KindFigures]:
    """National consolidated figures of the year's results by kind (every result read once: the measured
    heavy query, bench/national.py)."""
    labels = dict(ResultKind.choices)
    rows = (
        LoggedResult.objects.filter(plan__in=Plan.objects.filter(year_plans(year)), date__year=year)
        .order_by()
        .values("kind")
        .annotate(
            results=Count("id"),
            provinces=Count("plan__issuer_unit", distinct=True),
            participants=Sum("participants", default=0),
            copies=Sum("copies", default=0),
            broadcasts=Sum("broadcasts", default=0),
            reach=Sum("reach", default=0),
        )
    )
    figures = [KindFigures(label=labels.get(r["kind"], r["kind"]), **r) for r in rows]
    return sorted(figures, key=lambda f: -f.results)
