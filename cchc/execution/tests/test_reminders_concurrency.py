"""Two reminder jobs running at the same moment still send each reminder once (needs PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.core import mail
from django.db import connection, connections

from cchc.execution.models import Reminder
from cchc.execution.services import ReminderRun, issue_plan, send_reminders


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises writers; the race needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_runs_create_and_mail_each_reminder_once(cast: Any) -> None:
    issue_plan(cast.owner, cast.plan)
    cast.officer.email = "canbo@example.gov.vn"
    cast.officer.save()
    barrier = threading.Barrier(2)
    runs: list[ReminderRun] = []

    def job() -> None:
        try:
            barrier.wait()
            runs.append(send_reminders(dt.date(2024, 3, 28)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=job) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stored = Reminder.objects.count()
    assert len(runs) == 2 and stored > 0
    assert sum(run.created for run in runs) == stored
    mailed = [line for message in mail.outbox for line in message.body.splitlines() if line.startswith("- ")]
    mine = Reminder.objects.filter(recipient=cast.officer).count()
    assert len(mailed) == mine == len(set(mailed))
