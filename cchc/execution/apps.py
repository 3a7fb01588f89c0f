"""App configuration for execution."""

from django.apps import AppConfig


class ExecutionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cchc.execution"
    verbose_name = "Thực hiện"
