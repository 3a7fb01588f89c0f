"""The one calendar: timing phrases → kinds and frequencies, and every due date computed from them (pure, no ORM).

One vocabulary of timing kinds, frequencies and report kinds serves the importer, the schedule of activities, the
forms, the plan JSON, the reporting periods, the reminders and the printed documents. Rules:

- a timing phrase is read once (`classify`): quarters named ("Quý II đến Quý IV") → those quarters; a rhythm
  ("2 lần/tháng", "hằng tuần", "theo tháng hoặc quý", "6 tháng một lần") → recurring with that frequency, even
  beside "thường xuyên"; "thường xuyên", "cả năm", "năm 2025" → ongoing; "căn cứ tình hình thực tế", "khi có yêu
  cầu" → as needed; a stated date → dates; a bare "định kỳ" → periodic; "… trong năm." → once a year;
- activity windows (`expand`): ongoing → calendar months; quarters; weekly → ISO weeks; monthly → months;
  monthly-or-quarterly and periodic → quarters (the looser rhythm is the duty); semiannual → halves; annual → the
  year; as needed → the whole plan period; dates → from the previous date to each date; clipped to the plan;
- reporting periods (`plan_periods`): cut-off windows and default due dates (`WindowSettings`), a date the plan
  states wins; reminders of reports read the periods these give, so the two can never disagree;
- where the plan counts in working days ("ngày làm việc"), a deadline on a weekend or a public holiday (Tết, Giỗ
  Tổ Hùng Vương, 30/4–1/5, 2/9, 1/1: the `holidays` package's Vietnam calendar) moves to the next working day.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import holidays

from cchc.core.text import fold

# --- vocabulary ---------------------------------------------------------------------------------------------------

ONGOING, QUARTERS, RECURRING, AS_NEEDED, DATES = "ongoing", "quarters", "recurring", "as_needed", "dates"
TIMING_KIND_LABELS = {
    ONGOING: "Thường xuyên",
    QUARTERS: "Theo quý",
    RECURRING: "Định kỳ",
    AS_NEEDED: "Khi có yêu cầu",
    DATES: "Thời điểm cụ thể",
}
TIMING_KINDS = tuple(TIMING_KIND_LABELS)

WEEKLY, MONTHLY, QUARTERLY, MONTHLY_OR_QUARTERLY = "weekly", "monthly", "quarterly", "monthly_or_quarterly"
SEMIANNUAL, ANNUAL, PERIODIC = "semiannual", "annual", "periodic"
FREQUENCY_LABELS = {
    WEEKLY: "Hằng tuần",
    MONTHLY: "Hằng tháng",
    QUARTERLY: "Hằng quý",
    MONTHLY_OR_QUARTERLY: "Hằng tháng hoặc quý",
    SEMIANNUAL: "6 tháng",
    ANNUAL: "Hằng năm",
    PERIODIC: "Định kỳ",
}
FREQUENCIES = tuple(FREQUENCY_LABELS)
FREQUENCY_WORDS = {
    WEEKLY: "hằng tuần",
    MONTHLY: "hằng tháng",
    QUARTERLY: "hằng quý",
    MONTHLY_OR_QUARTERLY: "hằng tháng hoặc hằng quý",
    SEMIANNUAL: "6 tháng",
    ANNUAL: "hằng năm",
    PERIODIC: "định kỳ",
}
"""The frequencies as running text writes them ("… báo cáo hằng quý")."""

AD_HOC = "ad_hoc"
REPORT_KIND_LABELS = {
    MONTHLY: "Báo cáo tháng",
    QUARTERLY: "Báo cáo quý",
    SEMIANNUAL: "Báo cáo 6 tháng",
    ANNUAL: "Báo cáo năm",
    AD_HOC: "Báo cáo đột xuất",
}
REPORT_KINDS = tuple(REPORT_KIND_LABELS)

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
QUARTER_NAMES = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class Timing:
    """When an activity or duty happens: the plan JSON's timing object. kind None: the text names no time."""

    kind: str | None = ONGOING
    quarters: tuple[int, ...] = ()
    frequency: str | None = None
    text: str = ""
    dates: tuple[dt.date, ...] = field(default=())

    def as_json(self) -> dict[str, Any]:
        """The plan JSON's timing object (dates are not part of it: they are read again from the text)."""
        return {"text": self.text, "kind": self.kind, "quarters": list(self.quarters), "frequency": self.frequency}


