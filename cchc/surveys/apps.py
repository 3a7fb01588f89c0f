"""App configuration for surveys."""

from django.apps import AppConfig


class SurveysConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cchc.surveys"
    verbose_name = "Khảo sát mức độ hài lòng"
