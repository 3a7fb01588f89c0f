"""Pure schedules: timing phrases → occurrence windows inside a plan period, and the status of a window.

Rules (why they are what they are):
- ongoing ("Thường xuyên") → one window per calendar month: something should appear every month;
- quarters ("Quý II và Quý IV", "Quý II đến Quý IV") → those quarters;
- recurring: weekly → ISO weeks (Monday–Sunday); monthly → months; quarterly → quarters;
  "theo tháng hoặc quý" → quarters (the plan lets the unit choose, so the looser rhythm is the duty);
  semiannual → halves of the year; annual → the year; "định kỳ" without a rhythm → quarters,
  the rhythm of periodic CCHC reports;
- as needed ("Căn cứ vào tình hình thực tế") → one window, the whole period;
- fixed dates ("trước ngày 31/01/2025") → one window per date, from the previous date to it.
Every window is clipped to the plan period; windows entirely outside it are dropped.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from cchc.core.text import fold

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
QUARTER_NAMES = {1: "I", 2: "II", 3: "III", 4: "IV"}

NOT_YET_DUE, DUE, DONE, LATE, MISSING = "not_yet_due", "due", "done", "late", "missing"


@dataclass(frozen=True)
class Timing:
    """When an activity or duty happens: the plan JSON's timing object."""

    kind: str = "ongoing"
    quarters: tuple[int, ...] = ()
    frequency: str | None = None
    text: str = ""
    dates: tuple[dt.date, ...] = field(default=())


@dataclass(frozen=True)
class Window:
    """One occurrence: at least one result is expected between start and due (inclusive)."""

    label: str
    start: dt.date
    due: dt.date


_WEEKLY = re.compile(r"\b(hang|moi) tuan\b|\btheo tuan\b|\btuan mot lan\b")
_MONTHLY_OR_QUARTERLY = re.compile(r"\btheo thang hoac (theo )?quy\b|\bhang thang hoac (hang )?quy\b")
_MONTHLY = re.compile(r"\b(hang|moi) thang\b|\btheo thang\b|\bthang mot lan\b")
_QUARTERLY = re.compile(r"\b(hang|moi) quy\b|\btheo quy\b")
_SEMIANNUAL = re.compile(r"\b(06|6|sau) thang\b|\bnua nam\b")
_ANNUAL = re.compile(r"\b(hang|moi) nam\b|\bmot lan trong nam\b")
_QUARTER = re.compile(r"\bquy\s+(iv|iii|ii|i|[1-4])\b")
_QUARTER_RANGE = re.compile(r"\bquy\s+(iv|iii|ii|i|[1-4])\s*(?:den|-|–|toi)\s*(?:het\s+)?quy\s+(iv|iii|ii|i|[1-4])\b")
_DATE = re.compile(r"\b(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}))?\b")
_ONGOING = re.compile(r"\bthuong xuyen\b|\blien tuc\b|\bca nam\b")
_AS_NEEDED = re.compile(r"tinh hinh thuc te|khi co yeu cau|dot xuat|thoi gian phu hop|khi can thiet")
_PERIODIC = re.compile(r"\bdinh ky\b")
_IN_YEAR = re.compile(r"\btrong nam\b")


def _quarters_in(folded: str) -> tuple[int, ...]:
    found: set[int] = set()
    for m in _QUARTER_RANGE.finditer(folded):
        first, last = ROMAN[m.group(1)], ROMAN[m.group(2)]
        found.update(range(min(first, last), max(first, last) + 1))
    found.update(ROMAN[m.group(1)] for m in _QUARTER.finditer(folded))
    return tuple(sorted(found))


def _dates_in(folded: str, year: int) -> tuple[dt.date, ...]:
    dates: set[dt.date] = set()
    for m in _DATE.finditer(folded):
        day, month = int(m.group(1)), int(m.group(2))
        try:
            dates.add(dt.date(int(m.group(3)) if m.group(3) else year, month, day))
        except ValueError:
            continue
    return tuple(sorted(dates))


def timing_from_text(text: str, year: int) -> Timing:
    """Read a timing phrase (or a duty's wording) into a Timing; the finest rhythm named wins.

    `year` completes dates written without one ("trước ngày 31/01").
    """
    folded = fold(text or "")
    if _WEEKLY.search(folded):
        return Timing("recurring", (), "weekly", text)
    if _MONTHLY_OR_QUARTERLY.search(folded):
        return Timing("recurring", (), "monthly_or_quarterly", text)
    if _MONTHLY.search(folded):
        return Timing("recurring", (), "monthly", text)
    if _QUARTERLY.search(folded):
        return Timing("recurring", (), "quarterly", text)
    quarters = _quarters_in(folded)
    if quarters:
        return Timing("quarters", quarters, None, text)
    dates = _dates_in(folded, year)
    if dates:
        return Timing("dates", (), None, text, dates)
    if _SEMIANNUAL.search(folded):
        return Timing("recurring", (), "semiannual", text)
    if _ANNUAL.search(folded):
        return Timing("recurring", (), "annual", text)
    if _ONGOING.search(folded):
        return Timing("ongoing", (), None, text)
    if _AS_NEEDED.search(folded):
        return Timing("as_needed", (), None, text)
    if _PERIODIC.search(folded):
        return Timing("recurring", (), "periodic", text)
    if _IN_YEAR.search(folded):
        return Timing("recurring", (), "annual", text)
    return Timing("as_needed", (), None, text)


