"""Periodic execution jobs: reminders (Celery beat in production, inline or cron in the embedded default)."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.cache import cache

from cchc.core.tasks import enqueue
from cchc.execution import services


@shared_task(name="cchc.execution.tasks.send_reminders")
def send_reminders() -> dict[str, int]:
    """Send today's reminders; idempotent, so a retry or a second worker sends nothing twice."""
    run = services.send_reminders()
    return {"created": run.created, "already_sent": run.already_sent, "emailed": run.emailed}


def run_periodic_inline() -> bool:
    """The embedded default has no beat: the first staff page of each hour runs the reminder job after the
    response's transaction commits. Returns True when this call scheduled it."""
    if not settings.CELERY_TASK_ALWAYS_EAGER or not cache.add("execution:reminders:inline", True, 3600):
        return False
    enqueue(send_reminders)
    return True
