"""manage.py import_procedures [FILE]: load the procedure corpus (default: the shipped national database export)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cchc.assistant.services import import_procedures


class Command(BaseCommand):
    help = (
        "Nhập thủ tục hành chính từ tệp .jsonl/.jsonl.gz (Cơ sở dữ liệu quốc gia) hoặc .xlsx (danh sách của Cổng "
        "Dịch vụ công); không có FILE thì nhập bộ dữ liệu kèm theo. Chạy lại chỉ cập nhật, không nhân đôi."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", type=Path, help="tệp .jsonl, .jsonl.gz hoặc .xlsx")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path | None = options["file"]
        if path is not None and not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        if path is not None and not path.name.lower().endswith((".jsonl", ".jsonl.gz", ".xlsx")):
            raise CommandError("Chỉ nhận tệp .jsonl, .jsonl.gz hoặc .xlsx.")
        try:
            run = import_procedures(path)
        except ValueError as exc:
            raise CommandError(f"Không đọc được tệp: {exc}") from exc
        self.stdout.write(
            f"Đã nhập {run.source}: {run.created} thủ tục mới, {run.updated} cập nhật, {run.unchanged} không đổi."
        )
