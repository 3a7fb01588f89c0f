"""manage.py reporting_documents PLAN_ID --out DIR: every document of a plan's reporting written to a folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cchc.accounts.commands import add_actor_argument
from cchc.core.dates import DateError, parse_date
from cchc.plans.commands import plan_for_command
from cchc.plans.docx_export import print_plan
from cchc.plans.models import Plan
from cchc.reporting import printing, services
from cchc.reporting.models import Issuer, ReportingPeriod, ReportStatus, UnitReport, UnitScore


class Command(BaseCommand):
    help = (
        "Ghi ra thư mục mọi văn bản báo cáo của một kế hoạch: kế hoạch (.docx), báo cáo đã nộp của các đơn vị,"
        " báo cáo tổng hợp từng kỳ (.docx do cơ quan chủ trì và do UBND ban hành, .xlsx) và kết quả chấm điểm,"
        " xếp hạng từng năm (.docx, .xlsx)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("plan_id", type=int)
        parser.add_argument("--out", required=True, help="Thư mục ghi văn bản.")
        parser.add_argument("--today", help="Ngày tính hạn nộp và chấm điểm (dd/mm/yyyy); mặc định hôm nay.")
        add_actor_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        self.actor, plan = plan_for_command(options, write=True)
        try:
            on = parse_date(options.get("today")) or services.today()
        except DateError as exc:
            raise CommandError(str(exc)) from None
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        try:
            self._write(out / "ke-hoach.docx", print_plan(plan))
        except printing.PrintError as exc:
            self.stderr.write(f"Kế hoạch: {exc}")
        services.sync_periods(self.actor, plan)
        for period in ReportingPeriod.objects.filter(plan=plan):
            self._period(out, period, on)
        for year in services.plan_years(plan):
            self._ranking(out, plan, year, on)

    def _write(self, path: Path, data: bytes) -> None:
        path.write_bytes(data)
        self.stdout.write(f"{path} ({len(data) // 1024} KB)")

    def _period(self, out: Path, period: ReportingPeriod, on: dt.date) -> None:
        stem = printing.file_stem(period.title)
        reports = UnitReport.objects.filter(period=period).exclude(status=ReportStatus.DRAFT).select_related("unit")
        for report in reports:
            self._write(out / f"{stem}-{printing.file_stem(report.unit.name)}.docx", printing.unit_report_docx(report))
        try:
            data = printing.consolidated_data(period, on)
            # As compiled by the owner for its people's committee, and as the committee issues it upwards.
            for issued_by, suffix in ((Issuer.OWNER, "tong-hop"), (Issuer.COMMITTEE, "tong-hop-ubnd")):
                consolidated = services.consolidated_for(period, issued_by)
                self._write(out / f"{stem}-{suffix}.docx", printing.consolidated_docx(data, consolidated))
            self._write(out / f"{stem}-phu-luc.xlsx", printing.consolidated_xlsx(data))
        except printing.PrintError as exc:
            self.stderr.write(f"{period.title}: {exc}")

    def _ranking(self, out: Path, plan: Plan, year: int, on: dt.date) -> None:
        services.compute_scores(self.actor, plan, year, on=on)
        rows = list(UnitScore.objects.filter(plan=plan, year=year).select_related("unit"))
        rubric = services.rubric_for(plan)
        try:
            self._write(out / f"xep-hang-{year}.docx", printing.ranking_docx(plan, year, rubric, rows))
            self._write(out / f"xep-hang-{year}.xlsx", printing.ranking_xlsx(plan, year, rubric, rows))
        except printing.PrintError as exc:
            self.stderr.write(f"Năm {year}: {exc}")
