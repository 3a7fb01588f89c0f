"""Read side of the Ministry of Home Affairs' view of every province: each province's plans of a year, how far their
units got, the results logged, and the country's consolidated figures by kind. Callers check access first
(`access.can_follow_the_country`).

Each plan's figures (`PlanTally`) are a partial aggregate kept in the cache under the plan's version: every audited
write about a plan (a result logged, edited or deleted, an Excel import, a re-issue) drops its tally and only that
plan is counted again at the next reading; the other provinces' tallies are read as they are. Measured on 34
provinces × 150 units, 612,000 occurrences and 2 million results by bench/national.py.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum

from cchc.core import pagecache
from cchc.execution.models import Assignment, LoggedResult, Occurrence, ResultKind
from cchc.execution.selectors import StatusRow, status_expression
from cchc.plans.models import Plan, PlanStatus
from cchc.units.models import Unit, UnitKind

QUANTITIES = ("participants", "copies", "broadcasts", "reach")


@dataclass
class PlanTally:
    """One plan's figures on one day: occurrences by status, units given work, results, and by kind the results
    and the quantities they report."""

    counts: dict[str, int]
    units: int
    results: int
    kinds: Mapping[str, Mapping[str, int]]


def plan_tally(plan_id: int, today: dt.date) -> PlanTally:
    """Counted from the database: three queries on the plan's own rows, index-only scans of occurrence_status_cover
    and result_totals_cover."""
    occurrences = Occurrence.objects.filter(plan_id=plan_id, is_active=True).annotate(s=status_expression(today))
    # COUNT(*), not COUNT(id): the id is in no covering index, and counting it reads every row from the table
    # (a bitmap heap scan: 0.9 s for one plan's 58,000 results instead of 57 ms index-only; bench/national.py).
    counts = dict(occurrences.order_by().values_list("s").annotate(n=Count("*")))
    units = Assignment.objects.filter(plan_id=plan_id, is_active=True).values("unit_id").distinct().count()
    by_kind = (
        LoggedResult.objects.filter(plan_id=plan_id)
        .order_by()
        .values("kind")
        .annotate(results=Count("*"), **{q: Sum(q, default=0) for q in QUANTITIES})
    )
    kinds = {row.pop("kind"): row for row in by_kind}
    return PlanTally(counts, units, sum(k["results"] for k in kinds.values()), kinds)


def kept_tally(plan: Plan, today: dt.date) -> PlanTally:
    """The plan's tally from the cache while nothing was written about the plan; counted again otherwise."""
    return pagecache.remember(
        "execution:plan-tally", [plan.pk, today], [pagecache.scope(plan)], lambda: plan_tally(plan.pk, today)
    )


@dataclass
class ProvinceRow:
    """One province: its plans running in the year (issued), their units and progress, the results logged."""

    unit: Unit
    plans: list[Plan] = field(default_factory=list)
    units: int = 0
    status: StatusRow = field(default_factory=lambda: StatusRow(0, ""))
    results: int = 0
    kinds: dict[str, Counter[str]] = field(default_factory=dict)

    def add(self, tally: PlanTally) -> None:
        self.units += tally.units
        self.results += tally.results
        for status, n in tally.counts.items():
            self.status.counts[status] += n
        for kind, figures in tally.kinds.items():
            self.kinds.setdefault(kind, Counter()).update(figures)


def year_plans(year: int) -> Q:
    """Issued (or closed) plans of a province whose period meets the year."""
    return Q(
        issuer_unit__kind=UnitKind.PROVINCE,
        status__in=(PlanStatus.ISSUED, PlanStatus.CLOSED),
        period_start__lte=dt.date(year, 12, 31),
        period_end__gte=dt.date(year, 1, 1),
    )


def provinces(year: int, today: dt.date) -> list[ProvinceRow]:
    """Every province existing in the year, with or without a plan, by name: two queries, plus the tallies of the
    plans written about since they were last counted."""
    units = Unit.objects.filter(kind=UnitKind.PROVINCE).filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=dt.date(year, 12, 31)),
        Q(valid_until__isnull=True) | Q(valid_until__gte=dt.date(year, 1, 1)),
    )
    rows = {u.pk: ProvinceRow(u, status=StatusRow(u.pk, u.name)) for u in units.order_by("name")}
    for plan in Plan.objects.filter(year_plans(year), issuer_unit__in=list(rows)).order_by("issued_date", "pk"):
        row = rows[plan.issuer_unit_id or 0]
        row.plans.append(plan)
        row.add(kept_tally(plan, today))
    return list(rows.values())


def country(rows: list[ProvinceRow]) -> ProvinceRow:
    """The whole country: the provinces' figures added up."""
    total = ProvinceRow(Unit(name="Toàn quốc"), status=StatusRow(0, "Toàn quốc"))
    for row in rows:
        total.plans += row.plans
        total.add(PlanTally(row.status.counts, row.units, row.results, row.kinds))
    return total


@dataclass
class KindFigures:
    """The country's results of one kind: how many, in how many provinces, and the quantities they report."""

    kind: str
    label: str
    results: int
    provinces: int
    participants: int
    copies: int
    broadcasts: int
    reach: int


def consolidated(rows: list[ProvinceRow]) -> list[KindFigures]:
    """National consolidated figures by kind, added up from the provinces' rows, most results first."""
    labels = dict(ResultKind.choices)
    totals: dict[str, Counter[str]] = {}
    provinces_with: Counter[str] = Counter()
    for row in rows:
        for kind, counted in row.kinds.items():
            totals.setdefault(kind, Counter()).update(counted)
            provinces_with[kind] += counted["results"] > 0
    figures = [
        KindFigures(kind, labels.get(kind, kind), c["results"], provinces_with[kind], *(c[q] for q in QUANTITIES))
        for kind, c in totals.items()
    ]
    return sorted(figures, key=lambda f: -f.results)
