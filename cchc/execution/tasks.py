"""Periodic execution jobs: reminders (Celery beat in production, inline or cron in the embedded default)."""

from __future__ import annotations

from dataclasses import asdict

from celery import shared_task
from django.conf import settings
from django.core.cache import cache

from cchc.core.tasks import enqueue
from cchc.execution import services


@shared_task(name="cchc.execution.tasks.send_reminders")
def send_reminders() -> dict[str, int]:
    """Send today's reminders; idempotent, so a retry or a second worker sends nothing twice."""
    return asdict(services.send_reminders())


@shared_task(name="cchc.execution.tasks.deliver_reminder_emails")
def deliver_reminder_emails() -> dict[str, int]:
    """Send the reminder e-mails due again after a failure (with backoff)."""
    return asdict(services.deliver_reminder_emails())


def run_periodic_inline() -> bool:
    """The embedded default has no beat: the first staff page of each hour runs the reminder job after the
    response's transaction commits. Returns True when this call scheduled it."""
    if not settings.CELERY_TASK_ALWAYS_EAGER or not cache.add("execution:reminders:inline", True, 3600):
        return False
    enqueue(send_reminders)
    return True
