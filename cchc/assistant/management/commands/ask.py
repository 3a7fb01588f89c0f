"""manage.py ask "QUESTION" [--json] | --batch FILE --json: ask the assistant from the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cchc.assistant.models import Procedure
from cchc.assistant.services import Reply, answer, import_procedures


class Command(BaseCommand):
    help = (
        "Hỏi trợ lý ảo. --json in một đối tượng JSON {answered, aspect, results, answer}; --batch FILE đọc mỗi "
        "dòng một câu hỏi và in mỗi dòng một đối tượng JSON, đúng thứ tự."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("question", nargs="?", default=None)
        parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
        parser.add_argument("--batch", type=Path, help="tệp văn bản, mỗi dòng một câu hỏi")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["question"] is None and options["batch"] is None:
            raise CommandError('Cần một câu hỏi ("...") hoặc --batch FILE.')
        if not Procedure.objects.exists():
            self.stderr.write("Chưa có thủ tục trong cơ sở dữ liệu: nhập bộ dữ liệu kèm theo trước.")
            import_procedures()
        if options["batch"] is not None:
            try:
                lines = options["batch"].read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError) as exc:
                raise CommandError(f"Không đọc được tệp {options['batch']}: {exc}") from exc
            for line in lines:
                self._print(answer(line, channel="cli", log=False), options["json"])
            return
        self._print(answer(options["question"], channel="cli", log=False), options["json"])

    def _print(self, reply: Reply, as_json: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps(reply.as_json(), ensure_ascii=False))
            return
        self.stdout.write(reply.answer or reply.message)
        if not reply.answered and reply.candidates:
            self.stdout.write("Các thủ tục gần nhất:")
            for c in reply.candidates:
                self.stdout.write(f"- {c.code} {c.name} ({c.score:.2f})")
