"""manage.py import_plan_document FILE [--json OUT] [--save]: a plan document (.txt/.docx/.pdf) read into plan JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cchc.accounts.commands import actor_from, add_actor_argument
from cchc.plans.importing import DocumentImportError, import_document
from cchc.plans.schema import PlanFormatError
from cchc.plans.services import import_plan_json


class Command(BaseCommand):
    help = (
        "Đọc văn bản kế hoạch (.txt, .docx, .pdf, bản quét) thành JSON kế hoạch; --json OUT để ghi ra tệp, "
        "--meta để kèm độ tin cậy và vị trí nguồn, --save để lưu vào hệ thống."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Đường dẫn tệp văn bản kế hoạch")
        add_actor_argument(parser)
        parser.add_argument("--json", dest="out", help="Ghi JSON kế hoạch ra tệp này ('-' là màn hình)")
        parser.add_argument("--meta", action="store_true", help="Kèm độ tin cậy và vị trí nguồn của từng giá trị")
        parser.add_argument("--save", action="store_true", help="Lưu (hoặc cập nhật) kế hoạch vào hệ thống")

    def page_done(self, done: int, total: int) -> None:
        self.stderr.write(f"Đã nhận dạng trang quét {done}/{total}")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp {path}: {exc.strerror}") from None
        try:
            draft = import_document(data, path.name, progress=self.page_done)
        except DocumentImportError as exc:
            raise CommandError(str(exc)) from None
        for warning in draft.warnings:
            self.stderr.write(f"Lưu ý: {warning}")
        payload: dict[str, Any] = {**draft.plan, "_meta": draft.meta} if options["meta"] else draft.plan
        text = json.dumps(payload, ensure_ascii=False, indent=1)
        out = options["out"]
        if out and out != "-":
            Path(out).write_text(text + "\n", encoding="utf-8")
        elif out == "-" or not options["save"]:
            self.stdout.write(text)
        if options["save"]:
            try:
                result = import_plan_json(actor_from(options), draft.plan)
            except PlanFormatError as exc:
                raise CommandError("Bản nháp chưa đủ để lưu:\n- " + "\n- ".join(exc.errors)) from None
            for unit in result.unresolved:
                self.stderr.write(f"Chưa xác định đơn vị: {unit}")
            self.stdout.write(str(result.plan.pk))
