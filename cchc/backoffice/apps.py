"""App configuration for backoffice."""

from django.apps import AppConfig


class BackofficeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cchc.backoffice"
    verbose_name = "Trang quản trị"
