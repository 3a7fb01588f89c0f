"""manage.py export_plan PLAN_ID --format json|docx: the plan JSON on stdout, or the official .docx."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cchc.accounts.commands import add_actor_argument
from cchc.plans.commands import plan_for_command
from cchc.plans.docx_export import PlanExportError, plan_docx
from cchc.plans.services import export_plan_json


class Command(BaseCommand):
    help = "Xuất một kế hoạch: định dạng JSON kế hoạch (stdout) hoặc văn bản .docx theo Nghị định 30/2020."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("plan_id", type=int)
        parser.add_argument("--format", choices=["json", "docx"], default="json")
        parser.add_argument("--output", help="Tệp ghi ra (bắt buộc với --format docx, hoặc '-' cho stdout)")
        add_actor_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        plan = plan_for_command(options)[1]
        data = export_plan_json(plan)
        if options["format"] == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=1))
            return
        if not options["output"]:
            raise CommandError("Với --format docx, hãy chỉ ra tệp ghi bằng --output.")
        try:
            document = plan_docx(data)
        except PlanExportError as exc:
            raise CommandError(str(exc)) from None
        if options["output"] == "-":
            sys.stdout.buffer.write(document)
        else:
            with open(options["output"], "wb") as fh:
                fh.write(document)
