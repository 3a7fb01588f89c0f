"""App configuration for feedback."""

from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cchc.feedback"
    verbose_name = "Phản ánh, kiến nghị"
