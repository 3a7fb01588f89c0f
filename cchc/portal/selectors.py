"""What each person's home page says: the next things to do for their role, and what changed since the last visit.

Everything here reads through the apps' `access.py` (the querysets a person may see) and their selectors; the
home page view only renders what `desk()` returns.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from cchc.accounts.models import Role, User
from cchc.contests import access as contests_access
from cchc.core.listing import Listing, Sort
from cchc.core.text import fold
from cchc.execution import access as execution_access
from cchc.execution import selectors as execution_selectors
from cchc.execution.models import OccurrenceStatus, Reminder
from cchc.feedback import access as feedback_access
from cchc.indices import selectors as index_selectors
from cchc.plans.access import public_plans, writable_plans
from cchc.plans.models import Plan, PlanLevel, PlanStatus
from cchc.reporting import access as reporting_access
from cchc.reporting.figures import reporting_units
from cchc.reporting.models import EDITABLE_STATUSES, ReportingPeriod, ReportStatus, UnitReport

# How far ahead a reporting period counts as "coming up" on the home page, and how many lines each panel shows.
REPORT_HORIZON_DAYS = 30
PANEL_LINES = 8
OPEN_STATUSES = (OccurrenceStatus.MISSING, OccurrenceStatus.DUE)


@dataclass
class Banner:
    """A GOV.UK-style notification banner: what changed since the person's last visit."""

    text: str
    url: str = ""
    tone: str = "info"  # info | success | warning


@dataclass
class PeriodLine:
    period: ReportingPeriod
    expected: int
    submitted: int
    accepted: int
    returned: int
    days_left: int


@dataclass
class PlanOverview:
    """One plan on a leader's or owner's overview: the figures that matter."""

    plan: Plan
    completion: float | None
    expected: int
    done: int
    late_or_missing: int
    units: int
    units_behind: list[Any]  # StatusRow of the units with late or missing windows, worst first
    reports_in: int
    reports_expected: int
    next_period: ReportingPeriod | None


@dataclass
class ReportTodo:
    """A report the person's unit has to write (or rewrite): no report yet, a draft, or returned with a comment."""

    period: ReportingPeriod
    report: UnitReport | None
    days_left: int

    @property
    def overdue_days(self) -> int:
        return max(0, -self.days_left)

    @property
    def returned(self) -> bool:
        return self.report is not None and self.report.status == ReportStatus.RETURNED


@dataclass
class Desk:
    role: str
    today: dt.date
    since: dt.datetime | None
    banners: list[Banner] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # officer (and an owner office for its own unit)
    tasks: list[Any] = field(default_factory=list)  # execution.selectors.AssignmentLine, open ones by due date
    tasks_total: int = 0
    tasks_late: int = 0
    reports_todo: list[ReportTodo] = field(default_factory=list)
    reminders: int = 0
    # owner
    drafts: list[Plan] = field(default_factory=list)
    to_review: list[UnitReport] = field(default_factory=list)
    periods: list[PeriodLine] = field(default_factory=list)
    # owner and leader
    overview: list[PlanOverview] = field(default_factory=list)
    indices: list[index_selectors.Trend] = field(default_factory=list)  # their province's indices, year by year
    # citizen
    feedback: list[Any] = field(default_factory=list)  # feedback.FeedbackItem the person sent, newest first
    attempts: list[Any] = field(default_factory=list)  # contests.Attempt the person started, newest first
    rounds: list[Any] = field(default_factory=list)  # contests.Round open now


def desk(user: User, today: dt.date, since: dt.datetime | None) -> Desk:
    """The home page of a signed-in person, by role. `since`: the previous visit (None on the first)."""
    role = "admin" if user.is_admin else user.role
    result = Desk(role=role, today=today, since=since)
    if role == Role.PUBLIC:
        _citizen_panels(result, user)
        return result
    if user.unit_id is None and not user.is_admin:
        result.warnings.append(
            "Tài khoản của bạn chưa được gắn với đơn vị nào, nên chưa thấy kế hoạch, nhiệm vụ hay báo cáo nào. "
            "Hãy đề nghị quản trị hệ thống gắn tài khoản với đơn vị của bạn."
        )
        return result
    if role in (Role.OFFICER, Role.OWNER):
        _unit_work(result, user, today)
    if role in (Role.OWNER, "admin"):
        _owner_work(result, user, today)
    if role in (Role.OWNER, Role.LEADER, "admin"):
        result.overview = plan_overview(execution_access.monitored_plans(user).filter(status=PlanStatus.ISSUED), today)
        result.indices = index_selectors.trends(index_selectors.localities_of(user.unit))
    if since is not None:
        result.banners = _banners(user, since)
    return result


