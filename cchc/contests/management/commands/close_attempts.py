"""manage.py close_attempts: submit the contest attempts whose time ran out (for cron without Celery beat)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cchc.contests import services


class Command(BaseCommand):
    help = "Nộp tự động các bài dự thi đã hết giờ (với các câu trả lời đã lưu)."

    def handle(self, *args: Any, **options: Any) -> None:
        done = services.finalise_expired()
        self.stdout.write(f"Đã nộp tự động {done} bài dự thi hết giờ.")
