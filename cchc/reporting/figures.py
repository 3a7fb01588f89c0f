"""Figures for reports and scores, read from execution data with grouped queries (a period × a set of units)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, Exists, F, OuterRef, Q, QuerySet, Sum

from cchc.contests import selectors as contests
from cchc.core import calendar
from cchc.core.calendar import Timing, expand, is_report
from cchc.core.text import fold
from cchc.documents.formatting import number_text
from cchc.execution.models import (
    QUANTITY_FIELDS,
    QUANTITY_LABELS,
    Assignment,
    Evidence,
    LoggedResult,
    Occurrence,
    Pillar,
    ResultKind,
    Target,
)
from cchc.execution.selectors import plan_results
from cchc.feedback import selectors as feedback_selectors
from cchc.plans.models import Plan, UnitMention
from cchc.surveys import selectors as surveys
from cchc.units.models import Unit

SUMMED = tuple(q for q in QUANTITY_FIELDS if q != "rate")
"""Quantities that add up across results (a satisfaction rate does not)."""
NOTABLE_COUNT = 10
#: Which result kinds count as which form of communication for scoring (Đồng Nai rubric, criterion 4.2).
FORM_KINDS: dict[str, tuple[str, ...]] = {
    "web_social": (ResultKind.PORTAL_NEWS, ResultKind.SOCIAL_POST),
    "traditional": (
        ResultKind.CONFERENCE,
        ResultKind.DIALOGUE,
        ResultKind.CONTEST,
        ResultKind.VISUAL,
        ResultKind.PRINTED,
        ResultKind.LOUDSPEAKER,
        ResultKind.BROADCAST,
        ResultKind.PRESS_ARTICLE,
    ),
}
#: Electronic boards and screens have no result kind of their own: the result's title says so.
SCREEN_WORDS = ("màn hình", "Màn hình", "bảng điện tử", "Bảng điện tử", "LED")
STATUS_LABELS = {
    "done": "Hoàn thành",
    "done_late": "Hoàn thành (có kỳ muộn)",
    "missing": "Chưa hoàn thành",
    "in_progress": "Đang thực hiện",
}


@dataclass
class Totals:
    """The figures that add up across units: what every unit has (`UnitFigures`), and all units of a period added
    up (`add_up`)."""

    results: int = 0
    quantities: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SUMMED, 0))
    by_kind: dict[str, dict[str, int]] = field(default_factory=dict)
    by_pillar: dict[str, int] = field(default_factory=dict)
    assignments_set: int = 0
    assignments_done: int = 0
    with_evidence: int = 0
    estimate: int = 0  # đồng: the estimates of the activities the unit leads (the whole plan's)
    spent: dict[str, int] = field(default_factory=dict)  # đồng spent in the period, by funding source ("": none given)


@dataclass(kw_only=True)
class UnitFigures(Totals):
    """What one unit did in a period (JSON-ready with `as_json`)."""

    unit_id: int
    unit_name: str
    assignments_in_progress: int = 0
    evidence_files: int = 0
    screen_results: int = 0
    assignment_rows: list[dict[str, Any]] = field(default_factory=list)
    notable: list[dict[str, Any]] = field(default_factory=list)
    targets: list[dict[str, Any]] = field(default_factory=list)

    @property
    def done_share(self) -> float | None:
        return self.assignments_done / self.assignments_set if self.assignments_set else None

    def as_json(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items()}


def kind_label(kind: str) -> str:
    return str(dict(ResultKind.choices).get(kind, kind))


def pillar_label(pillar: str) -> str:
    return str(dict(Pillar.choices).get(pillar, pillar))


#: Quantities as counted nouns in running text ("120 người tham dự", "3.500 lượt tiếp cận").
QUANTITY_NOUNS = {
    "participants": "người tham dự",
    "copies": "bản",
    "broadcasts": "lần phát sóng",
    "reach": "lượt tiếp cận",
}


def quantity_label(name: str) -> str:
    return QUANTITY_LABELS.get(name, name)


def quantity_noun(name: str) -> str:
    return QUANTITY_NOUNS.get(name, quantity_label(name).lower())


@dataclass
class ReportingUnits:
    """Who reports on a plan: the units it assigns work to (Giao) must report and are scored; the bodies it only
    asks (Đề nghị: Party committees, the Fatherland Front, mass organisations) may report and are listed apart.
    The plan owner compiles the reports and scores the others: it is in neither list."""

    required: list[Unit]
    requested: list[Unit]

    @property
    def all(self) -> list[Unit]:
        return self.required + self.requested


def reporting_units(plan: Plan) -> ReportingUnits:
    """The units that report on the plan: from its active assignments, else from the units its mentions name."""
    modes: dict[int, set[str]] = {}
    for unit_id, mode in Assignment.objects.filter(plan=plan, is_active=True).values_list("unit_id", "mode"):
        modes.setdefault(unit_id, set()).add(mode)
    if not modes:
        mentions = UnitMention.objects.filter(plan=plan, unit__isnull=False).exclude(role=UnitMention.Role.COORDINATE)
        for unit_id, mode in mentions.values_list("unit_id", "responsibility__mode"):
            modes.setdefault(unit_id, set()).add(mode or Assignment.Mode.ASSIGNED)
    modes.pop(plan.owner_unit_id, None)  # type: ignore[arg-type]
    units = list(Unit.objects.filter(pk__in=modes).order_by("path", "name"))
    required = [u for u in units if Assignment.Mode.ASSIGNED in modes[u.pk]]
    return ReportingUnits(required, [u for u in units if Assignment.Mode.ASSIGNED not in modes[u.pk]])


def _results(plan: Plan, start: dt.date, end: dt.date, unit_ids: Sequence[int] | None) -> QuerySet[LoggedResult]:
    results = plan_results(plan, start, end)
    if unit_ids is not None and len(unit_ids) == 1:
        return results.filter(unit_id=unit_ids[0])
    return results.filter(unit_id__in=unit_ids) if unit_ids is not None else results


def _int(value: Any) -> int:
    return int(value or 0)


def collect(
    plan: Plan,
    start: dt.date,
    end: dt.date,
    units: Iterable[Unit],
    *,
    detail: bool = False,
    reported: Mapping[int, bool] | None = None,
) -> dict[int, UnitFigures]:
    """Figures of each unit for results dated start–end; `detail` adds assignment rows, notable items, targets.
    `reported` maps the units that submitted their report for the period to whether it was late: the report is
    the result of the unit's own reporting duty, which then counts as done."""
    figures = {u.pk: UnitFigures(unit_id=u.pk, unit_name=u.name) for u in units}
    ids = list(figures)
    results = _results(plan, start, end, ids)
    screen = Q()
    for word in SCREEN_WORDS:
        screen |= Q(title__contains=word)
    # One pass over the results: counts and sums per unit, kind and pillar, with evidence and screens counted.
    grouped = (
        results.annotate(has_evidence=Exists(Evidence.objects.filter(result=OuterRef("pk"))))
        .values("unit_id", "kind", "pillar")
        .annotate(
            n=Count("id"),
            ev=Count("id", filter=Q(has_evidence=True)),
            screen=Count("id", filter=screen),
            **{q: Sum(q) for q in SUMMED},
        )
        .order_by()
    )
    for row in grouped:
        unit = figures[row["unit_id"]]
        unit.results += row["n"]
        unit.with_evidence += row["ev"]
        unit.screen_results += row["screen"]
        unit.by_pillar[row["pillar"]] = unit.by_pillar.get(row["pillar"], 0) + row["n"]
        into = unit.by_kind.setdefault(row["kind"], {"count": 0, **dict.fromkeys(SUMMED, 0)})
        into["count"] += row["n"]
        for q in SUMMED:
            into[q] += _int(row[q])
            unit.quantities[q] += _int(row[q])
    files = Evidence.objects.filter(result__in=results).values("result__unit_id").annotate(n=Count("id")).order_by()
    for row in files:
        figures[row["result__unit_id"]].evidence_files = row["n"]
    _funding(plan, results, figures)
    _assignment_progress(plan, start, end, figures, detail, reported or {})
    if detail:
        _notable(results, figures)
        for unit in figures.values():
            unit.targets = target_rows(plan, start, end, unit_ids=[unit.unit_id])
    return figures


