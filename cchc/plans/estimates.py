"""A plan's funding as figures: each activity's estimate, source and kind, and the totals per lead unit and source
that a budget round asks for (read side; the caller passes a plan checked by `access.py`)."""

from __future__ import annotations

import decimal
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch

from cchc.documents.spec import Column, Row, Table
from cchc.plans.models import Activity, FundingKind, FundingSource, Plan, UnitMention

NO_SOURCE = "Chưa xác định nguồn"


@dataclass
class EstimateLine:
    activity: Activity
    leads: tuple[str, ...]

    @property
    def lead_text(self) -> str:
        return "; ".join(self.leads) or "(chưa có đơn vị chủ trì)"

    @property
    def source_label(self) -> str:
        return FundingSource(self.activity.funding_source).label if self.activity.funding_source else NO_SOURCE


@dataclass
class EstimateSummary:
    lines: list[EstimateLine]
    sources: list[str]
    # lead units (as printed, several when they lead together) → source label → estimate
    by_lead: dict[str, dict[str, decimal.Decimal]] = field(default_factory=dict)

    @property
    def total(self) -> decimal.Decimal:
        return sum((line.activity.estimate or decimal.Decimal(0) for line in self.lines), decimal.Decimal(0))


def plan_estimates(plan: Plan) -> EstimateSummary:
    """Every activity with its funding; estimates added up per lead unit (activities several units lead together
    counted once, under all of them) and source. Two queries."""
    leads = UnitMention.objects.filter(role=UnitMention.Role.LEAD).order_by("position", "id")
    activities = plan.activities.prefetch_related(Prefetch("mentions", queryset=leads, to_attr="leads"))
    lines = [EstimateLine(a, tuple(m.text for m in a.leads)) for a in activities]
    by_lead: dict[str, dict[str, decimal.Decimal]] = defaultdict(lambda: defaultdict(decimal.Decimal))
    sources: set[str] = set()
    for line in lines:
        if line.activity.estimate is not None:
            by_lead[line.lead_text][line.source_label] += line.activity.estimate
            sources.add(line.source_label)
    order = [str(label) for label in FundingSource.labels] + [NO_SOURCE]
    return EstimateSummary(lines, [s for s in order if s in sources], {k: dict(v) for k, v in by_lead.items()})


def _amount(value: decimal.Decimal | None) -> int | None:
    return int(value) if value is not None else None


def estimate_tables(plan: Plan) -> list[Table]:
    """The .xlsx for the budget round: one sheet per activity, one per lead unit and source (totals as formulas)."""
    summary = plan_estimates(plan)
    per_activity = Table(
        title="Dự toán theo nhiệm vụ",
        columns=(
            Column("STT", 12, "center"),
            Column("Nội dung", 90),
            Column("Đơn vị chủ trì", 50),
            Column("Nguồn kinh phí", 35),
            Column("Loại kinh phí", 30),
            Column("Dự toán (đồng)", 32, "right"),
            Column("Kinh phí (như kế hoạch ghi)", 45),
        ),
        rows=(
            *(
                Row(
                    (
                        line.activity.ref or str(index),
                        line.activity.content,
                        line.lead_text,
                        line.source_label,
                        FundingKind(line.activity.funding_kind).label if line.activity.funding_kind else "",
                        _amount(line.activity.estimate),
                        line.activity.funding or "",
                    )
                )
                for index, line in enumerate(summary.lines, start=1)
            ),
            Row(("", "Tổng cộng", "", "", "", _amount(summary.total), ""), total=True),
        ),
    )
    return [per_activity, per_lead_table(summary)]


def per_lead_table(summary: EstimateSummary) -> Table:
    """Estimates per lead unit and source, with totals (a sheet of the estimate, a table of the reports)."""
    return Table(
        title="Theo đơn vị và nguồn",
        columns=(
            Column("Đơn vị chủ trì", 70),
            *(Column(source, 32, "right") for source in summary.sources),
            Column("Cộng", 32, "right"),
        ),
        rows=(
            *(
                Row(
                    (
                        lead,
                        *(_amount(amounts.get(source)) for source in summary.sources),
                        _amount(sum(amounts.values(), decimal.Decimal(0))),
                    )
                )
                for lead, amounts in sorted(summary.by_lead.items())
            ),
            Row(("Tổng cộng", *(None for _ in summary.sources), _amount(summary.total)), total=True),
        ),
    )
