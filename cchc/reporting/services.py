"""The only writers of reporting data: periods, unit reports and their review, consolidated reports, rubrics, scores."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cchc.accounts.types import Actor, signed_in
from cchc.core import inputs
from cchc.core.audit import log_action, snapshot
from cchc.core.calendar import AD_HOC, PeriodSpec, Requirement, WindowSettings, plan_periods
from cchc.documents.signing import SigningBody, SigningError, signature_lines
from cchc.execution import services as execution
from cchc.execution.services import IssueResult, ReminderCandidate, reminder_threshold, unit_officers
from cchc.feedback import selectors as feedback_selectors
from cchc.inspections.selectors import UnitFindings, findings_by_unit
from cchc.plans.models import Plan, PlanStatus
from cchc.reporting import figures as fig
from cchc.reporting import scoring
from cchc.reporting.models import (
    ConsolidatedReport,
    Issuer,
    PeriodKind,
    ReportDraft,
    ReportingPeriod,
    ReportStatus,
    Rubric,
    UnitReport,
    UnitScore,
)
from cchc.surveys import selectors as surveys
from cchc.units.models import TERRITORIAL_KINDS, Unit, UnitKind
from cchc.units.naming import head_of, propose_symbol
from cchc.units.services import update_unit

NARRATIVE_FIELDS = ("results", "limitations", "causes", "proposals")
REPORT_FIELDS = (*NARRATIVE_FIELDS, "number", "signer_authority", "signer_position", "signer_name")
CONSOLIDATED_FIELDS = (
    "issued_by",
    "number",
    "issued_date",
    "summary",
    "results",
    "limitations",
    "causes",
    "next_tasks",
    "proposals",
    "recipients",
    "signer_authority",
    "signer_position",
    "signer_name",
)
REPORT_SNAPSHOT = ["status", *REPORT_FIELDS, "first_submitted_at", "submitted_at", "reviewed_at", "review_comment"]


class ReportingError(ValueError):
    """A reporting action that cannot be done; the message is Vietnamese and says why."""


def registered_symbol(unit: Unit) -> str | None:
    """The body's symbol as its register writes it: set per unit; a people's committee is "UBND" by the decree."""
    symbol = " ".join((unit.symbol or "").split()).upper()
    if symbol:
        return symbol
    return "UBND" if unit.kind in TERRITORIAL_KINDS and unit.kind != UnitKind.MINISTRY else None


def missing_to_issue(unit: Unit, authority: str, position: str, name: str) -> list[str]:
    """What a document of the unit still lacks before it can be issued: the registered symbol, the signer."""
    missing = []
    if registered_symbol(unit) is None:
        missing.append(f"ký hiệu viết tắt tên cơ quan trong sổ đăng ký văn bản (đề xuất: {proposed_symbol(unit)})")
    if not (name or "").strip():
        missing.append("họ tên người ký")
    head, collective = head_of(unit.name, unit.kind)
    try:
        signature_lines(SigningBody(head, collective), authority, position)
    except SigningError as exc:
        missing.append(str(exc).rstrip("."))
    return missing


def missing_to_submit(report: UnitReport) -> list[str]:
    """What a unit report still lacks before it can be submitted (shown on the page that checks the answers)."""
    missing = [] if report.results.strip() else ["phần «Kết quả đạt được»"]
    return missing + missing_to_issue(report.unit, report.signer_authority, report.signer_position, report.signer_name)


def proposed_symbol(unit: Unit) -> str:
    """What the body's symbol probably is, from its name, for the clerk to confirm."""
    return propose_symbol(unit.name, unit.kind, unit.territorial_root().locality)


def window_settings() -> WindowSettings:
    """Cut-off day and default due dates: settings.CCHC_REPORTING_WINDOWS over the defaults."""
    return WindowSettings.from_mapping(getattr(settings, "CCHC_REPORTING_WINDOWS", None))


def today() -> dt.date:
    return timezone.localdate()


# --- periods ------------------------------------------------------------------------------------------------------


def _key(spec: PeriodSpec) -> str:
    base = f"{spec.kind}:{spec.title}"
    return f"{base}:{spec.due.isoformat()}" if spec.kind == AD_HOC else base


