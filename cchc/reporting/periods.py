"""Reporting periods from a plan's reporting requirements: kinds, data windows and due dates (pure, no ORM)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from cchc.core.text import fold

SEMIANNUAL, ANNUAL, QUARTERLY, MONTHLY, AD_HOC = "semiannual", "annual", "quarterly", "monthly", "ad_hoc"
KINDS = (MONTHLY, QUARTERLY, SEMIANNUAL, ANNUAL, AD_HOC)
KIND_LABELS = {
    MONTHLY: "Báo cáo tháng",
    QUARTERLY: "Báo cáo quý",
    SEMIANNUAL: "Báo cáo 6 tháng",
    ANNUAL: "Báo cáo năm",
    AD_HOC: "Báo cáo đột xuất",
}


@dataclass(frozen=True)
class WindowSettings:
    """How periods are cut and when they are due; every part is configurable (settings.CCHC_REPORTING_WINDOWS).

    Cut-off windows follow Nghị định 09/2019 as sector circulars apply it (unverified for CCHC, see
    docs/reporting.md): a month runs from the day after the cut-off day of the previous month to the cut-off day;
    a quarter, a half-year and a year end on the cut-off day of their last month. cutoff_day=None means calendar
    periods (1/1–30/6, 1/1–31/12 …). A period's data window never runs past its due date nor outside the plan.
    """

    cutoff_day: int | None = 14
    semiannual_due: tuple[int, int] = (6, 10)
    """(month, day) of the 6-month report's default due date."""
    annual_due: tuple[int, int] = (12, 10)
    quarterly_due_day: int = 15
    """Day of the quarter's last month the quarterly report is due."""
    monthly_due_day: int = 15
    periodic_means: tuple[str, ...] = (SEMIANNUAL, ANNUAL)
    """What a bare "định kỳ" (periodic) requirement expands to."""

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any] | None) -> WindowSettings:
        """Settings from a dict (keys as the fields; tuples may be lists); unknown keys are an error."""
        if not values:
            return cls()
        unknown = set(values) - set(cls.__dataclass_fields__)
        if unknown:
            raise PeriodError(f"Cấu hình kỳ báo cáo có khóa không hợp lệ: {', '.join(sorted(unknown))}.")
        converted: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in values.items()}
        settings = replace(cls(), **converted)
        settings.check()
        return settings

    def check(self) -> None:
        if self.cutoff_day is not None and not 1 <= self.cutoff_day <= 28:
            raise PeriodError("Ngày chốt số liệu phải từ 1 đến 28 (hoặc để trống để dùng kỳ theo lịch).")
        for month, day in (self.semiannual_due, self.annual_due):
            _safe_date(2024, month, day)
        for day in (self.quarterly_due_day, self.monthly_due_day):
            if not 1 <= day <= 28:
                raise PeriodError("Ngày hạn báo cáo tháng, quý phải từ 1 đến 28.")


@dataclass(frozen=True)
class Requirement:
    """A reporting requirement as the plan states it (plans.ReportingRequirement, without the ORM)."""

    what: str
    due: dt.date | None = None
    frequency: str | Sequence[str] | None = None
    ref: int | None = None
    """Caller's id of the requirement, carried to the periods it produced."""


@dataclass(frozen=True)
class PeriodSpec:
    """One reporting period: what is reported, which results count (start–end), and when it is due."""

    kind: str
    title: str
    start: dt.date
    end: dt.date
    due: dt.date
    requirement_refs: tuple[int, ...] = field(default=())


class PeriodError(ValueError):
    """A period or window setting that cannot be used; the message is Vietnamese."""


# "báo cáo", and the forms OCR leaves of it ("bảo ceo", "báo ciao").
_REPORT_WORD = re.compile(r"\bbao c\w{0,2}o\b")
_OTHER_DOCUMENTS = re.compile(r"\b(ke hoach|du toan|tai lieu)\b")
_SEMIANNUAL_WORDS = re.compile(r"\b(6|sau) thang\b")
_QUARTER_WORDS = re.compile(r"\bquy\b")
_MONTH_WORDS = re.compile(r"\b(hang|moi) thang\b|\bbao cao thang\b")
_YEAR_WORDS = re.compile(r"\b(nam|hang nam|ca nam|01 nam|1 nam|cuoi nam)\b")


