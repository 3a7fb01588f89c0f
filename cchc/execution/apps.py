"""App configuration for execution."""

from django.apps import AppConfig


class ExecutionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cchc.execution"
    verbose_name = "Thực hiện"

    def ready(self) -> None:
        from cchc.core.audit import register_history_rules
        from cchc.execution.access import HISTORY_RULES

        register_history_rules(HISTORY_RULES)
