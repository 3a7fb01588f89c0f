"""App configuration for portal."""

from django.apps import AppConfig


class PortalConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cchc.portal"
    verbose_name = "Cổng công khai"
