"""Publishing in the background: each channel its own job, retried with backoff when the channel may recover."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.conf import settings

from cchc.publishing import services
from cchc.publishing.models import PublicationStatus


@shared_task(bind=True, name="cchc.publishing.tasks.send_publication", max_retries=services.MAX_ATTEMPTS)
def send_publication(self: Any, publication_id: int) -> str:
    """Send one publication; inline (no broker) a failure is final and the piece's page offers to send again."""
    last_try = settings.CELERY_TASK_ALWAYS_EAGER or self.request.retries >= services.MAX_ATTEMPTS - 1
    publication = services.send_publication(publication_id, last_try=last_try)
    if publication.status == PublicationStatus.PENDING:
        raise self.retry(countdown=60 * 2**self.request.retries)
    return str(publication.status)