# --- reading timing phrases ---------------------------------------------------------------------------------------

_QUARTER = re.compile(r"\bquy\s+(iv|iii|ii|i|[1-4])\b")
_QUARTER_RANGE = re.compile(r"\bquy\s+(iv|iii|ii|i|[1-4])\s*(?:den|-|–|toi)\s*(?:het\s+)?quy\s+(iv|iii|ii|i|[1-4])\b")
_DATE = re.compile(r"\b(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}))?\b")
_PER = {"tuan": WEEKLY, "thang": MONTHLY, "quy": QUARTERLY, "nam": ANNUAL}
_ONGOING = re.compile(r"thuong xuyen|lien tuc|\bca nam\b|hang ngay|\bsuot\b")
_AS_NEEDED = re.compile(r"can cu|khi co|dot xuat|theo yeu cau|phu hop|tinh hinh thuc te|khi can")
_WORKING_DAYS = re.compile(r"\bngay lam viec\b")


def quarters_in(text: str) -> tuple[int, ...]:
    """The quarters a text names: "Quý II và Quý IV" → (2, 4); "Quý II đến Quý IV" → (2, 3, 4)."""
    folded = fold(text or "")
    found: set[int] = set()
    for m in _QUARTER_RANGE.finditer(folded):
        first, last = ROMAN[m.group(1)], ROMAN[m.group(2)]
        found.update(range(min(first, last), max(first, last) + 1))
    found.update(ROMAN[m.group(1)] for m in _QUARTER.finditer(folded))
    return tuple(sorted(found))


def dates_in(text: str, year: int | None) -> tuple[dt.date, ...]:
    """Every dd/mm[/yyyy] date in the text; `year` completes dates written without one (None: skip them)."""
    dates: set[dt.date] = set()
    for m in _DATE.finditer(fold(text or "")):
        day, month = int(m.group(1)), int(m.group(2))
        date_year = int(m.group(3)) if m.group(3) else year
        if date_year is None:
            continue
        try:
            dates.add(dt.date(date_year, month, day))
        except ValueError:
            continue
    return tuple(sorted(dates))


def _times_per(key: str) -> str | None:
    """'2 lần/tháng', '01 lần mỗi quý', '6 tháng một lần' → the period the count is taken over."""
    if re.search(r"\b(6|06|sau) thang (mot|01|1) lan\b", key):
        return SEMIANNUAL
    m = re.search(r"\blan\s*(?:/|moi|trong|mot)\s*(tuan|thang|quy|nam)\b", key) or re.search(
        r"\b(tuan|thang|quy|nam) (?:mot|01|1) lan\b", key
    )
    return _PER[m.group(1)] if m else None


def frequency_in(text: str) -> str | None:
    """The rhythm a text names, if any: weekly beats monthly beats quarterly ("the finest rhythm named wins")."""
    key = fold(text or "")
    if per := _times_per(key):
        return per
    if re.search(r"\b(hang|moi|theo) tuan\b|\btuan mot lan\b", key):
        return WEEKLY
    monthly = re.search(r"\b(hang|moi|theo) thang\b|\bthang mot lan\b", key)
    quarterly = re.search(r"\b(hang|moi|theo) quy\b|\bhoac (theo |hang )?quy\b", key)
    if monthly and quarterly:
        return MONTHLY_OR_QUARTERLY
    if monthly:
        return MONTHLY
    if quarterly:
        return QUARTERLY
    if re.search(r"\b(06|6|sau) thang\b|\bnua nam\b", key):
        return SEMIANNUAL
    if re.search(r"\b(hang|moi) nam\b|\bmot lan trong nam\b", key):
        return ANNUAL
    if "dinh ky" in key:
        return PERIODIC
    return None


