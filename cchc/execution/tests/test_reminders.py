"""Reminders before each occurrence and reporting deadline, and when late: in-app and e-mail, exactly once."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from cchc.execution import services, tasks
from cchc.execution.models import Occurrence, Reminder
from cchc.execution.services import log_result, send_reminders

from .conftest import officer_assignment, result_input

D = dt.date


def _with_email(cast: Any) -> Any:
    cast.officer.email = "canbo@example.gov.vn"
    cast.officer.save()
    return cast


def test_three_days_before_a_monthly_deadline_the_units_officer_is_reminded_once(issued: Any) -> None:
    _with_email(issued)
    run = send_reminders(D(2024, 3, 28))
    mine = Reminder.objects.filter(recipient=issued.officer, kind="before_occurrence")
    assert run.created >= 1 and mine.exists()
    assert set(mine.values_list("days_before", "due")) == {(3, D(2024, 3, 31))}
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["canbo@example.gov.vn"]
    assert "Sắp đến hạn (31/03/2024)" in mail.outbox[0].body
    again = send_reminders(D(2024, 3, 28))
    assert again.created == 0 and again.already_sent == run.created
    assert len(mail.outbox) == 1


def test_each_configured_day_sends_its_own_reminder_and_a_missed_day_sends_one(issued: Any, settings: Any) -> None:
    settings.EXECUTION_REMINDER_DAYS = (7, 3, 1)
    for day in (D(2024, 3, 24), D(2024, 3, 25), D(2024, 3, 30)):
        send_reminders(day)
    mine = Reminder.objects.filter(recipient=issued.officer, kind="before_occurrence", due=D(2024, 3, 31))
    assert sorted(set(mine.values_list("days_before", flat=True))) == [1, 7]


def test_a_window_with_a_result_is_not_reminded(issued: Any) -> None:
    assignment = officer_assignment(issued)
    log_result(issued.officer, assignment, result_input(date=D(2024, 3, 10)))
    send_reminders(D(2024, 3, 28))
    march = Occurrence.objects.get(assignment=assignment, start=D(2024, 3, 1))
    assert not Reminder.objects.filter(occurrence=march).exists()


def test_a_late_window_is_reminded_once_after_its_deadline(issued: Any) -> None:
    send_reminders(D(2024, 4, 2))
    send_reminders(D(2024, 4, 3))
    late = Reminder.objects.filter(recipient=issued.officer, kind="late_occurrence")
    assert late.exists()
    assert late.values("occurrence").distinct().count() == late.count()
    assert all("Quá hạn" in r.message for r in late)


def test_a_run_racing_past_the_check_still_sends_nothing_twice(issued: Any, monkeypatch: Any) -> None:
    _with_email(issued)
    first = send_reminders(D(2024, 3, 28))
    monkeypatch.setattr(services.reminders, "_sent_keys", lambda candidates: set())
    second = send_reminders(D(2024, 3, 28))
    assert second.created == 0 and second.already_sent == first.created
    assert len(mail.outbox) == 1
    assert Reminder.objects.count() == first.created


def test_the_job_runs_from_celery_and_from_cron_with_the_same_effect(issued: Any, monkeypatch: Any) -> None:
    real = services.send_reminders
    monkeypatch.setattr(services, "send_reminders", lambda day=None: real(day or D(2024, 3, 28)))
    outcome = tasks.send_reminders.delay().get()
    assert outcome["created"] >= 1
    call_command("send_reminders", ngay="28/03/2024")
    assert Reminder.objects.count() == outcome["created"]


def test_in_app_reminders_show_on_my_work_until_read(issued: Any, client: Any) -> None:
    send_reminders(D(2024, 3, 28))
    client.force_login(issued.officer)
    page = client.get(reverse("execution:my_work")).content.decode()
    assert "Nhắc việc chưa đọc" in page and "Sắp đến hạn" in page
    client.post(reverse("execution:reminders_read"))
    assert "Nhắc việc chưa đọc" not in client.get(reverse("execution:my_work")).content.decode()


def test_without_a_broker_the_first_staff_page_of_the_hour_runs_the_job(
    issued: Any, client: Any, monkeypatch: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django.core.cache import cache

    settings.CELERY_TASK_ALWAYS_EAGER = True
    cache.delete("execution:reminders:inline")
    calls: list[int] = []
    monkeypatch.setattr(services, "send_reminders", lambda day=None: calls.append(1) or services.ReminderRun())
    client.force_login(issued.officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("execution:my_work"))
        client.get(reverse("execution:my_work"))
    assert calls == [1]
