"""Background-task plumbing: enqueue after commit; Celery runs tasks inline with no broker, long ones in a thread."""

from __future__ import annotations

import threading
from typing import Any

from django.conf import settings
from django.db import connections, transaction


def enqueue(task: Any, *args: Any, **kwargs: Any) -> None:
    """Send a Celery task once the current transaction commits (inline in the embedded default)."""
    transaction.on_commit(lambda: task.delay(*args, **kwargs))


def start_long(task: Any, *args: Any) -> None:
    """Start a task that may take minutes (reading a scanned document) without holding the request: on the
    broker's workers when one is configured; without a broker, in a thread of this process (BACKGROUND_THREADS,
    on by default; the tests run it inline), started once the current transaction commits."""
    if not settings.CELERY_TASK_ALWAYS_EAGER or not settings.BACKGROUND_THREADS:
        task.delay(*args)
        return

    def run() -> None:
        try:
            task.apply(args=args)
        finally:
            connections.close_all()

    transaction.on_commit(lambda: threading.Thread(target=run, name=f"cchc-{task.name}", daemon=True).start())