def classify(text: str, year: int | None = None) -> Timing:
    """Read a 'Thời gian thực hiện' text (or a duty's wording) into a Timing; `year` completes dates without one.

    The one classifier of the system: the importer stores what it returns, the schedule expands it.
    """
    key = fold(text or "")
    if not key.strip():
        return Timing(None, text=text)
    quarters = quarters_in(text)
    if quarters:
        return Timing(QUARTERS, quarters, None, text)
    frequency = frequency_in(text)
    if frequency is not None and frequency not in (PERIODIC, SEMIANNUAL, ANNUAL):
        return Timing(RECURRING, (), frequency, text)
    dates = dates_in(text, year)
    if _DATE.search(key) and not _ONGOING.search(key):
        return Timing(DATES, (), None, text, dates)
    if frequency is not None and frequency != PERIODIC:
        return Timing(RECURRING, (), frequency, text)
    if _ONGOING.search(key):
        return Timing(ONGOING, (), None, text)
    if frequency == PERIODIC:
        return Timing(RECURRING, (), PERIODIC, text)
    if _AS_NEEDED.search(key):
        return Timing(AS_NEEDED, (), None, text)
    if re.search(r"\btrong nam\b(?!\s*\d)", key):
        return Timing(RECURRING, (), ANNUAL, text)
    if re.search(r"\bngay\b|\bthang\s+\d", key):
        return Timing(DATES, (), None, text, dates)
    if re.search(r"\bnam \d{4}\b", key):
        return Timing(ONGOING, (), None, text)
    return Timing(None, text=text)


def counts_working_days(text: str) -> bool:
    """The plan counts this deadline in working days ("… 05 ngày làm việc", "ngày làm việc cuối cùng …")."""
    return bool(_WORKING_DAYS.search(fold(text or "")))


# --- working days -------------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("VN", years=year))


def is_holiday(day: dt.date) -> bool:
    """A Vietnamese public holiday (Tết Dương lịch, Tết Nguyên đán, Giỗ Tổ, 30/4, 1/5, 2/9 and their days off)."""
    return day in _holidays(day.year)


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday and not a public holiday (civil servants work a five-day week)."""
    return day.weekday() < 5 and not is_holiday(day)


def next_working_day(day: dt.date) -> dt.date:
    """The day itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def add_working_days(day: dt.date, count: int) -> dt.date:
    """The date `count` working days after `day` (the day itself not counted): received on Friday with 1 working
    day → Monday; a time limit running into Tết skips the whole holiday."""
    while count > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def deadline(day: dt.date, working_days: bool) -> dt.date:
    """A due date as the government treats it: moved to the next working day only where the plan counts in
    working days; otherwise the date stands as written."""
    return next_working_day(day) if working_days else day


# --- activity windows ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    """One occurrence: at least one result is expected between start and due (inclusive)."""

    label: str
    start: dt.date
    due: dt.date


def month_end(year: int, month: int) -> dt.date:
    first_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _clip(label: str, start: dt.date, end: dt.date, period: tuple[dt.date, dt.date]) -> Window | None:
    lo, hi = max(start, period[0]), min(end, period[1])
    return Window(label, lo, hi) if lo <= hi else None


def _months(period: tuple[dt.date, dt.date]) -> list[Window]:
    out: list[Window] = []
    year, month = period[0].year, period[0].month
    while dt.date(year, month, 1) <= period[1]:
        w = _clip(f"Tháng {month}/{year}", dt.date(year, month, 1), month_end(year, month), period)
        if w:
            out.append(w)
        year, month = add_months(year, month, 1)
    return out


def _quarter_windows(period: tuple[dt.date, dt.date], only: Sequence[int] = ()) -> list[Window]:
    out: list[Window] = []
    for year in range(period[0].year, period[1].year + 1):
        for q in (1, 2, 3, 4):
            if only and q not in only:
                continue
            start = dt.date(year, 3 * q - 2, 1)
            w = _clip(f"Quý {QUARTER_NAMES[q]}/{year}", start, month_end(year, 3 * q), period)
            if w:
                out.append(w)
    return out


def _halves(period: tuple[dt.date, dt.date]) -> list[Window]:
    out: list[Window] = []
    for year in range(period[0].year, period[1].year + 1):
        for label, start, end in (
            (f"6 tháng đầu năm {year}", dt.date(year, 1, 1), dt.date(year, 6, 30)),
            (f"6 tháng cuối năm {year}", dt.date(year, 7, 1), dt.date(year, 12, 31)),
        ):
            w = _clip(label, start, end, period)
            if w:
                out.append(w)
    return out


