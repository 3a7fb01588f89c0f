"""App configuration for reporting."""

from django.apps import AppConfig


class ReportingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cchc.reporting"
    verbose_name = "Báo cáo"
