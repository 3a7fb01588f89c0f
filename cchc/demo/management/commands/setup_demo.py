"""manage.py setup_demo: seed plans, procedure corpus and one demo account per role (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandParser

from cchc.demo.seeding import setup_demo


class Command(BaseCommand):
    help = "Nạp dữ liệu trình diễn: 5 kế hoạch mẫu, cơ sở dữ liệu thủ tục hành chính, tài khoản mẫu theo vai trò."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="Đặt mật khẩu ngẫu nhiên mới cho mọi tài khoản trình diễn và in ra.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        logins = setup_demo(reset_passwords=options["reset_passwords"])
        if "import_procedures" in get_commands():
            call_command("import_procedures", stdout=self.stdout)
        self.stdout.write("Tài khoản trình diễn (mỗi tài khoản một mật khẩu ngẫu nhiên, chỉ in lúc được đặt):")
        for login in logins:
            user = login.user
            password = login.password or "(giữ nguyên; đặt lại: setup_demo --reset-passwords)"
            self.stdout.write(f"  {user.username:<10} {password:<18} {user.get_role_display():<28} {user.unit or ''}")
