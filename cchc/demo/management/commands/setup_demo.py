"""manage.py setup_demo: seed plans, procedure corpus and one demo account per role (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand

from cchc.demo.seeding import DEMO_PASSWORD, setup_demo


class Command(BaseCommand):
    help = "Nạp dữ liệu trình diễn: 5 kế hoạch mẫu, cơ sở dữ liệu thủ tục hành chính, tài khoản mẫu theo vai trò."

    def handle(self, *args: Any, **options: Any) -> None:
        users = setup_demo()
        if "import_procedures" in get_commands():
            call_command("import_procedures", stdout=self.stdout)
        self.stdout.write(f"Tài khoản trình diễn (mật khẩu chung: {DEMO_PASSWORD}):")
        for user in users:
            self.stdout.write(f"  {user.username:<10} {user.get_role_display():<28} {user.unit or ''}")
