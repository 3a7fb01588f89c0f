"""Read side of indices: a locality's values year by year (the trend and the table beside it), the localities a
unit's pages follow, and a plan's targets beside the values they aim to move."""

from __future__ import annotations

import decimal
from collections import defaultdict
from dataclasses import dataclass, field

from cchc.core.text import vn_number
from cchc.indices.charts import trend_svg
from cchc.indices.models import IndexTarget, IndexValue
from cchc.indices.scales import INDICES, IndexInfo, scale_of
from cchc.plans.models import Plan
from cchc.units.models import Unit, UnitKind
from cchc.units.services import merged_province_names


@dataclass
class YearRow:
    year: int
    total: IndexValue | None = None
    parts: dict[str, IndexValue] = field(default_factory=dict)

    @property
    def sources(self) -> list[str]:
        seen = [self.total] if self.total else []
        return sorted({v.source for v in [*seen, *self.parts.values()]})


@dataclass
class Trend:
    """One index of one locality: a row per year (total, sub-indices, rank, source) and the targets set on it."""

    info: IndexInfo
    locality: str
    rows: list[YearRow]
    components: list[str]
    targets: list[IndexTarget] = field(default_factory=list)

    @property
    def unit(self) -> str:
        return scale_of(self.info.key, "").unit

    def points(self) -> list[tuple[int, decimal.Decimal]]:
        """(year, total) for the years whose total was published, oldest first."""
        return [(r.year, r.total.value) for r in self.rows if r.total is not None and r.total.value is not None]

    @property
    def change(self) -> decimal.Decimal | None:
        """The total's change from its first to its last published year."""
        points = self.points()
        return points[-1][1] - points[0][1] if len(points) > 1 else None

    @property
    def digits(self) -> int:
        return {"dti": 4, "papi": 3}.get(self.info.key, 2)

    def chart(self) -> str:
        """The totals year by year with the plan's targets; when fewer than two totals but several ranks were
        published, the ranks (1 on top)."""
        aims = {t.year: float(t.target) for t in self.targets if not t.component}
        years = [r.year for r in self.rows]
        values = [float(r.total.value) if r.total and r.total.value is not None else None for r in self.rows]
        ranks = [float(r.total.rank) if r.total and r.total.rank else None for r in self.rows]
        if sum(v is not None for v in values) < 2 and sum(r is not None for r in ranks) >= 2 and not aims:
            title = f"Thứ hạng {self.info.short} của {self.locality} qua các năm"
            return trend_svg(years, ranks, title=title, digits=0, inverted=True)
        title = f"{self.info.short} của {self.locality} qua các năm"
        return trend_svg(years, values, title=title, digits=self.digits, aims=[aims.get(y) for y in years])

    def value_text(self, value: IndexValue | None) -> str:
        if value is None or value.value is None:
            return "—"
        return vn_number(value.value, self.digits) + ("%" if self.unit == "%" and not value.component else "")

    @staticmethod
    def rank_text(value: IndexValue | None) -> str:
        if value is None or value.rank is None:
            return "—"
        return f"{value.rank}/{value.rank_of}" if value.rank_of else str(value.rank)

    def table(self) -> list[TableRow]:
        """The figures the chart draws and every sub-index, year by year, as printed on pages and in reports."""
        out = []
        for row in self.rows:
            parts = []
            for name in self.components:
                part = row.parts.get(name)
                text = self.value_text(part)
                parts.append(f"{text} (hạng {part.rank})" if part is not None and part.rank else text)
            aim = next((t.target for t in self.targets if t.year == row.year and not t.component), None)
            out.append(
                TableRow(
                    row.year,
                    self.value_text(row.total),
                    self.rank_text(row.total),
                    parts,
                    row.total.note if row.total else "",
                    row.sources,
                    vn_number(aim, 4) if aim is not None else "",
                )
            )
        return out


@dataclass
class TableRow:
    year: int
    value: str
    rank: str
    parts: list[str]
    note: str
    sources: list[str]
    target: str  # the plan's target for the year, when it set one


def province_of(unit: Unit | None) -> Unit | None:
    """The province (or ministry) a unit belongs to: the root of its branch of the tree."""
    if unit is None:
        return None
    root_id = next((int(p) for p in unit.path.split("/") if p), unit.pk)
    root = unit if root_id == unit.pk else Unit.objects.filter(pk=root_id).first()
    return root if root is not None and root.kind in (UnitKind.PROVINCE, UnitKind.MINISTRY) else None


def localities_of(unit: Unit | None) -> list[str]:
    """The localities whose indices a unit's pages show: its province, then the provinces merged into it on
    1 July 2025 (each keeps its own published history)."""
    province = province_of(unit)
    if province is None or not province.locality:
        return []
    names = [province.locality]
    merged = merged_province_names(province.admin_code) if province.valid_from is not None else []
    merged += [u.locality for u in Unit.objects.filter(successor=province).order_by("name")]
    return names + sorted({n for n in merged if n and n not in names})


def trends(localities: list[str], plan: Plan | None = None) -> list[Trend]:
    """Every index held for the localities, in the order PAR INDEX, SIPAS, PAPI, PCI, DTI; a plan's targets are
    attached to its own locality's trend (the first locality), and an index it aims at shows even before any value."""
    grouped: dict[tuple[str, str], dict[int, YearRow]] = defaultdict(dict)
    components: dict[tuple[str, str], list[str]] = defaultdict(list)
    for value in IndexValue.objects.filter(locality__in=localities).order_by("year", "component"):
        key = (value.locality, value.index)
        row = grouped[key].setdefault(value.year, YearRow(value.year))
        if value.component:
            row.parts[value.component] = value
            if value.component not in components[key]:
                components[key].append(value.component)
        else:
            row.total = value
    targets: dict[str, list[IndexTarget]] = defaultdict(list)
    if plan is not None and localities:
        for target in IndexTarget.objects.filter(plan=plan):
            targets[target.index].append(target)
            years = grouped[(localities[0], target.index)]
            if not target.component:
                years.setdefault(target.year, YearRow(target.year))
    out = []
    for locality in localities:
        for index, info in INDICES.items():
            if (locality, index) not in grouped:
                continue
            rows = [grouped[(locality, index)][y] for y in sorted(grouped[(locality, index)])]
            mine = targets[index] if locality == localities[0] else []
            out.append(Trend(info, locality, rows, components[(locality, index)], mine))
    return out


def plan_localities(plan: Plan) -> list[str]:
    return localities_of(plan.issuer_unit or plan.owner_unit)


def plan_targets(plan: Plan) -> list[IndexTarget]:
    return list(IndexTarget.objects.filter(plan=plan))


def held_localities() -> list[str]:
    return list(IndexValue.objects.order_by("locality").values_list("locality", flat=True).distinct())