def _citizen_panels(result: Desk, user: User) -> None:
    """A citizen's own feedback and contest attempts, and the contest rounds open now. (Surveys are not listed:
    a survey is reached only by the link or QR code its organiser hands out.)"""
    now = timezone.now()
    result.feedback = list(feedback_access.own_items(user).order_by("-received_at", "-pk")[:PANEL_LINES])
    result.attempts = list(contests_access.own_attempts(user).order_by("-started_at", "-pk")[:PANEL_LINES])
    result.rounds = list(contests_access.open_rounds(now).order_by("closes_at", "pk")[:PANEL_LINES])


def _unit_work(result: Desk, user: User, today: dt.date) -> None:
    """The unit's open assignments by due date, the reports it has to write, its unread reminders."""
    assert user.unit_id is not None  # desk() shows unit work only to staff of a unit
    assignments = execution_access.readable_assignments(user).filter(
        is_active=True, plan__status=PlanStatus.ISSUED, unit_id=user.unit_id
    )
    lines = execution_selectors.assignment_lines(assignments, today)
    open_lines = [line for line in lines if line.status in OPEN_STATUSES]
    result.tasks_total = len(lines)
    result.tasks_late = sum(1 for line in open_lines if line.status == OccurrenceStatus.MISSING)
    result.tasks = open_lines[:PANEL_LINES]
    result.reports_todo = reports_to_write(user, today)
    result.reminders = Reminder.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def reports_to_write(user: User, today: dt.date) -> list[ReportTodo]:
    """Periods (of plans the unit has assignments in) whose report the unit has not submitted, or got back;
    returned ones first, then by due date. Periods not yet due within REPORT_HORIZON_DAYS are left out, and so are
    the plans the unit owns: their owner writes the consolidated report, not a unit report."""
    if not reporting_access.can_report(user):
        return []
    assert user.unit_id is not None  # can_report: staff acting for a unit
    plan_ids = (
        execution_access.readable_assignments(user)
        .filter(is_active=True, unit_id=user.unit_id, plan__status=PlanStatus.ISSUED)
        .exclude(plan__owner_unit_id=user.unit_id)
        .values("plan_id")
    )
    horizon = today + dt.timedelta(days=REPORT_HORIZON_DAYS)
    periods = list(
        ReportingPeriod.objects.filter(plan_id__in=plan_ids, start__lte=horizon).select_related("plan").order_by("due")
    )
    reports = reporting_access.readable_reports(user).filter(unit_id=user.unit_id, period__in=[p.pk for p in periods])
    own = {r.period_id: r for r in reports}
    todo = []
    for period in periods:
        report = own.get(period.pk)
        if report is not None and report.status not in EDITABLE_STATUSES:
            continue
        if report is None and period.end > horizon:
            continue
        todo.append(ReportTodo(period, report, (period.due - today).days))
    return sorted(todo, key=lambda t: (not t.returned, t.period.due, t.period.pk))


def _owner_work(result: Desk, user: User, today: dt.date) -> None:
    """Plans to issue, submitted reports waiting for review, reporting periods due soon or overdue."""
    plans = writable_plans(user)
    result.drafts = list(plans.filter(status=PlanStatus.DRAFT).order_by("-updated_at")[:PANEL_LINES])
    result.to_review = list(
        reporting_access.readable_reports(user)
        .filter(status=ReportStatus.SUBMITTED, period__plan__in=plans)
        .order_by("submitted_at", "pk")[: PANEL_LINES * 2]
    )
    window = (today - dt.timedelta(days=REPORT_HORIZON_DAYS), today + dt.timedelta(days=REPORT_HORIZON_DAYS))
    periods = list(
        ReportingPeriod.objects.filter(plan__in=plans.filter(status=PlanStatus.ISSUED), due__range=window)
        .select_related("plan")
        .order_by("due")[:PANEL_LINES]
    )
    result.periods = [_period_line(period, today) for period in periods]


def _status_counts(reports: QuerySet[UnitReport]) -> dict[str, int]:
    counts = dict.fromkeys(ReportStatus.values, 0)
    for status in reports.values_list("status", flat=True):
        counts[status] += 1
    return counts


def _period_line(period: ReportingPeriod, today: dt.date) -> PeriodLine:
    counts = _status_counts(UnitReport.objects.filter(period=period))
    return PeriodLine(
        period=period,
        expected=len(reporting_units(period.plan).required),
        submitted=counts[ReportStatus.SUBMITTED] + counts[ReportStatus.ACCEPTED],
        accepted=counts[ReportStatus.ACCEPTED],
        returned=counts[ReportStatus.RETURNED],
        days_left=(period.due - today).days,
    )


