"""manage.py preflight: the start-up checks alone (exit status 3 with the reasons when the server must not start)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cchc.ops.preflight import refuse_if_unsafe


class Command(BaseCommand):
    help = "Kiểm tra cấu hình, CSDL và Redis trước khi khởi động máy chủ."

    def handle(self, *args: Any, **options: Any) -> None:
        refuse_if_unsafe()
        self.stdout.write("Sẵn sàng khởi động.")