@transaction.atomic
def issue_plan(actor: Actor, plan: Plan) -> IssueResult:
    """Issue (or re-issue after edits) a plan, the whole step: every unit's assignments and occurrences
    (`execution.services.issue_plan`), then the reporting periods its reporting regime calls for (`sync_periods`),
    in one transaction. The issuing page, the API and scripts call this one; no signal does any of it."""
    result = execution.issue_plan(actor, plan)
    sync_periods(actor, plan)
    return result


@transaction.atomic
def sync_periods(actor: Actor, plan: Plan) -> list[ReportingPeriod]:
    """Create the reporting periods the plan's requirements call for; dates of existing periods are refreshed
    unless the owner set them by hand or reports were already submitted. Nothing is deleted."""
    requirements = list(plan.reporting.all())
    specs = plan_periods(
        [Requirement(r.what, r.due, r.frequency, r.pk) for r in requirements],
        plan.period_start,
        plan.period_end,
        window_settings(),
    )
    existing = {p.key: p for p in ReportingPeriod.objects.filter(plan=plan)}
    changed: list[dict[str, Any]] = []
    for spec in specs:
        key = _key(spec)
        period = existing.get(key)
        if period is None:
            period = ReportingPeriod.objects.create(
                plan=plan, key=key, kind=spec.kind, title=spec.title, start=spec.start, end=spec.end, due=spec.due
            )
            existing[key] = period
            changed.append({"title": period.title, "created": True})
        elif not period.is_manual and not period.unit_reports.exclude(status=ReportStatus.DRAFT).exists():
            dates = (spec.start, spec.end, spec.due)
            if (period.start, period.end, period.due) != dates:
                period.start, period.end, period.due = dates
                period.save(update_fields=["start", "end", "due"])
                changed.append({"title": period.title, "created": False})
        period.requirements.set([r for r in requirements if r.pk in spec.requirement_refs])
    if changed:
        log_action(actor, "reporting.periods.synced", plan, after={"periods": changed})
    return list(ReportingPeriod.objects.filter(plan=plan))


def _check_dates(start: dt.date, end: dt.date, due: dt.date) -> None:
    if end < start:
        raise ReportingError("Kỳ báo cáo: ngày kết thúc số liệu trước ngày bắt đầu.")
    if due < start:
        raise ReportingError("Kỳ báo cáo: hạn nộp trước ngày bắt đầu kỳ.")


@transaction.atomic
def add_period(actor: Actor, plan: Plan, *, title: str, start: dt.date, end: dt.date, due: dt.date) -> ReportingPeriod:
    """An ad hoc reporting period (báo cáo đột xuất) the owner asks units for."""
    title = " ".join((title or "").split())
    if not title:
        raise ReportingError("Hãy nhập tên kỳ báo cáo.")
    _check_dates(start, end, due)
    key = f"{AD_HOC}:{title}:{due.isoformat()}"
    if ReportingPeriod.objects.filter(plan=plan, key=key).exists():
        raise ReportingError(f"Kỳ báo cáo «{title}» hạn {due:%d/%m/%Y} đã có.")
    period = ReportingPeriod.objects.create(
        plan=plan, key=key, kind=PeriodKind.AD_HOC, title=title, start=start, end=end, due=due, is_manual=True
    )
    log_action(actor, "reporting.period.created", period, after=snapshot(period), root=plan)
    return period


@transaction.atomic
def update_period(actor: Actor, period: ReportingPeriod, *, start: dt.date, end: dt.date, due: dt.date) -> None:
    """Set a period's data window and due date by hand (the configured defaults no longer apply to it)."""
    _check_dates(start, end, due)
    before = snapshot(period, ["start", "end", "due"])
    period.start, period.end, period.due, period.is_manual = start, end, due, True
    period.save(update_fields=["start", "end", "due", "is_manual"])
    log_action(
        actor,
        "reporting.period.updated",
        period,
        before=before,
        after=snapshot(period, ["start", "end", "due"]),
        root=period.plan,
    )


