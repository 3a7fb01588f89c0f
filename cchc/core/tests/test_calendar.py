"""The one calendar: one reading of timing phrases, one set of due dates, holidays and working days."""

from __future__ import annotations

import datetime as dt
import typing

import pytest

from cchc.core import calendar
from cchc.core.calendar import Requirement, classify, expand, plan_periods

D = dt.date


@pytest.mark.parametrize(
    ("text", "kind", "frequency"),
    [
        # The importer and the schedule used to read these two differently (monthly vs as needed; ongoing vs monthly).
        ("2 lần/tháng", "recurring", "monthly"),
        ("Thường xuyên, hằng tháng", "recurring", "monthly"),
        ("01 lần/quý", "recurring", "quarterly"),
        ("6 tháng một lần", "recurring", "semiannual"),
        ("Thường xuyên", "ongoing", None),
        ("Năm 2025", "ongoing", None),
        ("Trước ngày 15/11/2025", "dates", None),
        ("Khi có yêu cầu", "as_needed", None),
        ("", None, None),
    ],
)
def test_one_reading_of_each_timing_phrase(text: str, kind: str | None, frequency: str | None) -> None:
    timing = classify(text, 2025)
    assert (timing.kind, timing.frequency) == (kind, frequency)
    assert timing.as_json() == {"text": text, "kind": kind, "quarters": [], "frequency": frequency}


def test_the_vocabulary_is_the_plan_json_and_the_models_vocabulary() -> None:
    from cchc.plans.models import Activity
    from cchc.plans.schema import Frequency, Timing
    from cchc.reporting.models import PeriodKind

    assert set(typing.get_args(Frequency)) == set(calendar.FREQUENCIES)
    assert set(typing.get_args(Timing.model_fields["kind"].annotation)) == set(calendar.TIMING_KINDS)
    assert dict(Activity.TimingKind.choices) == calendar.TIMING_KIND_LABELS
    assert dict(PeriodKind.choices) == calendar.REPORT_KIND_LABELS


def test_vietnamese_public_holidays_and_the_next_working_day() -> None:
    assert calendar.is_holiday(D(2025, 1, 29))  # Tết Nguyên đán (mùng 1)
    assert calendar.is_holiday(D(2025, 4, 7))  # Giỗ Tổ Hùng Vương (10/3 âm lịch)
    assert calendar.is_holiday(D(2025, 9, 2))
    assert not calendar.is_working_day(D(2025, 6, 14))  # a Saturday
    # 30/4 and 1/5 (Wednesday, Thursday), the day off swapped onto Friday 2/5, then the weekend: Monday 5/5.
    assert calendar.next_working_day(D(2025, 4, 30)) == D(2025, 5, 5)
    assert calendar.next_working_day(D(2025, 6, 10)) == D(2025, 6, 10)
    assert calendar.deadline(D(2025, 4, 30), working_days=False) == D(2025, 4, 30)


def test_a_deadline_counted_in_working_days_moves_off_the_holiday() -> None:
    stated = Requirement("Báo cáo 6 tháng gửi trước ngày làm việc 30/4", D(2025, 4, 30))
    plain = Requirement("Báo cáo quý I", D(2025, 4, 30))
    periods = plan_periods([stated, plain], D(2025, 1, 1), D(2025, 12, 31))
    assert {(p.kind, p.due) for p in periods} == {("semiannual", D(2025, 5, 5)), ("quarterly", D(2025, 4, 30))}
    windows = expand(classify("Nộp trong 05 ngày làm việc, trước ngày 01/9/2025", 2025), D(2025, 1, 1), D(2025, 12, 31))
    assert windows[-1].due == D(2025, 9, 3)  # 1/9 and 2/9 are the National Day holiday


def test_a_second_half_year_plan_gets_every_period_it_asks_for() -> None:
    # Tuyên Quang, July–December 2025: quarterly, 6-month and annual reports.
    asked = Requirement("Báo cáo định kỳ (quý, 6 tháng, năm)", None, ["quarterly", "semiannual", "annual"])
    periods = plan_periods([asked], D(2025, 7, 1), D(2025, 12, 31))
    assert [p.title for p in periods] == [
        "Báo cáo quý III năm 2025",
        "Báo cáo 6 tháng cuối năm 2025",
        "Báo cáo năm 2025",
        "Báo cáo quý IV năm 2025",
    ]
    assert all(D(2025, 7, 1) <= p.start <= p.end <= p.due for p in periods)


def test_a_whole_year_plan_has_the_first_half_only() -> None:
    asked = Requirement("Báo cáo định kỳ 6 tháng, năm", None, ["semiannual", "annual"])
    titles = [p.title for p in plan_periods([asked], D(2025, 1, 1), D(2025, 12, 31))]
    assert titles == ["Báo cáo 6 tháng đầu năm 2025", "Báo cáo năm 2025"]