def _month_end(year: int, month: int) -> dt.date:
    first_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


def _clip(label: str, start: dt.date, end: dt.date, period: tuple[dt.date, dt.date]) -> Window | None:
    lo, hi = max(start, period[0]), min(end, period[1])
    return Window(label, lo, hi) if lo <= hi else None


def _months(period: tuple[dt.date, dt.date]) -> list[Window]:
    out: list[Window] = []
    year, month = period[0].year, period[0].month
    while dt.date(year, month, 1) <= period[1]:
        w = _clip(f"Tháng {month}/{year}", dt.date(year, month, 1), _month_end(year, month), period)
        if w:
            out.append(w)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _quarter_windows(period: tuple[dt.date, dt.date], only: Sequence[int] = ()) -> list[Window]:
    out: list[Window] = []
    for year in range(period[0].year, period[1].year + 1):
        for q in (1, 2, 3, 4):
            if only and q not in only:
                continue
            start = dt.date(year, 3 * q - 2, 1)
            w = _clip(f"Quý {QUARTER_NAMES[q]}/{year}", start, _month_end(year, 3 * q), period)
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


def _fixed(dates: Sequence[dt.date], period: tuple[dt.date, dt.date]) -> list[Window]:
    out: list[Window] = []
    start = period[0]
    for day in sorted(d for d in dates if period[0] <= d <= period[1]):
        out.append(Window(f"Hạn {day:%d/%m/%Y}", start, day))
        start = day + dt.timedelta(days=1)
    return out


_BY_FREQUENCY = {
    "weekly": _weeks,
    "monthly": _months,
    "quarterly": _quarter_windows,
    "monthly_or_quarterly": _quarter_windows,
    "periodic": _quarter_windows,
    "semiannual": _halves,
    "annual": _years,
}


def expand(timing: Timing, start: dt.date, end: dt.date) -> list[Window]:
    """The occurrence windows of a timing inside the period [start, end], in date order (never empty)."""
    if end < start:
        raise ValueError("Thời kỳ: ngày kết thúc trước ngày bắt đầu.")
    period = (start, end)
    windows: list[Window] = []
    if timing.kind == "ongoing":
        windows = _months(period)
    elif timing.kind == "quarters":
        windows = _quarter_windows(period, timing.quarters)
    elif timing.kind == "recurring":
        windows = _BY_FREQUENCY.get(timing.frequency or "periodic", _quarter_windows)(period)
    elif timing.kind == "dates":
        windows = _fixed(timing.dates or _dates_in(fold(timing.text), start.year), period)
    # As needed — and anything whose windows all fell outside the period — is one window: the whole period.
    return windows or [Window("Cả kỳ kế hoạch", start, end)]


def reporting_deadlines(
    due: dt.date | None, frequency: str | Sequence[str] | None, start: dt.date, end: dt.date
) -> list[dt.date]:
    """The dates a plan's reporting requirement falls due: its fixed date, or the end of each period."""
    if due is not None:
        return [due] if start <= due <= end + dt.timedelta(days=366) else []
    rhythms = [frequency] if isinstance(frequency, str) else list(frequency or [])
    dates: set[dt.date] = set()
    for rhythm in rhythms:
        expander = _BY_FREQUENCY.get(rhythm)
        if expander is not None and rhythm != "weekly":
            dates.update(w.due for w in expander((start, end)))
    return sorted(dates)


def pick_window(windows: Sequence[tuple[dt.date, dt.date]], day: dt.date) -> int | None:
    """Index of the window a result dated `day` counts for: the one containing it, else the next one to
    fall due (done early), else the last one (done late)."""
    if not windows:
        return None
    for index, (lo, hi) in enumerate(windows):
        if lo <= day <= hi:
            return index
    later = [i for i, (_, hi) in enumerate(windows) if hi >= day]
    return later[0] if later else len(windows) - 1


def occurrence_status(start: dt.date, due: dt.date, first_result_on: dt.date | None, today: dt.date) -> str:
    """not_yet_due / due / done / late / missing for one window, from its first result and today's date."""
    if first_result_on is not None:
        return DONE if first_result_on <= due else LATE
    if today < start:
        return NOT_YET_DUE
    if today <= due:
        return DUE
    return MISSING
