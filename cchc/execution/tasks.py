"""Periodic execution jobs: reminders (Celery beat in production, inline or cron in the embedded default)."""

from __future__ import annotations

from celery import shared_task

from cchc.execution import services


@shared_task(name="cchc.execution.tasks.send_reminders")
def send_reminders() -> dict[str, int]:
    """Send today's reminders; idempotent, so a retry or a second worker sends nothing twice."""
    run = services.send_reminders()
    return {"created": run.created, "already_sent": run.already_sent, "emailed": run.emailed}
