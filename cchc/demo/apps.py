"""App configuration for demo: seeding the demo installation (manage.py setup_demo)."""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cchc.demo"
    verbose_name = "Dữ liệu mẫu"