def report_reminders(today: dt.date, days: tuple[int, ...], **_: Any) -> list[ReminderCandidate]:
    """Reminders of report deadlines, read from the reporting periods' own due dates (the same dates the periods
    page, the forms and the documents show): to the officers of each unit that must report and has not submitted."""
    periods = ReportingPeriod.objects.filter(
        plan__status=PlanStatus.ISSUED, due__gte=today, due__lte=today + dt.timedelta(days=max(days))
    ).select_related("plan")
    out: list[ReminderCandidate] = []
    for period in periods:
        threshold = reminder_threshold((period.due - today).days, days)
        if threshold is None:
            continue
        plan = period.plan
        done = set(
            UnitReport.objects.filter(
                period=period, status__in=(ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)
            ).values_list("unit_id", flat=True)
        )
        units = [u.pk for u in fig.reporting_units(plan).required if u.pk not in done]
        requirement = period.requirements.order_by("pk").first()
        to = f", gửi {requirement.to}" if requirement is not None and requirement.to else ""
        message = f"Sắp đến hạn báo cáo ({period.due:%d/%m/%Y}): {period.title} — {plan.number or 'kế hoạch'}{to}."
        for officers in unit_officers(units).values():
            for recipient_id, email in officers:
                out.append(
                    ReminderCandidate(
                        recipient_id,
                        email,
                        plan.pk,
                        f"period:{period.pk}",
                        "before_report",
                        threshold,
                        period.due,
                        message,
                        reporting_id=requirement.pk if requirement is not None else None,
                    )
                )
    return out


# --- unit reports -------------------------------------------------------------------------------------------------


def unit_figures(period: ReportingPeriod, unit: Unit, submitting_on: dt.date | None = None) -> dict[str, Any]:
    """The pre-filled part of a unit's report: its logged results in the period, counted and summed, with the
    feedback it received and its people's contest entries. Submitting the report (`submitting_on`) completes the
    unit's own duty to report for the period."""
    reported = {unit.pk: submitting_on > period.due} if submitting_on is not None else None
    figures = fig.collect(period.plan, period.start, period.end, [unit], detail=True, reported=reported)[unit.pk]
    on = submitting_on or today()
    return {**figures.as_json(), **fig.citizen_figures(unit, period.start, period.end, on)}


@transaction.atomic
def open_report(actor: Actor, period: ReportingPeriod, unit: Unit) -> UnitReport:
    """The unit's report for the period, created as a draft pre-filled from its logged results."""
    report, created = UnitReport.objects.select_for_update().get_or_create(period=period, unit=unit)
    if created:
        report.figures, report.figures_at = unit_figures(period, unit), timezone.now()
        report.save(update_fields=["figures", "figures_at"])
        log_action(
            actor, "reporting.unit_report.created", report, after=snapshot(report, REPORT_SNAPSHOT), root=period.plan
        )
    return report


def _locked(report: UnitReport) -> UnitReport:
    return UnitReport.objects.select_for_update().select_related("period__plan", "unit").get(pk=report.pk)


def _not_editable_message(report: UnitReport) -> str:
    if report.status == ReportStatus.ACCEPTED:
        return "Báo cáo đã được cơ quan chủ trì tiếp nhận, không thể sửa hoặc nộp lại."
    return "Báo cáo đã nộp và đang chờ cơ quan chủ trì xem xét, không thể sửa."


@transaction.atomic
def refresh_figures(actor: Actor, report: UnitReport) -> UnitReport:
    """Recount the report's figures from the logged results (drafts and returned reports only)."""
    report = _locked(report)
    if not report.is_editable:
        raise ReportingError(_not_editable_message(report))
    report.figures, report.figures_at = unit_figures(report.period, report.unit), timezone.now()
    report.save(update_fields=["figures", "figures_at", "updated_at"])
    log_action(actor, "reporting.unit_report.refreshed", report, root=report.period.plan)
    return report


def autosave_report(actor: Actor, report: UnitReport, values: Mapping[str, Any]) -> ReportDraft:
    """Keep what is being typed in an editable report as its background copy (the report itself is unchanged
    until saved; the copy is not audited, the save is). Unknown fields are ignored, texts bounded like the
    report's."""
    if not report.is_editable:
        raise ReportingError(_not_editable_message(report))
    kept = inputs.bounded(
        UnitReport, {k: str(values.get(k) or "") for k in REPORT_FIELDS if k in values}, refused=ReportingError
    )
    draft, _ = ReportDraft.objects.update_or_create(
        report=report, defaults={"values": kept, "saved_by": actor, "saved_at": timezone.now()}
    )
    return draft


