"""Report reminders read the reporting periods' own due dates: never after the deadline, never to a unit done."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cchc.execution.models import Reminder
from cchc.execution.services import send_reminders
from cchc.reporting import services
from cchc.reporting.models import ReportingPeriod


def test_report_reminders_come_before_the_reporting_periods_own_due_date(issued: Any, period: ReportingPeriod) -> None:
    send_reminders(period.due + dt.timedelta(days=18))  # after the deadline: nothing before-report is due any more
    assert not Reminder.objects.filter(kind="before_report").exists()
    send_reminders(period.due - dt.timedelta(days=3))
    mine = Reminder.objects.filter(recipient=issued.officer, kind="before_report")
    assert [(r.due, r.days_before) for r in mine] == [(period.due, 3)]
    assert period.title in mine.get().message
    again = send_reminders(period.due - dt.timedelta(days=3))
    assert again.created == 0


def test_a_period_moved_by_the_owner_moves_its_reminders(issued: Any, period: ReportingPeriod) -> None:
    later = period.due + dt.timedelta(days=10)
    services.update_period(issued.owner, period, start=period.start, end=period.end, due=later)
    send_reminders(later - dt.timedelta(days=1))
    assert list(
        Reminder.objects.filter(recipient=issued.officer, kind="before_report").values_list("due", flat=True)
    ) == [later]


def test_a_unit_that_submitted_its_report_and_the_owner_are_not_reminded(issued: Any, period: ReportingPeriod) -> None:
    report = services.open_report(issued.officer, period, issued.officer_unit)
    services.save_report(issued.officer, report, results="Đã triển khai đầy đủ.", signer_name="Nguyễn Văn An")
    services.submit_report(issued.officer, report)
    send_reminders(period.due - dt.timedelta(days=3))
    reminded = set(Reminder.objects.filter(kind="before_report").values_list("recipient__unit_id", flat=True))
    assert issued.officer_unit.pk not in reminded
    assert issued.plan.owner_unit_id not in reminded
    assert issued.other_unit.pk in reminded