def _years(period: tuple[dt.date, dt.date]) -> list[Window]:
    windows = (
        _clip(f"Năm {y}", dt.date(y, 1, 1), dt.date(y, 12, 31), period)
        for y in range(period[0].year, period[1].year + 1)
    )
    return [w for w in windows if w]


def _weeks(period: tuple[dt.date, dt.date]) -> list[Window]:
    out: list[Window] = []
    monday = period[0] - dt.timedelta(days=period[0].weekday())
    while monday <= period[1]:
        sunday = monday + dt.timedelta(days=6)
        iso_year, iso_week, _ = monday.isocalendar()
        w = _clip(f"Tuần {iso_week}/{iso_year}", monday, sunday, period)
        if w:
            out.append(w)
        monday += dt.timedelta(days=7)
    return out


def _fixed(dates: Sequence[dt.date], period: tuple[dt.date, dt.date], working_days: bool) -> list[Window]:
    out: list[Window] = []
    start = period[0]
    for day in sorted(d for d in dates if period[0] <= d <= period[1]):
        due = deadline(day, working_days)
        out.append(Window(f"Hạn {due:%d/%m/%Y}", start, due))
        start = due + dt.timedelta(days=1)
    return out


_BY_FREQUENCY = {
    WEEKLY: _weeks,
    MONTHLY: _months,
    QUARTERLY: _quarter_windows,
    MONTHLY_OR_QUARTERLY: _quarter_windows,
    PERIODIC: _quarter_windows,
    SEMIANNUAL: _halves,
    ANNUAL: _years,
}


def expand(timing: Timing, start: dt.date, end: dt.date) -> list[Window]:
    """The occurrence windows of a timing inside the period [start, end], in date order (never empty)."""
    if end < start:
        raise ValueError("Thời kỳ: ngày kết thúc trước ngày bắt đầu.")
    period = (start, end)
    windows: list[Window] = []
    if timing.kind == ONGOING:
        windows = _months(period)
    elif timing.kind == QUARTERS:
        windows = _quarter_windows(period, timing.quarters)
    elif timing.kind == RECURRING:
        windows = _BY_FREQUENCY.get(timing.frequency or PERIODIC, _quarter_windows)(period)
    elif timing.kind == DATES:
        dates = timing.dates or dates_in(timing.text, start.year)
        windows = _fixed(dates, period, counts_working_days(timing.text))
    # As needed, no time named — and anything whose windows all fell outside the period — is one window.
    return windows or [Window("Cả kỳ kế hoạch", start, end)]


# --- reporting periods --------------------------------------------------------------------------------------------


class PeriodError(ValueError):
    """A period or window setting that cannot be used; the message is Vietnamese."""


