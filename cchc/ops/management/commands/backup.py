"""manage.py backup [--output FILE]: the database and every stored file in one archive with checksums."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from cchc.ops.backup import BackupError, backup


class Command(BaseCommand):
    help = "Sao lưu CSDL và toàn bộ tệp đã tải lên vào một tệp .tar (kèm manifest và mã kiểm tra SHA-256)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", help="tệp .tar đích (mặc định: <thư mục dữ liệu>/backups/cchc-<thời điểm>.tar)")

    def handle(self, *args: Any, **options: Any) -> None:
        default = Path(settings.DATA_DIR) / "backups" / f"cchc-{timezone.now():%Y%m%d-%H%M%S}.tar"
        try:
            summary = backup(Path(options["output"] or default))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Đã sao lưu CSDL {summary.database} và {summary.files} tệp vào {summary.path} ({summary.size} byte)."
        )
