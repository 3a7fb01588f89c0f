"""manage.py restore FILE --yes: replace the database and the stored files with a backup's, after checking it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cchc.ops.backup import BackupError, restore, verify


class Command(BaseCommand):
    help = "Khôi phục CSDL và tệp từ một bản sao lưu (kiểm tra toàn bộ mã SHA-256 trước khi thay dữ liệu)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive")
        parser.add_argument("--yes", action="store_true", help="xác nhận thay toàn bộ dữ liệu hiện có")
        parser.add_argument("--check", action="store_true", help="chỉ kiểm tra bản sao lưu, không khôi phục")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["archive"])
        try:
            if options["check"]:
                manifest = verify(path)
                count, created = len(manifest["files"]), manifest["created"]
                self.stdout.write(f"Bản sao lưu nguyên vẹn: {count} tệp, tạo lúc {created}.")
                return
            if not options["yes"]:
                raise CommandError("Khôi phục sẽ thay toàn bộ dữ liệu hiện có: chạy lại với --yes để xác nhận.")
            summary = restore(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Đã khôi phục CSDL {summary.database} và {summary.files} tệp từ {summary.path}. "
            "Chạy manage.py migrate nếu phiên bản phần mềm mới hơn bản sao lưu."
        )
