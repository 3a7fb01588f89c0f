"""Reminders before and after feedback due dates, personal data past its retention erased, notifications sent."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cchc.feedback.tasks import daily_housekeeping


class Command(BaseCommand):
    help = "Nhắc hạn trả lời phản ánh, xóa dữ liệu cá nhân hết hạn lưu trữ, gửi thông báo (chạy hằng ngày bằng cron)."

    def handle(self, *args: Any, **options: Any) -> None:
        done = daily_housekeeping()
        self.stdout.write(
            f"Nhắc hạn: {done['reminded']}; xóa dữ liệu cá nhân: {done['erased']} phản ánh; "
            f"đã gửi: {done['sent']}; gửi lỗi (sẽ gửi lại): {done['failed']}."
        )