def _funding(plan: Plan, results: QuerySet[LoggedResult], figures: dict[int, UnitFigures]) -> None:
    """Each unit's spending in the period by source, and the estimates of the activities it leads."""
    spent = results.filter(spent__isnull=False).values("unit_id", "spent_source").annotate(s=Sum("spent")).order_by()
    for row in spent:
        figures[row["unit_id"]].spent[row["spent_source"]] = _int(row["s"])
    leads = (
        Assignment.objects.filter(plan=plan, unit_id__in=list(figures), role=Assignment.Role.LEAD, is_active=True)
        .filter(activity__estimate__isnull=False)
        .values("unit_id")
        .annotate(e=Sum("activity__estimate"))
        .order_by()
    )
    for row in leads:
        figures[row["unit_id"]].estimate = _int(row["e"])


def _assignment_progress(
    plan: Plan,
    start: dt.date,
    end: dt.date,
    figures: dict[int, UnitFigures],
    detail: bool,
    reported: Mapping[int, bool],
) -> None:
    """An assignment is due in the period when one of its occurrences overlapping it falls due by its end; it is
    done when each of those occurrences has a result by then. Others with results are in progress."""
    occurrences = Occurrence.objects.filter(
        plan=plan,
        is_active=True,
        assignment__is_active=True,
        assignment__unit_id__in=list(figures),
        start__lte=end,
        due__gte=start,
        due__lte=end,
    )
    progress = (
        occurrences.values("assignment_id")
        .annotate(
            total=Count("id"),
            met=Count("id", filter=Q(first_result_on__lte=end)),
            late=Count("id", filter=Q(first_result_on__lte=end, first_result_on__gt=F("due"))),
        )
        .order_by()
    )
    by_assignment = {row["assignment_id"]: row for row in progress}
    with_results = dict(
        _results(plan, start, end, list(figures))
        .values("assignment_id")
        .annotate(n=Count("id"))
        .values_list("assignment_id", "n")
        .order_by()
    )
    assignments = Assignment.objects.filter(plan=plan, is_active=True, unit_id__in=list(figures))
    fields = ["id", "unit_id", "ref", "title"]
    for assignment in assignments.only(*fields).order_by("unit_id", "ref", "id"):
        unit = figures[assignment.unit_id]
        row = by_assignment.get(assignment.pk)
        count = with_results.get(assignment.pk, 0)
        if row is not None:
            unit.assignments_set += 1
            reported_late = reported.get(assignment.unit_id) if is_reporting_duty(assignment.title) else None
            if row["met"] == row["total"] or reported_late is not None:
                unit.assignments_done += 1
                status = "done_late" if row["late"] or reported_late else "done"
            else:
                status = "missing"
        elif count:
            unit.assignments_in_progress += 1
            status = "in_progress"
        else:
            continue
        if detail:
            unit.assignment_rows.append(
                {
                    "ref": assignment.ref,
                    "title": assignment.title,
                    "results": count,
                    "status": status,
                    "status_label": STATUS_LABELS[status],
                }
            )


