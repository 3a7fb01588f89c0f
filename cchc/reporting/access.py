"""The only way a request reaches reporting data: who reads, writes and reviews which periods and reports."""

from __future__ import annotations

from typing import TypeGuard

from django.db.models import QuerySet
from django.http import Http404

from cchc.accounts.models import Role, User
from cchc.accounts.types import Viewer, signed_in
from cchc.core.access import first_or_404
from cchc.core.audit import EntryCheck, HistoryRule
from cchc.plans.access import plan_entries, readable_plans, writable_plans
from cchc.plans.models import Plan
from cchc.reporting.models import ReportingPeriod, ReportStatus, UnitReport


def _staff(user: Viewer) -> TypeGuard[User]:
    return signed_in(user) and bool(user.is_staff_role)


def can_review(user: Viewer, plan: Plan) -> bool:
    """Admins, and the plan's owner office: accept or return reports, write the consolidated report, score units."""
    if not _staff(user):
        return False
    if user.is_admin:
        return True
    return user.role == Role.OWNER and user.unit_id is not None and user.unit_id == plan.owner_unit_id


def can_read_summaries(user: Viewer, plan: Plan) -> bool:
    """Consolidated figures, scores and ranking of a plan the user reads: reviewers, and leaders (read only)."""
    return can_review(user, plan) or (_staff(user) and user.role == Role.LEADER)


def can_read_unit_score(user: Viewer, plan: Plan, unit_id: int) -> bool:
    """How a unit's score was reached: those who read the plan's scores, and the unit's own staff."""
    return can_read_summaries(user, plan) or (_staff(user) and user.unit_id == unit_id)


def reviewable_plans(user: Viewer) -> QuerySet[Plan]:
    return writable_plans(user)


def readable_reports(user: Viewer) -> QuerySet[UnitReport]:
    """Reports a user may read: a unit's own reports; every submitted report of the plans one owns (or, as a leader,
    reads)."""
    reports = UnitReport.objects.select_related("period__plan", "unit")
    if not _staff(user):
        return reports.none()
    if user.is_admin:
        return reports
    if user.unit_id is None:
        return reports.none()
    own = reports.filter(unit_id=user.unit_id)
    # A report nobody has submitted yet is the unit's own draft: no one outside the unit reads it.
    submitted = reports.exclude(status=ReportStatus.DRAFT)
    if user.role == Role.OWNER:
        return submitted.filter(period__plan__in=writable_plans(user)) | own
    if user.role == Role.LEADER:
        return submitted.filter(period__plan__in=readable_plans(user)) | own
    return own


def get_report_for_user(user: User, report_id: int, write: bool = False) -> UnitReport:
    """The report, or 404 when the user may not read it (write=True: only the report's own unit may write)."""
    reports = readable_reports(user)
    if write and not user.is_admin:
        reports = reports.filter(unit_id=user.unit_id) if user.unit_id is not None else reports.none()
    return first_or_404(reports.filter(pk=report_id), "Không tìm thấy báo cáo.")


def can_edit_report(user: User, report: UnitReport) -> bool:
    """Its own unit (or an administrator) edits a report while it is a draft or returned."""
    return report.is_editable and (user.is_admin or (user.unit_id is not None and user.unit_id == report.unit_id))


def get_report_for_review(user: Viewer, report_id: int) -> UnitReport:
    """A report the user may accept or return, or 404."""
    report = readable_reports(user).filter(pk=report_id).first()
    if report is None or not can_review(user, report.period.plan):
        raise Http404("Không tìm thấy báo cáo.")
    return report


def get_period_for_user(user: Viewer, period_id: int, review: bool = False) -> ReportingPeriod:
    """A period of a plan the user reads (review=True: of a plan the user owns), or 404."""
    plans = reviewable_plans(user) if review else readable_plans(user)
    return first_or_404(
        ReportingPeriod.objects.select_related("plan").filter(pk=period_id, plan__in=plans),
        "Không tìm thấy kỳ báo cáo.",
    )


def can_report(user: Viewer) -> bool:
    """Staff acting for a unit write that unit's reports (officers, and owner offices for their own unit)."""
    return _staff(user) and user.unit_id is not None and user.role in (Role.OFFICER, Role.OWNER)


def _report_entries(user: Viewer, plan: Plan) -> EntryCheck:
    ids = {str(pk) for pk in readable_reports(user).filter(period__plan_id=plan.pk).values_list("pk", flat=True)}
    return lambda entry: entry.object_id in ids


def _summary_entries(user: Viewer, plan: Plan) -> EntryCheck:
    """Consolidated reports, rubrics and scores: for those who read the plan's summaries."""
    allowed = readable_plans(user).filter(pk=plan.pk).exists() and can_read_summaries(user, plan)
    return lambda entry: allowed


HISTORY_RULES: dict[str, HistoryRule] = {
    "reporting.period": plan_entries,
    "reporting.unit_report.": _report_entries,
    "reporting.consolidated.": _summary_entries,
    "reporting.rubric.": _summary_entries,
    "reporting.scores.": _summary_entries,
}
