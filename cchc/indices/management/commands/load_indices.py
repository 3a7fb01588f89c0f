"""manage.py load_indices [FILE] [--source TEXT]: import a published table of index values (.xlsx/.csv); without a
file, the values shipped with the project (`cchc/indices/data/published.csv`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cchc.accounts.commands import actor_from, add_actor_argument
from cchc.indices import access, services


class Command(BaseCommand):
    help = (
        "Nhập bảng giá trị chỉ số đã công bố (PAR INDEX, SIPAS, PAPI, PCI, DTI) từ tệp .xlsx/.csv; không ghi tệp:"
        " nạp số liệu đã công bố đi kèm hệ thống. Nhập lại cùng một bảng không thay đổi gì."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help="Tệp .xlsx hoặc .csv có các cột Địa phương, Năm, Chỉ số, Giá trị.")
        parser.add_argument("--source", default="", help="Nguồn công bố cho các dòng không ghi nguồn.")
        add_actor_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        actor = actor_from(options)
        if actor is not None and not access.can_import(actor):
            raise CommandError("Tài khoản này không được nhập số liệu chỉ số.")
        path = Path(options["file"]) if options["file"] else services.PUBLISHED
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp «{path}».")
        try:
            summary = services.import_values(actor, path.read_bytes(), path.name, source=options["source"])
        except services.IndexInputError as exc:
            lines = [exc.message, *(f"  Dòng {row}: {message}" for row, message in exc.errors)]
            raise CommandError("\n".join(lines)) from None
        self.stdout.write(
            f"Đã nhập {summary.created} giá trị mới, cập nhật {summary.updated}, giữ nguyên {summary.unchanged}"
            f" ({', '.join(sorted(summary.localities))})."
        )
