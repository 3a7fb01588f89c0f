"""App configuration for reporting."""

from typing import Any

from django.apps import AppConfig


class ReportingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cchc.reporting"
    verbose_name = "Báo cáo"

    def ready(self) -> None:
        from cchc.core.audit import register_history_rules
        from cchc.execution.signals import plan_issued, reminders_wanted
        from cchc.reporting.access import HISTORY_RULES
        from cchc.reporting.services import report_reminders

        register_history_rules(HISTORY_RULES)

        plan_issued.connect(_open_reporting_periods, dispatch_uid="reporting.open_periods")
        reminders_wanted.connect(report_reminders, dispatch_uid="reporting.report_reminders")


def _open_reporting_periods(sender: Any, plan: Any, actor: Any, **kwargs: Any) -> None:
    """An issued plan's reporting regime becomes its reporting periods at once."""
    from cchc.reporting.services import sync_periods

    sync_periods(actor, plan)
