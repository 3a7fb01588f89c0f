"""Timing phrases expand into occurrence windows inside the plan period (pure, no database)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from cchc.core.calendar import Timing, Window, classify, expand
from cchc.execution import schedule
from cchc.plans.seeds import seed_plan_files

D = dt.date
YEAR_2025 = (D(2025, 1, 1), D(2025, 12, 31))


def _timings() -> list[tuple[str, dict[str, object], tuple[dt.date, dt.date]]]:
    out = []
    for path in seed_plan_files():
        data = json.loads(path.read_text(encoding="utf-8"))
        period = (D.fromisoformat(data["period"]["start"]), D.fromisoformat(data["period"]["end"]))
        for activity in data["activities"]:
            out.append((path.name[:3], activity["timing"], period))
    return out


# Every distinct timing phrase of the five seed plans, with the windows it must give in its plan's period.
SEED_EXPECTATIONS = {
    "Thường xuyên": ("months", 12),
    "Thường xuyên trong năm 2025": ("months", 12),
    "Theo tháng hoặc quý": ("quarters", 4),
    "Quý II và Quý IV": ("quarters", [2, 4]),
    "Quý II, Quý IV năm 2025": ("quarters", [2, 4]),
    "Quý II đến Quý IV": ("quarters", [2, 3, 4]),
    "Định kỳ": ("quarters", 4),
    "Căn cứ vào tình hình thực tế, bố trí thời gian phù hợp": ("whole", 1),
    "Căn cứ vào tình hình thực tế, bố trí thời gian phù hợp, có thể lồng ghép với các hội nghị triển khai thực "
    "hiện nhiệm vụ về CCHC": ("whole", 1),
}


def test_every_seed_timing_phrase_is_covered_by_the_expectations() -> None:
    phrases = {timing["text"] for _, timing, _ in _timings()}
    assert phrases == set(SEED_EXPECTATIONS)


@pytest.mark.parametrize(("seed", "timing", "period"), _timings())
def test_each_seed_activity_timing_expands_as_expected(seed: str, timing: dict, period: tuple) -> None:
    stored = Timing(str(timing["kind"]), tuple(timing["quarters"]), timing["frequency"], str(timing["text"]))
    windows = expand(stored, *period)
    shape, expected = SEED_EXPECTATIONS[str(timing["text"])]
    if shape == "months":
        assert len(windows) == expected
        assert [w.start.month for w in windows] == list(range(1, 13))
        assert all(w.start.day == 1 for w in windows)
    elif shape == "quarters" and isinstance(expected, list):
        assert [(w.start.month - 1) // 3 + 1 for w in windows] == expected
    elif shape == "quarters":
        assert [w.label for w in windows] == [f"Quý {q}/{period[0].year}" for q in ("I", "II", "III", "IV")]
    else:
        assert windows == [Window("Cả kỳ kế hoạch", *period)]
    assert all(period[0] <= w.start <= w.due <= period[1] for w in windows)
    # Reading the printed phrase again gives the same windows as the stored timing.
    assert expand(classify(str(timing["text"]), period[0].year), *period) == windows


@pytest.mark.parametrize(
    ("text", "kind", "frequency", "quarters"),
    [
        ("Thường xuyên", "ongoing", None, ()),
        ("Định kỳ hàng tuần, hàng tháng đăng tải tin, bài", "recurring", "weekly", ()),
        ("hàng tháng", "recurring", "monthly", ()),
        ("Theo quý", "recurring", "quarterly", ()),
        ("Quý II và Quý IV", "quarters", None, (2, 4)),
        ("Từ Quý II đến Quý IV", "quarters", None, (2, 3, 4)),
        ("Quý 3", "quarters", None, (3,)),
        ("6 tháng đầu năm", "recurring", "semiannual", ()),
        ("Tổ chức ít nhất 01 buổi tọa đàm chuyên đề về CCHC trong năm.", "recurring", "annual", ()),
        ("Khi có yêu cầu", "as_needed", None, ()),
        ("Chỉ đạo, hướng dẫn các tổ chức tuyên truyền", None, None, ()),
    ],
)
def test_timing_phrases_are_read(text: str, kind: str, frequency: str | None, quarters: tuple) -> None:
    timing = classify(text, 2025)
    assert (timing.kind, timing.frequency, timing.quarters) == (kind, frequency, quarters)


def test_weekly_windows_are_monday_to_sunday_clipped_to_the_period() -> None:
    windows = expand(Timing("recurring", (), "weekly"), *YEAR_2025)
    assert windows[0] == Window("Tuần 1/2025", D(2025, 1, 1), D(2025, 1, 5))
    assert windows[1].start == D(2025, 1, 6) and windows[1].due == D(2025, 1, 12)
    assert windows[-1].due == D(2025, 12, 31)
    assert len(windows) == 53


def test_monthly_windows_end_on_the_last_day_of_each_month() -> None:
    windows = expand(Timing("recurring", (), "monthly"), D(2024, 1, 1), D(2024, 12, 31))
    assert windows[1].due == D(2024, 2, 29)
    assert [w.label for w in windows][:2] == ["Tháng 1/2024", "Tháng 2/2024"]


def test_a_six_month_plan_keeps_only_its_own_quarters_and_months() -> None:
    period = (D(2025, 7, 1), D(2025, 12, 31))
    assert [w.label for w in expand(Timing("quarters", (2, 4)), *period)] == ["Quý IV/2025"]
    assert len(expand(Timing("ongoing"), *period)) == 6
    assert [w.label for w in expand(Timing("recurring", (), "semiannual"), *period)] == ["6 tháng cuối năm 2025"]


def test_fixed_dates_become_windows_ending_on_each_date() -> None:
    timing = classify("Gửi kế hoạch trước ngày 31/01/2025 và báo cáo trước ngày 10/6", 2025)
    assert timing.kind == "dates"
    windows = expand(timing, *YEAR_2025)
    assert [(w.start, w.due) for w in windows] == [(D(2025, 1, 1), D(2025, 1, 31)), (D(2025, 2, 1), D(2025, 6, 10))]


def test_quarters_outside_the_period_fall_back_to_the_whole_period() -> None:
    windows = expand(Timing("quarters", (1,)), D(2025, 7, 1), D(2025, 12, 31))
    assert windows == [Window("Cả kỳ kế hoạch", D(2025, 7, 1), D(2025, 12, 31))]


def test_a_result_counts_for_the_window_containing_it_else_the_next_else_the_last() -> None:
    windows = [(D(2025, 4, 1), D(2025, 6, 30)), (D(2025, 10, 1), D(2025, 12, 31))]
    assert schedule.pick_window(windows, D(2025, 5, 5)) == 0
    assert schedule.pick_window(windows, D(2025, 8, 1)) == 1
    assert schedule.pick_window(windows, D(2025, 1, 2)) == 0
    assert schedule.pick_window([], D(2025, 1, 2)) is None


@pytest.mark.parametrize(
    ("first", "today", "status"),
    [
        (None, D(2025, 3, 31), "not_yet_due"),
        (None, D(2025, 4, 1), "due"),
        (None, D(2025, 6, 30), "due"),
        (None, D(2025, 7, 1), "missing"),
        (D(2025, 5, 1), D(2025, 5, 2), "done"),
        (D(2025, 6, 30), D(2025, 12, 1), "done"),
        (D(2025, 7, 3), D(2025, 12, 1), "late"),
    ],
)
def test_status_of_a_window_comes_from_its_first_result_and_the_date(
    first: dt.date | None, today: dt.date, status: str
) -> None:
    assert schedule.occurrence_status(D(2025, 4, 1), D(2025, 6, 30), first, today) == status


def test_an_inverted_period_is_refused_in_vietnamese() -> None:
    with pytest.raises(ValueError, match="ngày kết thúc trước ngày bắt đầu"):
        expand(Timing(), D(2025, 2, 1), D(2025, 1, 1))
