"""manage.py import_plan_json FILE: create or update a plan from plan JSON; prints its id."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cchc.accounts.commands import actor_from, add_actor_argument
from cchc.plans.schema import PlanFormatError
from cchc.plans.services import import_plan_json


class Command(BaseCommand):
    help = "Nhập (hoặc cập nhật) một kế hoạch từ tệp JSON kế hoạch; in ra mã số (id) của kế hoạch."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Đường dẫn tệp JSON kế hoạch ('-' để đọc từ stdin)")
        add_actor_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["file"]
        try:
            if path == "-":
                import sys

                raw = json.load(sys.stdin)
            else:
                with open(path, encoding="utf-8-sig") as fh:
                    raw = json.load(fh)
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp {path}: {exc.strerror}") from None
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise CommandError(f"Tệp {path} không phải JSON hợp lệ (UTF-8).") from None
        try:
            result = import_plan_json(actor_from(options), raw)
        except PlanFormatError as exc:
            raise CommandError("Kế hoạch không đúng định dạng:\n- " + "\n- ".join(exc.errors)) from None
        for text in result.unresolved:
            self.stderr.write(f"Chưa xác định đơn vị: {text}")
        self.stdout.write(str(result.plan.pk))
