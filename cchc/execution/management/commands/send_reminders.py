"""`manage.py send_reminders`: the reminder job for cron (the same work as the Celery beat task)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cchc.core.dates import DateError, parse_date
from cchc.execution import services


class Command(BaseCommand):
    help = "Gửi nhắc việc trước hạn và khi quá hạn (mỗi người, mỗi việc, mỗi loại chỉ một lần)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--ngay", dest="day", default="", help="Chạy như thể hôm nay là ngày này (dd/mm/yyyy).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            day = parse_date(options["day"])
        except DateError as exc:
            self.stderr.write(str(exc))
            return
        run = services.send_reminders(day)
        self.stdout.write(
            f"Nhắc việc mới: {run.created}; đã gửi trước đó: {run.already_sent}; thư điện tử đã gửi: {run.emailed}."
        )
        if run.email_failed:
            raise CommandError(
                f"Gửi thư lỗi cho {run.email_failed} nhắc việc ({run.email_failed - run.email_given_up} sẽ được gửi "
                f"lại sau; {run.email_given_up} đã thôi thử lại). Xem lỗi trong trang quản trị, mục Nhắc việc.",
                returncode=2,
            )
