"""Background jobs of feedback: notifications to senders and handlers, reminders, retention."""

from __future__ import annotations

from celery import shared_task

from cchc.feedback import services


@shared_task
def deliver_notifications() -> dict[str, int]:
    return services.deliver_notifications()


@shared_task
def daily_housekeeping() -> dict[str, int]:
    """Reminders before and after due dates, then personal data past its retention period erased."""
    reminded = services.remind_handlers()
    erased = services.apply_retention()
    return {"reminded": reminded, "erased": erased, **services.deliver_notifications()}