def is_reporting_duty(title: str) -> bool:
    """A duty to report ("Báo cáo kết quả … về Sở Nội vụ"), not a lecturer ("báo cáo viên")."""
    return is_report(title) and "bao cao vien" not in fold(title)


def _quantities_text(values: dict[str, Any]) -> str:
    parts = [f"{number_text(_int(values.get(q)))} {quantity_noun(q)}" for q in SUMMED if values.get(q)]
    return "; ".join(parts)


def _notable(results: QuerySet[LoggedResult], figures: dict[int, UnitFigures]) -> None:
    """The unit's most notable results: those with a link first, then the largest audiences, then the latest."""
    for unit in figures.values():
        rows = (
            results.filter(unit_id=unit.unit_id)
            .annotate(files=Count("evidence"))
            .order_by(
                F("link").desc(nulls_last=True),
                F("participants").desc(nulls_last=True),
                F("reach").desc(nulls_last=True),
                "-date",
                "-id",
            )
        )
        unit.notable = [
            {
                "date": r.date.isoformat(),
                "title": r.title,
                "kind": r.kind,
                "kind_label": kind_label(r.kind),
                "link": r.link,
                "quantities": _quantities_text({q: getattr(r, q) for q in SUMMED}),
                "evidence": r.files,
            }
            for r in rows[:NOTABLE_COUNT]
        ]