@transaction.atomic
def save_report(actor: Actor, report: UnitReport, symbol: str | None = None, **fields: Any) -> UnitReport:
    """Save the narrative (results, limitations, causes, proposals) and signer of a draft or returned report;
    `symbol` registers the unit's own symbol (as its register writes it) when given."""
    unknown = set(fields) - set(REPORT_FIELDS)
    if unknown:
        raise ReportingError(f"Không sửa được trường: {', '.join(sorted(unknown))}.")
    report = _locked(report)
    if not report.is_editable:
        raise ReportingError(_not_editable_message(report))
    before = snapshot(report, REPORT_SNAPSHOT)
    for name, value in inputs.bounded(
        UnitReport, {n: v or "" for n, v in fields.items()}, refused=ReportingError
    ).items():
        setattr(report, name, value)
    report.save()
    ReportDraft.objects.filter(report=report).delete()  # saved for real: the background copy is spent
    symbol = " ".join((symbol or "").split()).upper()
    if symbol and symbol != report.unit.symbol:
        if not re.fullmatch(r"[A-ZĐ0-9&]{1,20}", symbol):
            raise ReportingError(
                "Ký hiệu viết tắt tên cơ quan chỉ gồm chữ in hoa và chữ số, không dấu cách (ví dụ: STP)."
            )
        update_unit(actor, report.unit, symbol=symbol)
    log_action(
        actor,
        "reporting.unit_report.updated",
        report,
        before=before,
        after=snapshot(report, REPORT_SNAPSHOT),
        root=report.period.plan,
    )
    return report


@transaction.atomic
def submit_report(actor: Actor, report: UnitReport) -> UnitReport:
    """Submit a draft or returned report: its figures are recounted and frozen; the first submission sets lateness."""
    report = _locked(report)
    if not report.is_editable:
        raise ReportingError(_not_editable_message(report))
    if not report.results.strip():
        raise ReportingError("Hãy nhập phần «Kết quả đạt được» trước khi nộp báo cáo.")
    missing = missing_to_submit(report)
    if missing:
        raise ReportingError("Chưa thể nộp báo cáo, còn thiếu: " + "; ".join(missing) + ".")
    before = snapshot(report, REPORT_SNAPSHOT)
    now = timezone.now()
    first_on = report.first_submitted_on or today()
    report.figures, report.figures_at = unit_figures(report.period, report.unit, submitting_on=first_on), now
    report.status, report.submitted_at, report.submitted_by = ReportStatus.SUBMITTED, now, actor
    report.first_submitted_at = report.first_submitted_at or now
    report.save()
    log_action(
        actor,
        "reporting.unit_report.submitted",
        report,
        before=before,
        after={**snapshot(report, REPORT_SNAPSHOT), "late": report.is_late(today())},
        root=report.period.plan,
    )
    return report


def _review(actor: Actor, report: UnitReport, status: str, comment: str, action: str) -> UnitReport:
    report = _locked(report)
    if report.status != ReportStatus.SUBMITTED:
        if report.status == ReportStatus.ACCEPTED:
            raise ReportingError("Báo cáo đã được tiếp nhận trước đó.")
        raise ReportingError("Báo cáo chưa được đơn vị nộp, chưa thể xem xét.")
    before = snapshot(report, REPORT_SNAPSHOT)
    report.status, report.reviewed_at, report.reviewed_by = status, timezone.now(), actor
    report.review_comment = comment
    report.save()
    log_action(actor, action, report, before=before, after=snapshot(report, REPORT_SNAPSHOT), root=report.period.plan)
    return report


@transaction.atomic
def accept_report(actor: Actor, report: UnitReport, comment: str = "") -> UnitReport:
    """The plan owner accepts a submitted report; it can no longer change."""
    comment = inputs.bounded(UnitReport, {"review_comment": comment or ""}, refused=ReportingError)["review_comment"]
    return _review(actor, report, ReportStatus.ACCEPTED, comment, "reporting.unit_report.accepted")


