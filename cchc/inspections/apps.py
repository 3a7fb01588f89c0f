"""App configuration for inspections."""

from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cchc.inspections"
    verbose_name = "Kiểm tra công tác tuyên truyền"
