"""Periodic contest job: attempts whose time ran out are submitted with their last saved answers."""

from __future__ import annotations

from celery import shared_task

from cchc.contests import services


@shared_task(name="cchc.contests.tasks.close_expired_attempts")
def close_expired_attempts() -> int:
    """Idempotent: rows another worker holds are skipped, a submitted attempt is never touched again."""
    return services.finalise_expired()
