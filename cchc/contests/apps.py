"""App configuration for contests."""

from django.apps import AppConfig


class ContestsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cchc.contests"
    verbose_name = "Cuộc thi tìm hiểu"
