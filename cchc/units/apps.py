"""App configuration for units."""

from django.apps import AppConfig


class UnitsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cchc.units"
    verbose_name = "Đơn vị"
