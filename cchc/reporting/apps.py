"""App configuration for reporting."""

from django.apps import AppConfig


class ReportingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cchc.reporting"
    verbose_name = "Báo cáo"

    def ready(self) -> None:
        from cchc.core.audit import register_history_rules
        from cchc.execution.signals import reminders_wanted
        from cchc.reporting.access import HISTORY_RULES
        from cchc.reporting.services import report_reminders

        register_history_rules(HISTORY_RULES)

        reminders_wanted.connect(report_reminders, dispatch_uid="reporting.report_reminders")