@transaction.atomic
def return_report(actor: Actor, report: UnitReport, comment: str) -> UnitReport:
    """The plan owner returns a submitted report with comments; the unit edits and submits it again."""
    comment = inputs.bounded(UnitReport, {"review_comment": comment or ""}, refused=ReportingError)["review_comment"]
    if not comment:
        raise ReportingError("Hãy ghi ý kiến: nội dung cần bổ sung, chỉnh sửa khi trả lại báo cáo.")
    return _review(actor, report, ReportStatus.RETURNED, comment, "reporting.unit_report.returned")


# --- consolidated report ------------------------------------------------------------------------------------------


def consolidated_for(period: ReportingPeriod, issued_by: str | None = None) -> ConsolidatedReport:
    """The period's consolidated report; unsaved with the issuer's default signer and recipients when the owner has
    not written one yet (by default the owner compiles it for its people's committee)."""
    existing = ConsolidatedReport.objects.filter(period=period).first()
    if existing is not None and issued_by in (None, existing.issued_by):
        return existing
    plan = period.plan
    issued_by = issued_by or Issuer.OWNER
    committee = issued_by == Issuer.COMMITTEE or plan.owner_unit is None
    report = existing or ConsolidatedReport(period=period)
    report.issued_by = Issuer.COMMITTEE if committee else Issuer.OWNER
    report.signer_authority = plan.signer_authority if committee else ""
    report.signer_position = plan.signer_position if committee else ""
    report.signer_name = (plan.signer_name or "") if committee else ""
    report.recipients = default_recipients(plan, report.issued_by)
    return report


def issuing_unit(plan: Plan, issued_by: str) -> Unit | None:
    """The body whose name heads the consolidated report: the owner, or the people's committee that issued the plan."""
    if issued_by == Issuer.OWNER and plan.owner_unit is not None:
        return plan.owner_unit
    return plan.issuer_unit


def default_recipients(plan: Plan, issued_by: str = Issuer.OWNER) -> list[str]:
    """Where the consolidated report goes: the owner reports to its people's committee (Sở Nội vụ → UBND tỉnh);
    the committee reports up (UBND tỉnh → Bộ Nội vụ; UBND huyện → UBND tỉnh and its Sở Nội vụ). Each list ends with
    "Lưu: VT, <the drafting body>" (Nghị định 30/2020, Phụ lục I)."""
    owner, committee = plan.owner_unit, plan.issuer_unit
    drafter = registered_symbol(owner) if owner is not None else None
    keep = f"Lưu: VT, {drafter}" if drafter else "Lưu: VT"
    if issued_by == Issuer.OWNER and owner is not None:
        return [f"{plan.issuer} (b/c)", f"Lãnh đạo {owner.name}", keep]
    parent = committee.parent if committee is not None else None
    if committee is None or committee.kind == UnitKind.PROVINCE or parent is None:
        above = ["Bộ Nội vụ (b/c)"]
    else:
        above = [f"{parent.name} (b/c)"]
        if parent.kind == UnitKind.PROVINCE:
            above.append(f"Sở Nội vụ {parent.name.removeprefix('UBND ')}")
    leaders = f"Chủ tịch, các Phó Chủ tịch {plan.issuer}"
    return [*above, leaders, *([owner.name] if owner is not None else []), keep]


@transaction.atomic
def save_consolidated(actor: Actor, period: ReportingPeriod, **fields: Any) -> ConsolidatedReport:
    """Save the owner's narrative, number and signer of the consolidated report."""
    unknown = set(fields) - set(CONSOLIDATED_FIELDS)
    if unknown:
        raise ReportingError(f"Không sửa được trường: {', '.join(sorted(unknown))}.")
    report = consolidated_for(period, fields.get("issued_by"))
    before = snapshot(report, list(CONSOLIDATED_FIELDS)) if report.pk else None
    for name, value in inputs.bounded(ConsolidatedReport, fields, refused=ReportingError).items():
        setattr(report, name, value)
    issuing = issuing_unit(period.plan, report.issued_by)
    if report.number and issuing is not None:
        missing = missing_to_issue(issuing, report.signer_authority, report.signer_position, report.signer_name)
        if missing:
            raise ReportingError("Chưa thể cấp số, ban hành báo cáo tổng hợp, còn thiếu: " + "; ".join(missing) + ".")
    report.updated_by = actor if signed_in(actor) else None
    report.save()
    log_action(
        actor,
        "reporting.consolidated.saved",
        report,
        before=before,
        after=snapshot(report, list(CONSOLIDATED_FIELDS)),
        root=period.plan,
    )
    return report


