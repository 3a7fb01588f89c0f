"""`manage.py recover_imports`: plan documents left "Đang xử lý" by a crash are read again or failed."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cchc.plans.importing.tasks import recover_stale_imports


class Command(BaseCommand):
    help = "Đọc lại (hoặc báo lỗi) các văn bản kế hoạch bị dừng giữa chừng khi máy chủ gặp sự cố."

    def handle(self, *args: Any, **options: Any) -> None:
        outcome = recover_stale_imports.apply().get()
        self.stdout.write(f"Đọc lại: {outcome['resumed']}; báo lỗi (hết lượt thử): {outcome['failed']}.")