@dataclass(frozen=True)
class WindowSettings:
    """How reporting periods are cut and when they are due; every part is configurable
    (settings.CCHC_REPORTING_WINDOWS).

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
    """What a bare "định kỳ" (periodic) reporting requirement expands to."""

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


def report_kind_of(what: str) -> str:
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


def data_window(first_month: tuple[int, int], months: int, cfg: WindowSettings) -> tuple[dt.date, dt.date]:
    """The data window of a period covering `months` months from (year, month), cut-off rule applied."""
    year, month = first_month
    last_year, last_month = add_months(year, month, months - 1)
    if cfg.cutoff_day is None:
        return dt.date(year, month, 1), month_end(last_year, last_month)
    before_year, before_month = add_months(year, month, -1)
    return (
        dt.date(before_year, before_month, cfg.cutoff_day) + dt.timedelta(days=1),
        dt.date(last_year, last_month, cfg.cutoff_day),
    )


def _title(kind: str, year: int, index: int = 0) -> str:
    if kind == SEMIANNUAL:
        return f"Báo cáo 6 tháng {'cuối' if index == 2 else 'đầu'} năm {year}"
    if kind == ANNUAL:
        return f"Báo cáo năm {year}"
    if kind == QUARTERLY:
        return f"Báo cáo quý {QUARTER_NAMES[index]} năm {year}"
    if kind == MONTHLY:
        return f"Báo cáo tháng {index} năm {year}"
    return REPORT_KIND_LABELS[AD_HOC]


def regular_periods(kind: str, year: int, cfg: WindowSettings) -> list[PeriodSpec]:
    """The periods of one kind in one calendar year, before clipping to a plan."""
    if kind == SEMIANNUAL:
        start, end = data_window((year, 1), 6, cfg)
        second_start, second_end = data_window((year, 7), 6, cfg)
        return [
            PeriodSpec(kind, _title(kind, year, 1), start, end, _safe_date(year, *cfg.semiannual_due)),
            PeriodSpec(kind, _title(kind, year, 2), second_start, second_end, _safe_date(year, *cfg.annual_due)),
        ]
    if kind == ANNUAL:
        start, end = data_window((year, 1), 12, cfg)
        return [PeriodSpec(kind, _title(kind, year), start, end, _safe_date(year, *cfg.annual_due))]
    if kind == QUARTERLY:
        out = []
        for quarter in range(1, 5):
            start, end = data_window((year, 3 * quarter - 2), 3, cfg)
            due = dt.date(year, 3 * quarter, cfg.quarterly_due_day)
            out.append(PeriodSpec(kind, _title(kind, year, quarter), start, end, due))
        return out
    if kind == MONTHLY:
        out = []
        for month in range(1, 13):
            start, end = data_window((year, month), 1, cfg)
            due = dt.date(year, month, cfg.monthly_due_day)
            out.append(PeriodSpec(kind, _title(kind, year, month), start, end, due))
        return out
    raise PeriodError(f"Loại kỳ báo cáo không hợp lệ: «{kind}».")


def _report_frequencies(frequency: str | Sequence[str] | None, cfg: WindowSettings) -> list[str]:
    codes = [frequency] if isinstance(frequency, str) else list(frequency or [])
    out: list[str] = []
    for code in codes:
        expanded = cfg.periodic_means if code == PERIODIC else (code,)
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
    due = deadline(requirement.due, counts_working_days(requirement.what))
    kind = report_kind_of(requirement.what)
    if kind == AD_HOC:
        return PeriodSpec(AD_HOC, _ad_hoc_title(requirement.what), plan_start, due, due)
    candidates = [p for p in regular_periods(kind, due.year, cfg) if p.start <= due]
    # The period whose window the due date falls in, or the last one that started before it.
    chosen = next((p for p in candidates if p.start <= due <= max(p.end, p.due)), candidates[-1])
    return replace(chosen, due=due)


def _ad_hoc_title(what: str) -> str:
    text = " ".join(what.split()).rstrip(" .;")
    return text[:1].upper() + text[1:] if text else REPORT_KIND_LABELS[AD_HOC]


def plan_periods(
    requirements: Iterable[Requirement], plan_start: dt.date, plan_end: dt.date, cfg: WindowSettings | None = None
) -> list[PeriodSpec]:
    """Every reporting period the plan's requirements call for, merged, clipped and sorted by due date.

    A requirement that is not a report (a unit plan, a budget estimate) produces nothing. A requirement with a due
    date makes one period; a frequency-only one makes a period of each kind in each year of the plan. A 6-month
    report covers the first half of the year; a plan that runs only in the second half (July–December) gets the
    "6 tháng cuối năm" report instead, due with the annual one. The same period asked for twice is one period; a
    due date stated in the plan wins over the configured default; a stated date counted in working days moves
    off weekends and holidays.
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
        for kind in _report_frequencies(requirement.frequency, cfg):
            for year in years:
                for spec in regular_periods(kind, year, cfg):
                    add(spec, requirement.ref, False)
    clipped = [c for spec in found.values() if (c := clip(spec, plan_start, plan_end)) is not None]
    first_halves = {p.title.replace("đầu năm", "cuối năm") for p in clipped if "đầu năm" in p.title}
    clipped = [p for p in clipped if not (p.kind == SEMIANNUAL and "cuối năm" in p.title and p.title in first_halves)]
    return sorted(clipped, key=lambda p: (p.due, REPORT_KINDS.index(p.kind), p.start))


def is_late(submitted_on: dt.date | None, due: dt.date, today: dt.date) -> bool:
    """Late: submitted after the due date, or not submitted and the due date has passed."""
    if submitted_on is None:
        return today > due
    return submitted_on > due