# --- rubric and scores --------------------------------------------------------------------------------------------


def rubric_for(plan: Plan) -> scoring.Rubric:
    """The plan's own rubric, else its province's rubric for the plan's level (settings.CCHC_RUBRICS), else the
    built-in default for the level (departments of a province are not scored with a commune's criteria)."""
    stored = Rubric.objects.filter(plan=plan).first()
    if stored is not None:
        return scoring.parse_rubric(stored.definition)
    province = plan.issuer_unit.territorial_root() if plan.issuer_unit is not None else None
    while province is not None and province.kind != UnitKind.PROVINCE and province.parent is not None:
        province = province.parent
    by_province: dict[str, Any] = getattr(settings, "CCHC_RUBRICS", {}) or {}
    own = by_province.get(province.locality if province is not None else "", {}).get(plan.level)
    return scoring.parse_rubric(own or scoring.DEFAULT_RUBRICS.get(plan.level, scoring.DEFAULT_RUBRIC))


def plan_years(plan: Plan) -> list[int]:
    return list(range(plan.period_start.year, plan.period_end.year + 1))


@transaction.atomic
def set_rubric(actor: Actor, plan: Plan, definition: Mapping[str, Any]) -> scoring.Rubric:
    """Replace the plan's rubric (checked: points must add up) and recompute every year's scores."""
    rubric = scoring.parse_rubric(definition)
    stored = Rubric.objects.filter(plan=plan).first()
    before = stored.definition if stored else None
    clean = scoring.rubric_json(rubric)
    stored, _ = Rubric.objects.update_or_create(plan=plan, defaults={"definition": clean, "updated_by": actor})
    log_action(
        actor, "reporting.rubric.updated", stored, before={"definition": before}, after={"definition": clean}, root=plan
    )
    for year in plan_years(plan):
        compute_scores(actor, plan, year)
    return rubric


def _scoring_window(plan: Plan, year: int, on: dt.date) -> tuple[dt.date, dt.date]:
    """The plan's part of the year up to `on` (end before start: nothing to score yet)."""
    return max(plan.period_start, dt.date(year, 1, 1)), min(plan.period_end, dt.date(year, 12, 31), on)


def _reports_on_time(plan: Plan, year: int, on: dt.date, unit_ids: list[int]) -> tuple[int, dict[int, int]]:
    """The reporting periods of the year due by `on`, and how many of them each unit reported on time."""
    periods = list(ReportingPeriod.objects.filter(plan=plan, due__year=year, due__lte=on))
    on_time = dict.fromkeys(unit_ids, 0)
    for report in UnitReport.objects.filter(period__in=periods, unit_id__in=unit_ids).select_related("period"):
        on_time[report.unit_id] += bool(report.first_submitted_at and not report.is_late(on))
    return len(periods), on_time


def unit_measures(plan: Plan, year: int, units: list[Unit], on: dt.date) -> dict[int, dict[str, float | None]]:
    """The rubric's measures for each unit over the plan's part of the year, as of `on`."""
    start, end = _scoring_window(plan, year, on)
    if end < start:
        return {u.pk: {} for u in units}
    figures = fig.collect(plan, start, end, units)
    satisfaction = surveys.unit_satisfaction([u.pk for u in units], start, end)
    periods, reports = _reports_on_time(plan, year, on, [u.pk for u in units])
    issued_on_time = None
    if plan.issued_date is not None:
        issued_on_time = float(plan.issued_date <= plan.period_start + dt.timedelta(days=31))
    out: dict[int, dict[str, float | None]] = {}
    has_targets = fig.has_confirmed_targets(plan)
    feedback = feedback_selectors.rubric_measures(units, start, end, on)
    inspected = findings_by_unit(plan.pk, year, on)
    for unit in units:
        f = figures[unit.pk]
        targets = fig.target_rows(plan, start, end, unit_ids=[unit.pk]) if has_targets else []
        out[unit.pk] = {
            "assignments_done": f.done_share,
            "reports_on_time": reports[unit.pk] / periods if periods else None,
            "targets_met": sum(1 for t in targets if t["met"]) / len(targets) if targets else None,
            "evidence_present": f.with_evidence / f.results if f.results else 0.0,
            "plan_issued_on_time": issued_on_time,
            "satisfaction": satisfaction.get(unit.pk),
            **fig.form_measures(f),
            **feedback[unit.pk],
            **inspection_measures(inspected.get(unit.pk)),
        }
    return out


