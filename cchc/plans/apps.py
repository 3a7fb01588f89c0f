"""App configuration for plans."""

from django.apps import AppConfig


class PlansConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cchc.plans"
    verbose_name = "Kế hoạch"

    def ready(self) -> None:
        from cchc.core.audit import register_history_rules
        from cchc.plans.access import HISTORY_RULES

        register_history_rules(HISTORY_RULES)