def plan_overview(plans: QuerySet[Plan], today: dt.date) -> list[PlanOverview]:
    """For each plan: completion of the windows fallen due, units behind (worst first), reports in for the latest
    period due. A few grouped queries per plan, none per unit."""
    out = []
    for plan in plans.select_related("owner_unit").order_by("-period_start", "pk"):
        by_unit = execution_selectors.status_views(plan, today)["unit"]
        totals = execution_selectors.StatusRow("all", "")
        for row in by_unit:
            for status, n in row.counts.items():
                totals.counts[status] += n
        behind = sorted((r for r in by_unit if r.late_or_missing), key=lambda r: (-r.late_or_missing, r.label))
        periods = list(ReportingPeriod.objects.filter(plan=plan).order_by("due"))
        last_due = next((p for p in reversed(periods) if p.due <= today), None)
        upcoming = next((p for p in periods if p.due >= today), None)
        reports_in = reports_expected = 0
        if last_due is not None:
            counts = _status_counts(UnitReport.objects.filter(period=last_due))
            reports_in = counts[ReportStatus.SUBMITTED] + counts[ReportStatus.ACCEPTED]
            reports_expected = len(reporting_units(plan).required)
        out.append(
            PlanOverview(
                plan=plan,
                completion=totals.completion,
                expected=totals.expected,
                done=totals.done,
                late_or_missing=totals.late_or_missing,
                units=len(by_unit),
                units_behind=behind,
                reports_in=reports_in,
                reports_expected=reports_expected,
                next_period=upcoming,
            )
        )
    return out


def _banners(user: User, since: dt.datetime) -> list[Banner]:
    """What changed since the last visit: reports reviewed (for the unit), submitted (to the owner), accepted (for
    a leader); new assignments; plans issued."""
    banners: list[Banner] = []
    reports = reporting_access.readable_reports(user)
    if user.unit_id is not None and reporting_access.can_report(user):
        mine = reports.filter(unit_id=user.unit_id, reviewed_at__gt=since)
        for report in mine.filter(status=ReportStatus.RETURNED):
            comment = report.review_comment or "không kèm ý kiến"
            banners.append(
                Banner(
                    f"Báo cáo «{report.period.title}» bị trả lại để bổ sung: {comment}",
                    url=reverse("reporting:report", args=[report.pk]),
                    tone="warning",
                )
            )
        accepted = mine.filter(status=ReportStatus.ACCEPTED).count()
        if accepted:
            banners.append(Banner(f"{accepted} báo cáo của đơn vị đã được tiếp nhận.", tone="success"))
        new = (
            execution_access.readable_assignments(user)
            .filter(unit_id=user.unit_id, is_active=True, created_at__gt=since)
            .count()
        )
        if new:
            banners.append(Banner(f"Đơn vị có {new} nhiệm vụ mới được giao.", url=reverse("execution:my_work")))
    if user.role == Role.OWNER or user.is_admin:
        submitted = reports.filter(
            period__plan__in=writable_plans(user), submitted_at__gt=since, status=ReportStatus.SUBMITTED
        ).count()
        if submitted:
            banners.append(Banner(f"{submitted} báo cáo mới được nộp, chờ tiếp nhận.", url=reverse("reporting:index")))
    if user.role == Role.LEADER:
        accepted = reports.filter(status=ReportStatus.ACCEPTED, reviewed_at__gt=since).count()
        if accepted:
            banners.append(Banner(f"{accepted} báo cáo của đơn vị được tiếp nhận.", tone="success"))
        issued = execution_access.monitored_plans(user).filter(status=PlanStatus.ISSUED, updated_at__gt=since).count()
        if issued:
            banners.append(Banner(f"{issued} kế hoạch được ban hành hoặc cập nhật."))
    return banners


# --- the public list of published plans ----------------------------------------------------------------------------

PUBLIC_PLAN_SORTS = {
    "nam": Sort("Thời kỳ", fields=("period_start", "issuer")),
    "co_quan": Sort("Cơ quan ban hành", fields=("issuer", "period_start")),
    "cap": Sort("Cấp", fields=("level", "issuer")),
}


def public_plan_filters() -> dict[str, list[tuple[str, str]]]:
    """The choices of the public list's filters, from the published plans themselves."""
    plans = public_plans()
    localities = sorted({loc for loc in plans.values_list("locality", flat=True) if loc}, key=fold)
    years = sorted({d.year for d in plans.values_list("period_start", flat=True)}, reverse=True)
    return {
        "dia_ban": [(loc, loc) for loc in localities],
        "cap": [(value, str(label)) for value, label in PlanLevel.choices],
        "nam": [(str(y), str(y)) for y in years],
    }


def published_plans(listing: Listing, locality: str, level: str, year: int | None) -> QuerySet[Plan]:
    """Published plans narrowed by locality, level and year (of the period's start), searched and sorted."""
    plans = public_plans().select_related("owner_unit")
    if locality:
        plans = plans.filter(locality=locality)
    if level:
        plans = plans.filter(level=level)
    if year:
        plans = plans.filter(period_start__year=year)
    plans = listing.search(plans, ("title", "issuer", "number", "locality"))
    ordered: QuerySet[Plan] = listing.order(plans)
    return ordered
