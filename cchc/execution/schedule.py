"""Status of occurrence windows: which window a result counts for, and not yet due / due / done / late / missing.

The windows themselves — timing phrases, their kinds and frequencies, and every due date — come from the one
calendar, `cchc.core.calendar`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

NOT_YET_DUE, DUE, DONE, LATE, MISSING = "not_yet_due", "due", "done", "late", "missing"


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
