"""Read side of inspections: a round as its reader sees it, and each unit's findings for scoring."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q

from cchc.inspections.models import ChecklistItem, Finding, FollowUp, InspectionRound, Severity, Verdict
from cchc.units.models import Unit


@dataclass
class UnitSection:
    unit: Unit
    items: list[ChecklistItem] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def met(self) -> int:
        return sum(1 for i in self.items if i.verdict == Verdict.MET)


def round_sections(inspection: InspectionRound, unit_ids: set[int] | None) -> list[UnitSection]:
    """Per inspected unit (only `unit_ids` when given): its checklist, findings and their recommendations."""
    units = inspection.units.order_by("name")
    if unit_ids is not None:
        units = units.filter(pk__in=unit_ids)
    sections = {u.pk: UnitSection(u) for u in units}
    for item in inspection.items.filter(unit_id__in=sections).order_by("unit__name", "id"):
        sections[item.unit_id].items.append(item)
    for finding in inspection.findings.filter(unit_id__in=sections).prefetch_related("recommendations"):
        sections[finding.unit_id].findings.append(finding)
    return list(sections.values())


@dataclass
class UnitFindings:
    """What inspections of a plan found at one unit in a year: the scoring rubric reads it."""

    findings: int = 0
    serious: int = 0
    recommendations: int = 0
    open_overdue: int = 0


def findings_by_unit(plan_id: int, year: int, today: dt.date) -> dict[int, UnitFindings]:
    """Each unit inspected in the plan's rounds of `year` (zeros when nothing was found): its findings, serious
    ones, recommendations and those still open past due. A unit not inspected that year is absent."""
    out: dict[int, UnitFindings] = defaultdict(UnitFindings)
    inspected = InspectionRound.units.through.objects.filter(
        inspectionround__plan_id=plan_id, inspectionround__start__year=year
    )
    for unit_id in inspected.values_list("unit_id", flat=True):
        out[unit_id] = UnitFindings()
    findings = Finding.objects.filter(round__plan_id=plan_id, round__start__year=year)
    rows = findings.values("unit_id").annotate(
        n=Count("id", distinct=True),
        serious=Count("id", filter=Q(severity=Severity.SERIOUS), distinct=True),
        recs=Count("recommendations", distinct=True),
        overdue=Count(
            "recommendations",
            filter=Q(recommendations__due__lt=today) & ~Q(recommendations__status=FollowUp.DONE),
            distinct=True,
        ),
    )
    for row in rows:
        out[row["unit_id"]] = UnitFindings(row["n"], row["serious"], row["recs"], row["overdue"])
    return dict(out)
