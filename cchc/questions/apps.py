"""App configuration for questions."""

from django.apps import AppConfig


class QuestionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cchc.questions"
    verbose_name = "Ngân hàng câu hỏi"
