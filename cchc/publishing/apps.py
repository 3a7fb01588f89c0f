"""App configuration for publishing."""

from django.apps import AppConfig


class PublishingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cchc.publishing"
    verbose_name = "Xuất bản, đăng tin"
