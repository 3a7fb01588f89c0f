"""What the reporting pages show, from what `access.py` returned: periods, the reader's own unit's reports, scores.
(The figures of a report are computed in `figures.py`.)"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from cchc.accounts.types import Viewer
from cchc.plans.models import Plan
from cchc.reporting.access import readable_reports
from cchc.reporting.models import ReportDraft, ReportingPeriod, UnitReport, UnitScore


def own_reports(user: Viewer) -> QuerySet[UnitReport]:
    """The reports of the reader's own unit that the reader may see (none without a unit)."""
    unit_id = getattr(user, "unit_id", None)
    return readable_reports(user).filter(unit_id=unit_id) if unit_id else UnitReport.objects.none()


def plan_periods(plan: Plan) -> QuerySet[ReportingPeriod]:
    return ReportingPeriod.objects.filter(plan=plan)


def periods_with_own_report(plan: Plan, user: Viewer) -> list[dict[str, Any]]:
    """Each reporting period of the plan, with the reader's own unit's report in it (None when not opened)."""
    own = {r.period_id: r for r in own_reports(user).filter(period__plan=plan)}
    return [{"period": p, "own": own.get(p.pk)} for p in plan_periods(plan)]


def own_report_in(period: ReportingPeriod, user: Viewer) -> UnitReport | None:
    """The reader's own unit's report for the period, if it was opened."""
    return own_reports(user).filter(period=period).first()


def scores(plan: Plan, year: int) -> list[UnitScore]:
    """The units' scores for the plan's year, with their units."""
    return list(UnitScore.objects.filter(plan=plan, year=year).select_related("unit"))


def unit_score(plan: Plan, unit_id: int, year: int) -> UnitScore | None:
    return UnitScore.objects.filter(plan=plan, unit_id=unit_id, year=year).select_related("unit").first()


def autosaved(report: UnitReport) -> ReportDraft | None:
    """The report's background copy when it is newer than the report's last save (what to restore)."""
    return ReportDraft.objects.filter(report=report, saved_at__gt=report.updated_at).first()
