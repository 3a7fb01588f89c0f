"""Read-side queries for execution: status and result aggregates per unit, pillar, kind and month for a plan.

Every aggregate is one SQL query whatever the number of units, so dashboards and the reporting app can call
them freely. Callers pass objects already checked by `access.py`.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Case, CharField, Count, F, Q, QuerySet, Sum, Value, When

from cchc.accounts.types import Viewer
from cchc.execution.models import (
    ActivityClassification,
    Assignment,
    Evidence,
    LoggedResult,
    Occurrence,
    OccurrenceStatus,
    Pillar,
    ProgressStatement,
    Reminder,
    ResultKind,
    Target,
)
from cchc.execution.schedule import occurrence_status
from cchc.plans.models import Activity, Plan
from cchc.units.models import Unit

STATUSES = [s.value for s in OccurrenceStatus]
QUANTITIES = ("participants", "copies", "broadcasts", "reach")


def status_expression(today: dt.date) -> Case:
    """SQL for `schedule.occurrence_status` (the two must agree; a test checks it)."""
    return Case(
        When(first_result_on__isnull=False, first_result_on__lte=F("due"), then=Value(OccurrenceStatus.DONE)),
        When(first_result_on__isnull=False, then=Value(OccurrenceStatus.LATE)),
        When(start__gt=today, then=Value(OccurrenceStatus.NOT_YET_DUE)),
        When(due__gte=today, then=Value(OccurrenceStatus.DUE)),
        default=Value(OccurrenceStatus.MISSING),
        output_field=CharField(),
    )


def plan_occurrences(plan: Plan, start: dt.date | None = None, end: dt.date | None = None) -> QuerySet[Occurrence]:
    """Active occurrences of a plan (an inactive assignment's are inactive too), due within [start, end]."""
    qs = Occurrence.objects.filter(plan=plan, is_active=True)
    if start:
        qs = qs.filter(due__gte=start)
    if end:
        qs = qs.filter(due__lte=end)
    return qs


def plan_results(plan: Plan, start: dt.date | None = None, end: dt.date | None = None) -> QuerySet[LoggedResult]:
    qs = LoggedResult.objects.filter(plan=plan)
    if start:
        qs = qs.filter(date__gte=start)
    if end:
        qs = qs.filter(date__lte=end)
    return qs


@dataclass
class StatusRow:
    """Occurrence counts by computed status for one group (a unit, a pillar, a month...)."""

    key: Any
    label: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def expected(self) -> int:
        """Occurrences that have fallen due (or were done early)."""
        return self.total - self.counts[OccurrenceStatus.NOT_YET_DUE] - self.counts[OccurrenceStatus.DUE]

    @property
    def done(self) -> int:
        return self.counts[OccurrenceStatus.DONE] + self.counts[OccurrenceStatus.LATE]

    @property
    def completion(self) -> float | None:
        """Share of fallen-due occurrences with a result (done or late), in percent; None when nothing is due."""
        due_or_done = self.expected
        if due_or_done <= 0:
            return None
        return round(100.0 * self.done / due_or_done, 1)

    @property
    def late_or_missing(self) -> int:
        return self.counts[OccurrenceStatus.LATE] + self.counts[OccurrenceStatus.MISSING]


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def status_cube(
    plan: Plan, today: dt.date, start: dt.date | None = None, end: dt.date | None = None
) -> list[tuple[int | None, str, dt.date, str, int]]:
    """(unit id, pillar, due date, status, count) for a plan's occurrences: one grouped query, no join."""
    rows = (
        plan_occurrences(plan, start, end)
        .annotate(computed_status=status_expression(today))
        .order_by()
        .values_list("unit_id", "pillar", "due", "computed_status")
        .annotate(n=Count("id"))
    )
    return list(rows)


def status_views(
    plan: Plan, today: dt.date, start: dt.date | None = None, end: dt.date | None = None
) -> dict[str, list[StatusRow]]:
    """Status counts by 'unit', 'pillar' and 'month' (of the due date) from one query, plus unit names."""
    cube = status_cube(plan, today, start, end)
    names = dict(Unit.objects.filter(pk__in={u for u, *_ in cube}).values_list("pk", "name"))
    groups: dict[str, dict[Any, StatusRow]] = {"unit": {}, "pillar": {}, "month": {}}
    for unit_id, pillar, due, status, n in cube:
        month = _month(due)
        for by, key, label in (
            ("unit", unit_id, names.get(unit_id or 0, "")),
            ("pillar", pillar, _label("pillar", pillar, None)),
            ("month", month, f"{month:%m/%Y}"),
        ):
            row = groups[by].get(key)
            if row is None:
                row = groups[by][key] = StatusRow(key, label)
            row.counts[status] += n
    return {
        "unit": sorted(groups["unit"].values(), key=lambda r: r.label),
        "pillar": sorted(groups["pillar"].values(), key=lambda r: r.label),
        "month": [groups["month"][k] for k in sorted(groups["month"])],
    }


def status_counts(
    plan: Plan, by: str, today: dt.date, start: dt.date | None = None, end: dt.date | None = None
) -> list[StatusRow]:
    """Occurrence counts per status grouped by 'unit', 'pillar', 'month', 'activity' or 'mode'."""
    if by in ("unit", "pillar", "month"):
        return status_views(plan, today, start, end)[by]
    key, label = {
        "activity": ("assignment__activity_id", "assignment__activity__ref"),
        "responsibility": ("assignment__responsibility_id", "assignment__responsibility__ref"),
        "mode": ("assignment__mode", None),
    }[by]
    fields = [key, label] if label else [key]
    grouped: dict[Any, StatusRow] = {}
    qs = plan_occurrences(plan, start, end).annotate(computed_status=status_expression(today)).order_by()
    for row in qs.values(*fields, "computed_status").annotate(n=Count("id")):
        k = row[key]
        if k not in grouped:
            grouped[k] = StatusRow(k, _label(by, k, row.get(label) if label else None))
        grouped[k].counts[row["computed_status"]] += row["n"]
    return sorted(grouped.values(), key=lambda r: r.label or "")


def _label(by: str, key: Any, label: Any) -> str:
    if by == "pillar":
        return str(Pillar(key).label) if key in Pillar.values else str(key)
    if by == "mode":
        return str(Assignment.Mode(key).label) if key in Assignment.Mode.values else str(key)
    return str(label or key or "")


@dataclass
class TotalsRow:
    key: Any
    label: str
    results: int
    participants: int
    copies: int
    broadcasts: int
    reach: int
    with_evidence: int = 0


def _grouped_totals(
    by: str, rows: list[tuple[Any, ...]], evidence: dict[Any, int], names: dict[Any, str] | None = None
) -> list[TotalsRow]:
    """rows: (group key, n, participants, copies, broadcasts, reach) — summed per key into TotalsRow."""
    grouped: dict[Any, list[int]] = {}
    for key, *values in rows:
        into = grouped.setdefault(key, [0] * 5)
        for index, value in enumerate(values):
            into[index] += int(value or 0)
    out = []
    for key, values in grouped.items():
        if by == "unit":
            label = (names or {}).get(key, "")
        elif by == "month":
            label = f"{key:%m/%Y}"
        elif by == "kind":
            label = str(ResultKind(key).label) if key in ResultKind.values else str(key)
        else:
            label = _label("pillar", key, None)
        n, participants, copies, broadcasts, reach = values
        out.append(TotalsRow(key, label, n, participants, copies, broadcasts, reach, evidence.get(key, 0)))
    if by == "month":
        return sorted(out, key=lambda r: r.key)
    return sorted(out, key=lambda r: (-r.results, r.label))


def _sums() -> dict[str, Any]:
    return {"n": Count("id"), **{q: Sum(q) for q in QUANTITIES}}


def result_views(plan: Plan, start: dt.date | None = None, end: dt.date | None = None) -> dict[str, list[TotalsRow]]:
    """Results and summed quantities by 'kind' and by 'month' (of the result date): two grouped queries."""
    rows = list(plan_results(plan, start, end).order_by().values_list("kind", "date").annotate(**_sums()))
    evidence_qs = Evidence.objects.filter(result__plan=plan)
    if start:
        evidence_qs = evidence_qs.filter(result__date__gte=start)
    if end:
        evidence_qs = evidence_qs.filter(result__date__lte=end)
    by_kind: dict[Any, int] = defaultdict(int)
    by_month: dict[Any, int] = defaultdict(int)
    for kind, date, n in (
        evidence_qs.order_by().values_list("result__kind", "result__date").annotate(n=Count("result_id", distinct=True))
    ):
        by_kind[kind] += n
        by_month[_month(date)] += n
    return {
        "kind": _grouped_totals("kind", [(kind, *v) for kind, _, *v in rows], by_kind),
        "month": _grouped_totals("month", [(_month(date), *v) for _, date, *v in rows], by_month),
    }


def result_totals(
    plan: Plan, by: str, start: dt.date | None = None, end: dt.date | None = None, unit_ids: list[int] | None = None
) -> list[TotalsRow]:
    """Number of results and summed quantities grouped by 'unit', 'kind', 'pillar' or 'month' (of the result
    date); 'with_evidence' counts results having at least one evidence file. Each grouping is one or two
    queries whatever the number of units."""
    if unit_ids is None and by in ("kind", "month"):
        return result_views(plan, start, end)[by]
    qs = plan_results(plan, start, end)
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    key = {"unit": "unit_id", "kind": "kind", "pillar": "pillar", "month": "date"}[by]
    rows = [(_month(k) if by == "month" else k, *v) for k, *v in qs.order_by().values_list(key).annotate(**_sums())]
    evidence: dict[Any, int] = defaultdict(int)
    for k, n in (
        Evidence.objects.filter(result__in=qs)
        .order_by()
        .values_list(f"result__{key}")
        .annotate(n=Count("result_id", distinct=True))
    ):
        evidence[_month(k) if by == "month" else k] += n
    names = None
    if by == "unit":
        names = dict(Unit.objects.filter(pk__in={r[0] for r in rows}).values_list("pk", "name"))
    return _grouped_totals(by, rows, evidence, names)


@dataclass
class TargetActual:
    target: Target
    actual: decimal.Decimal | None
    met: bool | None
    detail: str


def _period_keys(metric_period: str, day: dt.date) -> tuple[int, int]:
    if metric_period == "week":
        iso = day.isocalendar()
        return (iso[0], iso[1])
    if metric_period == "month":
        return (day.year, day.month)
    return (day.year, (day.month - 1) // 3 + 1)


def _periods_between(metric_period: str, start: dt.date, end: dt.date) -> set[tuple[int, int]]:
    keys: set[tuple[int, int]] = set()
    day = start
    while day <= end:
        keys.add(_period_keys(metric_period, day))
        day += dt.timedelta(days=1 if metric_period != "quarter" else 28)
    keys.add(_period_keys(metric_period, end))
    return keys


def target_actuals(
    plan: Plan, today: dt.date, statuses: tuple[str, ...] = (Target.Status.CONFIRMED,)
) -> list[TargetActual]:
    """Each target beside its actual value computed from the logged results (3 queries in all)."""
    items = list(Target.objects.filter(plan=plan, status__in=statuses).select_related("activity", "responsibility"))
    if not items:
        return []
    results = LoggedResult.objects.filter(plan=plan).values(
        "assignment__activity_id",
        "assignment__responsibility_id",
        "assignment__duty_index",
        "kind",
        "date",
        "participants",
        "copies",
        "broadcasts",
        "reach",
        "rate",
    )
    by_owner: dict[tuple[Any, Any, Any], list[dict[str, Any]]] = defaultdict(list)
    for values in results:
        row: dict[str, Any] = dict(values)
        by_owner[("a", row["assignment__activity_id"], None)].append(row)
        by_owner[("r", row["assignment__responsibility_id"], row["assignment__duty_index"])].append(row)
    out = []
    horizon = min(today, plan.period_end)
    for target in items:
        owner = (
            ("a", target.activity_id, None)
            if target.activity_id
            else ("r", target.responsibility_id, target.duty_index)
        )
        rows = [r for r in by_owner.get(owner, []) if not target.kinds or r["kind"] in target.kinds]
        out.append(_actual(target, rows, plan.period_start, horizon))
    return out


def _actual(target: Target, rows: list[dict[str, Any]], start: dt.date, horizon: dt.date) -> TargetActual:
    threshold = target.threshold
    if target.metric == Target.Metric.PERCENT:
        rates = [r["rate"] for r in rows if r["rate"] is not None]
        if not rates:
            return TargetActual(target, None, None, "Chưa có kết quả khảo sát nào ghi tỷ lệ.")
        value = (sum(rates) / len(rates)).quantize(decimal.Decimal("0.1"))
        return TargetActual(target, value, value >= threshold, f"Trung bình {len(rates)} kết quả khảo sát")
    if target.metric == Target.Metric.EVERY_PERIOD:
        if horizon < start:
            return TargetActual(target, decimal.Decimal(0), None, "Chưa đến kỳ.")
        periods = _periods_between(target.period, start, horizon)
        counts: dict[tuple[int, int], decimal.Decimal] = defaultdict(decimal.Decimal)
        for r in rows:
            counts[_period_keys(target.period, r["date"])] += _quantity(target, r)
        covered = sum(1 for p in periods if counts.get(p, 0) >= threshold)
        share = decimal.Decimal(100 * covered / len(periods)).quantize(decimal.Decimal("0.1"))
        return TargetActual(
            target, share, covered == len(periods), f"{covered}/{len(periods)} kỳ đạt (tính đến {horizon:%d/%m/%Y})"
        )
    total = sum((_quantity(target, r) for r in rows), decimal.Decimal(0))
    return TargetActual(target, total, total >= threshold, f"{len(rows)} kết quả được tính")


def _quantity(target: Target, row: dict[str, Any]) -> decimal.Decimal:
    if target.quantity == "results":
        return decimal.Decimal(1)
    return decimal.Decimal(row.get(target.quantity) or 0)


def survey_average(plan: Plan) -> decimal.Decimal | None:
    value = LoggedResult.objects.filter(plan=plan, rate__isnull=False).aggregate(v=Avg("rate"))["v"]
    return decimal.Decimal(value).quantize(decimal.Decimal("0.1")) if value is not None else None


@dataclass
class AssignmentLine:
    """One assignment on a unit's page: its next (or most overdue) occurrence and its computed status."""

    assignment: Assignment
    occurrence: Occurrence | None
    status: str
    counts: dict[str, int]
    progress: Any = None


def assignment_counts(plan: Plan) -> dict[str, int]:
    """How many assignments a plan has, and how many are still in force (the issuing page says so before a
    re-issue)."""
    return Assignment.objects.filter(plan=plan).aggregate(total=Count("id"), active=Count("id", Q(is_active=True)))


def assignment_lines(assignments: QuerySet[Assignment], today: dt.date) -> list[AssignmentLine]:
    """Assignments ordered by the date their current occurrence falls due (3 queries whatever the count)."""
    items = list(assignments.select_related("plan", "unit", "activity"))
    ids = [a.pk for a in items]
    occurrences: dict[int, list[Occurrence]] = defaultdict(list)
    for occ in Occurrence.objects.filter(assignment_id__in=ids, is_active=True).order_by("due"):
        occurrences[occ.assignment_id].append(occ)
    latest_progress: dict[int, ProgressStatement] = {}
    for statement in ProgressStatement.objects.filter(assignment_id__in=ids).order_by("stated_at", "id"):
        latest_progress[statement.assignment_id] = statement
    lines = []
    for assignment in items:
        occs = occurrences.get(assignment.pk, [])
        counts = dict.fromkeys(STATUSES, 0)
        current = None
        for occ in occs:
            status = occurrence_status(occ.start, occ.due, occ.first_result_on, today)
            counts[status] += 1
            if current is None and status in (
                OccurrenceStatus.MISSING,
                OccurrenceStatus.DUE,
                OccurrenceStatus.NOT_YET_DUE,
            ):
                current = occ
        status = (
            occurrence_status(current.start, current.due, current.first_result_on, today)
            if current
            else OccurrenceStatus.DONE
            if occs
            else OccurrenceStatus.NOT_YET_DUE
        )
        lines.append(AssignmentLine(assignment, current, status, counts, latest_progress.get(assignment.pk)))
    far = dt.date.max
    return sorted(lines, key=lambda line: (line.occurrence.due if line.occurrence else far, line.assignment.pk))


def active_occurrences(assignment: Assignment) -> list[Occurrence]:
    """The assignment's occurrences in force, in date order (the result form's choices, the assignment page)."""
    return list(assignment.occurrences.filter(is_active=True).order_by("start"))


def assignment_results(assignment: Assignment) -> list[LoggedResult]:
    return list(assignment.results.select_related("occurrence", "created_by").prefetch_related("evidence"))


def latest_progress(assignment: Assignment) -> ProgressStatement | None:
    return assignment.progress_statements.select_related("stated_by").first()


def public_progress(plan: Plan, today: dt.date) -> list[dict[str, Any]]:
    """Per activity (or, for plans without an appendix, per item of Tổ chức thực hiện): share of fallen-due
    occurrences done and the number of results — no names, no personal data."""
    by_activity = plan.activities.exists()
    by = "activity" if by_activity else "responsibility"
    statuses = {r.key: r for r in status_counts(plan, by, today)}
    key = f"assignment__{by}_id"
    results = dict(
        LoggedResult.objects.filter(plan=plan, **{f"{key}__isnull": False})
        .order_by()
        .values_list(key)
        .annotate(n=Count("id"))
    )
    items = plan.activities.all() if by_activity else plan.responsibilities.all()
    recent = _recent_results(plan, key)
    photos = _public_photos(plan, key)
    rows = []
    for item in items:
        row = statuses.get(item.pk)
        text = item.content if isinstance(item, Activity) else "; ".join(str(d) for d in item.duties)
        timing = item.timing_text if isinstance(item, Activity) else "Trong thời kỳ kế hoạch"
        rows.append(
            {
                "ref": item.ref,
                "text": text,
                "timing": timing,
                "completion": row.completion if row else None,
                "expected": row.expected if row else 0,
                "done": row.done if row else 0,
                "results": results.get(item.pk, 0),
                "recent": recent.get(item.pk, []),
                "photos": photos.get(item.pk, []),
            }
        )
    return rows


def unread_reminders(user: Viewer, limit: int = 30) -> list[Reminder]:
    """The person's own unread in-app reminders, newest first."""
    return list(
        Reminder.objects.filter(recipient_id=user.pk, read_at__isnull=True).select_related("occurrence")[:limit]
    )


def dashboard(plan: Plan, today: dt.date) -> dict[str, Any]:
    """Everything the plan's dashboard shows, in a number of queries that does not depend on the number of units;
    `ranked` (units by completion, lowest first) and `results_by_month` feed its charts."""
    views = status_views(plan, today)
    by_unit, by_pillar, by_month = views["unit"], views["pillar"], views["month"]
    totals_views = result_views(plan)
    kinds = totals_views["kind"]
    results_by_month = {r.key: r.results for r in totals_views["month"]}
    totals = StatusRow("all", "Cả kế hoạch")
    for row in by_unit:
        for status, n in row.counts.items():
            totals.counts[status] += n
    return {
        "plan": plan,
        "today": today,
        "totals": totals,
        "by_unit": by_unit,
        "by_pillar": by_pillar,
        "by_month": by_month,
        "kinds": kinds,
        "late_units": sorted((r for r in by_unit if r.late_or_missing), key=lambda r: (-r.counts["missing"], r.label)),
        "ranked": sorted((r for r in by_unit if r.completion is not None), key=lambda r: (r.completion, r.label)),
        "targets": target_actuals(plan, today),
        "proposed_targets": Target.objects.filter(plan=plan, status=Target.Status.PROPOSED).count(),
        "results_total": sum(k.results for k in kinds),
        "results_by_month": results_by_month,
        "month_rows": [(r, results_by_month.get(r.key, 0)) for r in by_month],
    }


def _id(value: str | None) -> int:
    """An id posted in a form; anything that is not a plain number names nothing."""
    text = (value or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) < 19 else 0


def targets_with_actuals(plan: Plan, today: dt.date) -> list[tuple[Target, TargetActual | None]]:
    """Every target of the plan, whatever its status, with what was achieved so far."""
    actuals = {a.target.pk: a for a in target_actuals(plan, today, tuple(Target.Status.values))}
    items = Target.objects.filter(plan=plan).select_related("activity", "responsibility")
    return [(t, actuals.get(t.pk)) for t in items]


def plan_target(plan: Plan, target_id: str | None) -> Target | None:
    """One target of this plan (None for another plan's)."""
    return Target.objects.filter(plan=plan, pk=_id(target_id)).first()


def activity_classifications(plan: Plan) -> list[ActivityClassification]:
    """The reform pillar of each of the plan's activities, in the plan's order."""
    return list(
        ActivityClassification.objects.filter(activity__plan=plan)
        .select_related("activity")
        .order_by("activity__position", "activity_id")
    )


def activity_classification(plan: Plan, activity_id: str | None) -> ActivityClassification | None:
    """The pillar of one of this plan's activities (None for another plan's)."""
    return (
        ActivityClassification.objects.filter(activity__plan=plan, activity_id=_id(activity_id))
        .select_related("activity")
        .first()
    )


PUBLIC_RECENT = 3  # dated results shown per activity on the public page
PUBLIC_PHOTOS = 4  # public pictures shown per activity


def _kind_label(kind: str) -> str:
    return str(ResultKind(kind).label) if kind in ResultKind.values else str(kind)


def _public_photos(plan: Plan, key: str) -> dict[int, list[dict[str, Any]]]:
    """The pictures units chose to make public, newest first, PUBLIC_PHOTOS per activity (or duty): the
    evidence id, the result's date and kind — no file name, no title. One query."""
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    rows = (
        Evidence.objects.filter(
            result__plan=plan, is_public=True, content_type__startswith="image/", **{f"result__{key}__isnull": False}
        )
        .order_by(f"result__{key}", "-result__date", "-id")
        .values("id", f"result__{key}", "result__date", "result__kind")
    )
    for row in rows:
        shown = out[row[f"result__{key}"]]
        if len(shown) < PUBLIC_PHOTOS:
            shown.append({"id": row["id"], "date": row["result__date"], "kind": _kind_label(row["result__kind"])})
    return out


def _recent_results(plan: Plan, key: str) -> dict[int, list[dict[str, Any]]]:
    """The latest results of each activity (or duty) for citizens: date, kind and quantities only — never a
    title, a note, a name or a file, which units write for the owner, not for publication. One query."""
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    rows = (
        LoggedResult.objects.filter(plan=plan, **{f"{key}__isnull": False})
        .order_by(key, "-date", "-id")
        .values(key, "date", "kind", *QUANTITIES)
    )
    for row in rows:
        shown = out[row[key]]
        if len(shown) < PUBLIC_RECENT:
            shown.append({"date": row["date"], "kind": _kind_label(row["kind"]), **{q: row[q] for q in QUANTITIES}})
    return out