_WINDOW_FREQUENCY: dict[str, str] = {
    Target.Period.WEEK: calendar.WEEKLY,
    Target.Period.MONTH: calendar.MONTHLY,
    Target.Period.QUARTER: calendar.QUARTERLY,
}
_WINDOW_WORD: dict[str, str] = {Target.Period.WEEK: "tuần", Target.Period.MONTH: "tháng", Target.Period.QUARTER: "quý"}


def _target_results(target: Target, results: QuerySet[LoggedResult]) -> QuerySet[LoggedResult]:
    if target.activity_id is not None:
        results = results.filter(assignment__activity_id=target.activity_id)
    else:
        results = results.filter(
            assignment__responsibility_id=int(target.responsibility_id or 0),
            assignment__duty_index=int(target.duty_index or 0),
        )
    return results.filter(kind__in=target.kinds) if target.kinds else results


def has_confirmed_targets(plan: Plan) -> bool:
    return Target.objects.filter(plan=plan, status=Target.Status.CONFIRMED).exists()


def target_rows(
    plan: Plan, start: dt.date, end: dt.date, unit_ids: Sequence[int] | None = None
) -> list[dict[str, Any]]:
    """Confirmed targets against what was done start–end (by the given units, or by everyone)."""
    targets = Target.objects.filter(plan=plan, status=Target.Status.CONFIRMED).order_by("id")
    if unit_ids is not None:
        assigned = Assignment.objects.filter(plan=plan, is_active=True, unit_id__in=unit_ids)
        targets = targets.filter(
            Q(activity_id__in=assigned.values("activity_id"))
            | Q(responsibility_id__in=assigned.values("responsibility_id"))
        )
    rows: list[dict[str, Any]] = []
    for target in targets:
        results = _target_results(target, _results(plan, start, end, unit_ids))
        threshold = float(target.threshold)
        quantity = target.quantity if target.quantity in QUANTITY_FIELDS else "results"
        unit_word = "kết quả" if quantity == "results" else quantity_noun(quantity)
        if target.metric == Target.Metric.PERCENT:
            value = results.aggregate(v=Avg("rate"))["v"]
            actual = float(value) if isinstance(value, Decimal | float | int) else None
            met = actual is not None and actual >= threshold
            wanted, done = f"{number_text(threshold)}%", f"{number_text(actual)}%" if actual is not None else ""
        elif target.period in _WINDOW_FREQUENCY:
            windows = expand(Timing(calendar.RECURRING, (), _WINDOW_FREQUENCY[target.period]), start, end)
            per_day = _per_day(results, quantity)
            reached = sum(
                1 for w in windows if sum(v for d, v in per_day.items() if w.start <= d <= w.due) >= threshold
            )
            actual = float(reached)
            met = reached == len(windows)
            word = _WINDOW_WORD[target.period]
            wanted = f"{number_text(threshold)} {unit_word} mỗi {word}"
            done = f"{reached}/{len(windows)} {word} đạt"
        else:
            actual = float(sum(_per_day(results, quantity).values()))
            met = actual >= threshold
            wanted, done = f"{number_text(threshold)} {unit_word}", f"{number_text(actual)} {unit_word}"
        rows.append(
            {
                "id": target.pk,
                "description": target.description,
                "target": wanted,
                "actual": actual,
                "actual_text": done or "Chưa có số liệu",
                "met": met,
            }
        )
    return rows


