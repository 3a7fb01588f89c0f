"""manage.py export_plan PLAN_ID --format json: the plan JSON on stdout."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cchc.plans.models import Plan
from cchc.plans.services import export_plan_json


class Command(BaseCommand):
    help = "Xuất một kế hoạch ra định dạng JSON kế hoạch (stdout)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("plan_id", type=int)
        parser.add_argument("--format", choices=["json"], default="json")

    def handle(self, *args: Any, **options: Any) -> None:
        plan = Plan.objects.filter(pk=options["plan_id"]).first()
        if plan is None:
            raise CommandError(f"Không có kế hoạch số {options['plan_id']}.")
        self.stdout.write(json.dumps(export_plan_json(plan), ensure_ascii=False, indent=1))