def is_report(what: str, frequency: Any = None) -> bool:
    """A requirement that asks units for a report (not a unit plan, an estimate or index documents); a
    requirement with a reporting frequency is one unless it names another kind of document."""
    words = fold(what)
    if _REPORT_WORD.search(words):
        return True
    return bool(frequency) and not _OTHER_DOCUMENTS.search(words)


def kind_of(what: str) -> str:
    """The kind a dated requirement's wording names: "Báo cáo 6 tháng" → semiannual, "Báo cáo năm" → annual …"""
    words = fold(what)
    if _SEMIANNUAL_WORDS.search(words):
        return SEMIANNUAL
    if _QUARTER_WORDS.search(words):
        return QUARTERLY
    if _MONTH_WORDS.search(words):
        return MONTHLY
    if re.search(r"\bdot xuat\b|\bkiem tra\b|\bchuyen de\b", words):
        return AD_HOC
    if _YEAR_WORDS.search(words):
        return ANNUAL
    return AD_HOC


def _safe_date(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise PeriodError(f"Ngày {day}/{month} không tồn tại.") from None


def _month_end(year: int, month: int) -> dt.date:
    first_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def window(first_month: tuple[int, int], months: int, cfg: WindowSettings) -> tuple[dt.date, dt.date]:
    """The data window of a period covering `months` months from (year, month), cut-off rule applied."""
    year, month = first_month
    last_year, last_month = _add_months(year, month, months - 1)
    if cfg.cutoff_day is None:
        return dt.date(year, month, 1), _month_end(last_year, last_month)
    before_year, before_month = _add_months(year, month, -1)
    return (
        dt.date(before_year, before_month, cfg.cutoff_day) + dt.timedelta(days=1),
        dt.date(last_year, last_month, cfg.cutoff_day),
    )


def _title(kind: str, year: int, index: int = 0) -> str:
    if kind == SEMIANNUAL:
        return f"Báo cáo 6 tháng đầu năm {year}"
    if kind == ANNUAL:
        return f"Báo cáo năm {year}"
    if kind == QUARTERLY:
        return f"Báo cáo quý {('I', 'II', 'III', 'IV')[index - 1]} năm {year}"
    if kind == MONTHLY:
        return f"Báo cáo tháng {index} năm {year}"
    return "Báo cáo đột xuất"


def regular_periods(kind: str, year: int, cfg: WindowSettings) -> list[PeriodSpec]:
    """The periods of one kind in one calendar year, before clipping to a plan."""
    if kind == SEMIANNUAL:
        start, end = window((year, 1), 6, cfg)
        return [PeriodSpec(kind, _title(kind, year), start, end, _safe_date(year, *cfg.semiannual_due))]
    if kind == ANNUAL:
        start, end = window((year, 1), 12, cfg)
        return [PeriodSpec(kind, _title(kind, year), start, end, _safe_date(year, *cfg.annual_due))]
    if kind == QUARTERLY:
        out = []
        for quarter in range(1, 5):
            start, end = window((year, 3 * quarter - 2), 3, cfg)
            out.append(
                PeriodSpec(
                    kind, _title(kind, year, quarter), start, end, dt.date(year, 3 * quarter, cfg.quarterly_due_day)
                )
            )
        return out
    if kind == MONTHLY:
        out = []
        for month in range(1, 13):
            start, end = window((year, month), 1, cfg)
            out.append(
                PeriodSpec(kind, _title(kind, year, month), start, end, dt.date(year, month, cfg.monthly_due_day))
            )
        return out
    raise PeriodError(f"Loại kỳ báo cáo không hợp lệ: «{kind}».")


def _frequencies(frequency: str | Sequence[str] | None, cfg: WindowSettings) -> list[str]:
    codes = [frequency] if isinstance(frequency, str) else list(frequency or [])
    out: list[str] = []
    for code in codes:
        expanded = cfg.periodic_means if code == "periodic" else (code,)
        out += [kind for kind in expanded if kind in (MONTHLY, QUARTERLY, SEMIANNUAL, ANNUAL) and kind not in out]
    return out


def clip(spec: PeriodSpec, plan_start: dt.date, plan_end: dt.date) -> PeriodSpec | None:
    """The period limited to the plan's period and to its due date; None when nothing is left."""
    start, end = max(spec.start, plan_start), min(spec.end, plan_end, spec.due)
    if end < start:
        return None
    return replace(spec, start=start, end=end)


def dated_period(requirement: Requirement, plan_start: dt.date, cfg: WindowSettings) -> PeriodSpec:
    """The period of a requirement with its own due date: a regular window ending at the due date, or ad hoc."""
    assert requirement.due is not None
    due = requirement.due
    kind = kind_of(requirement.what)
    if kind == AD_HOC:
        return PeriodSpec(AD_HOC, _ad_hoc_title(requirement.what), plan_start, due, due)
    candidates = [p for p in regular_periods(kind, due.year, cfg) if p.start <= due]
    # The period whose window the due date falls in, or the last one that started before it.
    chosen = next((p for p in candidates if p.start <= due <= max(p.end, p.due)), candidates[-1])
    return replace(chosen, due=due)


def _ad_hoc_title(what: str) -> str:
    text = " ".join(what.split()).rstrip(" .;")
    return text[:1].upper() + text[1:] if text else "Báo cáo đột xuất"


def plan_periods(
    requirements: Iterable[Requirement], plan_start: dt.date, plan_end: dt.date, cfg: WindowSettings | None = None
) -> list[PeriodSpec]:
    """Every reporting period the plan's requirements call for, merged, clipped and sorted by due date.

    A requirement that is not a report (a unit plan, a budget estimate) produces nothing. A requirement with a due
    date makes one period; a frequency-only one makes a period of each kind in each year of the plan. The same
    period asked for twice is one period; a due date stated in the plan wins over the configured default.
    """
    cfg = cfg or WindowSettings()
    if plan_end < plan_start:
        raise PeriodError("Thời kỳ kế hoạch: ngày kết thúc trước ngày bắt đầu.")
    found: dict[tuple[str, str, dt.date | None], PeriodSpec] = {}
    stated: set[tuple[str, str, dt.date | None]] = set()

    def add(spec: PeriodSpec, ref: int | None, due_stated: bool) -> None:
        key = (spec.kind, spec.title, spec.due if spec.kind == AD_HOC else None)
        refs = (ref,) if ref is not None else ()
        old = found.get(key)
        if old is not None:
            due = spec.due if due_stated and key not in stated else old.due
            spec = replace(old, due=due, requirement_refs=tuple(dict.fromkeys(old.requirement_refs + refs)))
        else:
            spec = replace(spec, requirement_refs=refs)
        found[key] = spec
        if due_stated:
            stated.add(key)

    years = range(plan_start.year, plan_end.year + 1)
    for requirement in requirements:
        if not is_report(requirement.what, requirement.frequency):
            continue
        if requirement.due is not None:
            add(dated_period(requirement, plan_start, cfg), requirement.ref, True)
            continue
        for kind in _frequencies(requirement.frequency, cfg):
            for year in years:
                for spec in regular_periods(kind, year, cfg):
                    add(spec, requirement.ref, False)
    clipped = [c for spec in found.values() if (c := clip(spec, plan_start, plan_end)) is not None]
    return sorted(clipped, key=lambda p: (p.due, KINDS.index(p.kind), p.start))


def is_late(submitted_on: dt.date | None, due: dt.date, today: dt.date) -> bool:
    """Late: submitted after the due date, or not submitted and the due date has passed."""
    if submitted_on is None:
        return today > due
    return submitted_on > due
