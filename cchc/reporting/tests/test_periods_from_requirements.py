"""Reporting periods follow the plan's reporting requirements, with configurable windows and due dates."""

from __future__ import annotations

import datetime as dt

import pytest

from cchc.core.calendar import PeriodError, Requirement, WindowSettings, is_late, plan_periods

YEAR = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))


def test_dated_six_month_and_annual_reports_are_due_on_the_days_the_plan_names() -> None:
    periods = plan_periods(
        [Requirement("Báo cáo 6 tháng", dt.date(2025, 6, 10)), Requirement("Báo cáo năm", dt.date(2025, 12, 10))],
        *YEAR,
    )
    assert [(p.kind, p.title, p.due) for p in periods] == [
        ("semiannual", "Báo cáo 6 tháng đầu năm 2025", dt.date(2025, 6, 10)),
        ("annual", "Báo cáo năm 2025", dt.date(2025, 12, 10)),
    ]
    assert periods[0].start == dt.date(2025, 1, 1) and periods[0].end == dt.date(2025, 6, 10)


def test_a_frequency_only_requirement_gets_the_configured_default_due_dates() -> None:
    periods = plan_periods([Requirement("Báo cáo kết quả tuyên truyền", None, ["quarterly", "annual"])], *YEAR)
    assert [p.due for p in periods if p.kind == "quarterly"] == [
        dt.date(2025, 3, 15),
        dt.date(2025, 6, 15),
        dt.date(2025, 9, 15),
        dt.date(2025, 12, 15),
    ]
    # Cut-off windows: a quarter runs from the 15th of the month before it to the 14th of its last month.
    third = next(p for p in periods if p.title == "Báo cáo quý III năm 2025")
    assert (third.start, third.end) == (dt.date(2025, 6, 15), dt.date(2025, 9, 14))


def test_windows_and_due_dates_are_configurable() -> None:
    cfg = WindowSettings.from_mapping({"cutoff_day": None, "annual_due": [12, 20]})
    (annual,) = plan_periods([Requirement("Báo cáo năm", None, "annual")], *YEAR, cfg)
    assert (annual.start, annual.end, annual.due) == (dt.date(2025, 1, 1), dt.date(2025, 12, 20), dt.date(2025, 12, 20))


def test_the_same_period_asked_twice_is_one_period_and_the_stated_due_date_wins() -> None:
    periods = plan_periods(
        [
            Requirement("Báo cáo định kỳ 6 tháng, 01 năm", None, ["semiannual", "annual"], ref=1),
            Requirement("Báo cáo 6 tháng", dt.date(2025, 6, 5), ref=2),
        ],
        *YEAR,
    )
    semiannual = [p for p in periods if p.kind == "semiannual"]
    assert len(semiannual) == 1
    assert semiannual[0].due == dt.date(2025, 6, 5) and semiannual[0].requirement_refs == (1, 2)


def test_requirements_that_are_not_reports_and_periods_outside_the_plan_make_no_period() -> None:
    half_year = (dt.date(2025, 7, 1), dt.date(2025, 12, 31))
    periods = plan_periods(
        [
            Requirement("Kế hoạch tuyên truyền CCHC của đơn vị", dt.date(2025, 1, 31)),
            Requirement("Báo cáo quý", None, "quarterly"),
        ],
        *half_year,
    )
    assert [p.title for p in periods] == ["Báo cáo quý III năm 2025", "Báo cáo quý IV năm 2025"]


def test_an_inspection_report_with_a_date_is_an_ad_hoc_period() -> None:
    (period,) = plan_periods([Requirement("Báo cáo phục vụ công tác kiểm tra CCHC", dt.date(2025, 10, 1))], *YEAR)
    assert period.kind == "ad_hoc" and period.end == dt.date(2025, 10, 1)
    assert period.title == "Báo cáo phục vụ công tác kiểm tra CCHC"


def test_bad_window_settings_get_a_clear_message() -> None:
    with pytest.raises(PeriodError, match="Ngày chốt số liệu"):
        WindowSettings.from_mapping({"cutoff_day": 31})
    with pytest.raises(PeriodError, match="khóa không hợp lệ"):
        WindowSettings.from_mapping({"cut_off": 14})


def test_late_means_first_submitted_after_the_due_date_or_still_missing_after_it() -> None:
    due = dt.date(2025, 6, 10)
    assert not is_late(dt.date(2025, 6, 10), due, dt.date(2025, 7, 1))
    assert is_late(dt.date(2025, 6, 11), due, dt.date(2025, 7, 1))
    assert is_late(None, due, dt.date(2025, 6, 11))
    assert not is_late(None, due, dt.date(2025, 6, 10))
