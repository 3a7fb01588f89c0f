"""Read-only pages read from a PostgreSQL read replica when `DATABASE_REPLICA_URL` is set (database alias
``replica``); everything else, and every write, goes to the primary (``default``).

Which pages: the URL names in `settings.REPLICA_PAGES` (public progress, procedures, dashboards), for GET and HEAD
only. Within such a request the router sends reads to the replica, except:
- accounts, sessions and permissions (someone who has just logged in on the primary is known at once);
- anything after the request wrote (a write makes the rest of the request read the primary);
- values kept in the page cache (`primary()` around their computation, in `cchc.core.pagecache`): a value computed
  from a replica that has not yet replayed the write which dropped the old one would be kept until the next write.
Without `DATABASE_REPLICA_URL` nothing changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import connections, models
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
# Identity and sessions are always read where they were just written.
PRIMARY_ONLY_APPS = frozenset({"accounts", "auth", "sessions", "contenttypes"})

_reads_from: ContextVar[str | None] = ContextVar("cchc_reads_from", default=None)


def configured() -> bool:
    return REPLICA in connections.settings


@contextmanager
def primary() -> Iterator[None]:
    """Reads inside go to the primary, whatever the page."""
    token = _reads_from.set(None)
    try:
        yield
    finally:
        _reads_from.reset(token)


class ReplicaRouter:
    """settings.DATABASE_ROUTERS: reads of a read-only page to the replica, everything else to the primary."""

    def db_for_read(self, model: type[models.Model], **hints: Any) -> str | None:
        if _reads_from.get() == REPLICA and model._meta.app_label not in PRIMARY_ONLY_APPS:
            return REPLICA
        return None

    def db_for_write(self, model: type[models.Model], **hints: Any) -> str:
        _reads_from.set(None)  # what the request reads next may depend on what it wrote
        return "default"

    def allow_relation(self, obj1: models.Model, obj2: models.Model, **hints: Any) -> bool:
        return True  # the same data on both

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db != REPLICA


class ReplicaPagesMiddleware:
    """Marks a GET or HEAD of a page named in settings.REPLICA_PAGES as reading from the replica (when configured)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _reads_from.set(None)
        try:
            return self.get_response(request)
        finally:
            _reads_from.reset(token)

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> None:
        match = request.resolver_match
        if (
            configured()
            and request.method in ("GET", "HEAD")
            and match is not None
            and match.view_name in settings.REPLICA_PAGES
        ):
            _reads_from.set(REPLICA)
