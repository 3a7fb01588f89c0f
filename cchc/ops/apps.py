"""App configuration for ops: what an operator runs and watches (start-up checks, health, metrics, backups)."""

from django.apps import AppConfig


class OpsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cchc.ops"
    verbose_name = "Vận hành"

    def ready(self) -> None:
        from celery.signals import task_failure

        from cchc.ops.observe import count_job_failure

        task_failure.connect(count_job_failure, weak=False)
