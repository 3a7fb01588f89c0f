"""manage.py import_admin_units: Vietnam's provinces, districts and communes before/after 1 July 2025."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cchc.units.services import import_admin_units


class Command(BaseCommand):
    help = "Nhập danh mục đơn vị hành chính (trước và sau 01/7/2025) từ dữ liệu kèm theo hệ thống."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--era",
            choices=["before", "after", "all"],
            default="all",
            help="before: 63 tỉnh, huyện, xã trước 01/7/2025; after: 34 tỉnh và xã sau đó.",
        )
        parser.add_argument(
            "--province",
            action="append",
            default=[],
            help="Chỉ nhập tỉnh này (có thể lặp lại), ví dụ --province 'Bắc Kạn'.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        eras = ["before", "after"] if options["era"] == "all" else [options["era"]]
        for era in eras:
            count = import_admin_units(None, era, options["province"] or None)
            self.stdout.write(f"{era}: đã tạo {count} đơn vị")