INSPECTION_MEASURES = ("inspection_no_serious", "inspection_followed_up")


def inspection_measures(found: UnitFindings | None) -> dict[str, float | None]:
    """What the year's inspections found at a unit, as rubric measures (None: not inspected, or nothing to
    follow up)."""
    if found is None:
        return dict.fromkeys(INSPECTION_MEASURES)
    return {
        "inspection_no_serious": 0.0 if found.serious else 1.0,
        "inspection_followed_up": (1 - found.open_overdue / found.recommendations if found.recommendations else None),
    }


def measure_basis(plan: Plan, year: int, unit: Unit, on: dt.date) -> dict[str, str]:
    """The figures behind a unit's measures, in words, for the explanation of its score."""
    start, end = _scoring_window(plan, year, on)
    if end < start:
        return {}
    f = fig.collect(plan, start, end, [unit])[unit.pk]
    periods, reports = _reports_on_time(plan, year, on, [unit.pk])
    used = sorted(fig.kind_label(kind) for kind, values in f.by_kind.items() if values.get("count"))
    forms = f"Hình thức đã dùng: {', '.join(used)}." if used else "Chưa ghi nhận kết quả tuyên truyền nào."
    done = f"{f.assignments_done}/{f.assignments_set} nhiệm vụ có kỳ đến hạn đã hoàn thành"
    return {
        "assignments_done": f"{done} (từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}).",
        "reports_on_time": f"{reports[unit.pk]}/{periods} báo cáo đến hạn trong năm được nộp đúng hạn.",
        "evidence_present": f"{f.with_evidence}/{f.results} kết quả có tài liệu kiểm chứng ({f.evidence_files} tệp).",
        **_inspection_basis(findings_by_unit(plan.pk, year, on).get(unit.pk)),
        **{measure: forms for measure in scoring.MEASURES if measure.startswith("forms:")},
    }


def _inspection_basis(found: UnitFindings | None) -> dict[str, str]:
    if found is None:
        return {}
    found_text = (
        f"Qua kiểm tra trong năm: {found.findings} tồn tại, hạn chế, trong đó {found.serious} nghiêm trọng;"
        f" {found.recommendations} kiến nghị, {found.open_overdue} kiến nghị quá hạn chưa khắc phục."
    )
    return dict.fromkeys(INSPECTION_MEASURES, found_text)


@transaction.atomic
def compute_scores(actor: Actor, plan: Plan, year: int, on: dt.date | None = None) -> list[UnitScore]:
    """Score every reporting unit of the plan for the year with the plan's rubric, rank them, mark award proposals."""
    if year not in plan_years(plan):
        raise ReportingError(f"Năm {year} nằm ngoài thời kỳ của kế hoạch.")
    rubric = rubric_for(plan)
    units = fig.reporting_units(plan).required
    measures = unit_measures(plan, year, units, on or today())
    scores = {u.pk: scoring.score(rubric, measures[u.pk]) for u in units}
    # A unit with nothing yet to assess is not ranked (it is not a 0).
    totals = {pk: s.total for pk, s in scores.items() if s.total is not None}
    ranked = scoring.rank(rubric, totals, order=[u.pk for u in units if u.pk in totals])
    UnitScore.objects.filter(plan=plan, year=year).delete()
    saved = UnitScore.objects.bulk_create(
        [
            UnitScore(
                plan=plan,
                unit_id=entry.key,
                year=year,
                total=entry.total,
                points=scores[entry.key].by_code,
                measures=measures[entry.key],
                rank=entry.rank,
                proposed=entry.proposed,
            )
            for entry in ranked
        ]
    )
    log_action(
        actor,
        "reporting.scores.computed",
        plan,
        after={
            "year": year,
            "rubric": rubric.name,
            "units": len(saved),
            "proposed": [s.unit_id for s in saved if s.proposed],
        },
    )
    return saved
