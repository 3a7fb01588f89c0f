"""Background-task plumbing: enqueue after commit; Celery runs tasks inline with no broker."""

from __future__ import annotations

from typing import Any

from django.db import transaction


def enqueue(task: Any, *args: Any, **kwargs: Any) -> None:
    """Send a Celery task once the current transaction commits (inline in the embedded default)."""
    transaction.on_commit(lambda: task.delay(*args, **kwargs))