def _per_day(results: QuerySet[LoggedResult], quantity: str) -> dict[dt.date, float]:
    value = Count("id") if quantity == "results" else Sum(quantity)
    return {row["date"]: float(row["v"] or 0) for row in results.values("date").annotate(v=value).order_by()}


def rate_rows(plan: Plan, start: dt.date, end: dt.date, units: Sequence[Unit]) -> list[dict[str, Any]]:
    """Every satisfaction rate of the units between start and end: those they logged as results, then those the
    surveys run on the system measured (citizens' answers about each unit): unit, title, date, rate (%)."""
    names = {u.pk: u.name for u in units}
    rows = _results(plan, start, end, list(names)).filter(rate__isnull=False).order_by("unit__path", "date", "pk")
    logged = [
        {"unit": names[r.unit_id], "title": r.title, "date": r.date, "rate": float(r.rate or 0)}
        for r in rows.only("unit_id", "title", "date", "rate")
    ]
    return logged + surveys.satisfaction_rows(names, start, end)


def add_up(figures: Iterable[UnitFigures]) -> Totals:
    totals = Totals()
    for unit in figures:
        totals.results += unit.results
        totals.assignments_set += unit.assignments_set
        totals.assignments_done += unit.assignments_done
        totals.with_evidence += unit.with_evidence
        totals.estimate += unit.estimate
        for source, amount in unit.spent.items():
            totals.spent[source] = totals.spent.get(source, 0) + amount
        for q in SUMMED:
            totals.quantities[q] += unit.quantities.get(q, 0)
        for kind, values in unit.by_kind.items():
            into = totals.by_kind.setdefault(kind, {"count": 0, **dict.fromkeys(SUMMED, 0)})
            for name, value in values.items():
                into[name] = into.get(name, 0) + value
        for pillar, count in unit.by_pillar.items():
            totals.by_pillar[pillar] = totals.by_pillar.get(pillar, 0) + count
    return totals


def ordered_kinds(by_kind: dict[str, Any]) -> list[str]:
    """Kinds present, in the order ResultKind lists them."""
    return [kind for kind in ResultKind.values if kind in by_kind]


def ordered_pillars(by_pillar: dict[str, Any]) -> list[str]:
    return [pillar for pillar in Pillar.values if pillar in by_pillar]


def form_measures(unit: UnitFigures) -> dict[str, float]:
    """forms:* measures of the scoring rubric: 1 when the unit used that form of communication, else 0."""
    used = {kind for kind, values in unit.by_kind.items() if values.get("count")}
    web_social = any(kind in used for kind in FORM_KINDS["web_social"])
    screen = unit.screen_results > 0
    return {
        "forms:screen": float(screen),
        "forms:web_social": float(web_social),
        "forms:online": float(screen or web_social),
        "forms:traditional": float(any(kind in used for kind in FORM_KINDS["traditional"])),
    }


def citizen_figures(unit: Unit, start: dt.date, end: dt.date, on: dt.date) -> dict[str, Any]:
    """What citizens and staff did about a unit in the period beyond its logged results, frozen with its report:
    the feedback it received (answered on time, late, satisfaction; None when it received none) and its people's
    entries in each contest round."""
    feedback = feedback_selectors.figures([unit], start, end, on)
    return {
        "feedback": {k: getattr(feedback[0], k) for k in feedback_selectors.COUNTS} if feedback else None,
        "contests": [
            {"round": e.round_label, "entrants": e.entrants, "submitted": e.submitted}
            for e in contests.entrants_by_round([unit], start, end)
        ],
    }
