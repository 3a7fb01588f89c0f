"""What every visitor sees alike, computed once and kept in the cache (Redis when REDIS_URL is set, so every web
process and machine shares it) until what it shows changes.

Each cached value depends on *scopes*: a model (``"assistant.corpusimport"``) or one object
(``"plans.plan:12"``). A scope has a version kept in the cache; the value's key carries the versions of its scopes,
so changing a version drops every value that depended on it. Every audited write (`cchc.core.audit.log_action`)
changes the version of its object's model and of its root object, at once and again when the transaction commits
(a reader between the two could otherwise keep what it read before the commit).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse

from cchc.core import replica

T = TypeVar("T")
MAX_KEY_TEXT = 2000


def scope(target: type[models.Model] | models.Model) -> str:
    """A model's scope (any of its rows changed), or one object's (it, or anything audited under it, changed)."""
    if isinstance(target, models.Model):
        return f"{target._meta.label_lower}:{target.pk}"
    return target._meta.label_lower


def _version_key(name: str) -> str:
    return f"pagecache:version:{name}"


def versions(scopes: Iterable[str]) -> list[str]:
    names = list(scopes)
    found = cache.get_many([_version_key(n) for n in names])
    out = []
    for name in names:
        value = found.get(_version_key(name))
        if value is None:
            value = uuid.uuid4().hex[:12]
            if not cache.add(_version_key(name), value, timeout=None):
                value = cache.get(_version_key(name)) or value
        out.append(str(value))
    return out


def changed(*scopes: str) -> None:
    """Whatever depended on these scopes is stale: now, and once more when the transaction commits."""

    def bump() -> None:
        cache.set_many({_version_key(n): uuid.uuid4().hex[:12] for n in scopes}, timeout=None)

    bump()
    transaction.on_commit(bump)


def _key(name: str, parts: Iterable[Any], scopes: Iterable[str]) -> str:
    scopes = list(scopes)
    text = repr((list(parts), scopes, versions(scopes)))[:MAX_KEY_TEXT]
    return f"pagecache:{name}:{hashlib.sha256(text.encode()).hexdigest()[:32]}"


def remember(name: str, parts: Iterable[Any], scopes: Iterable[str], compute: Callable[[], T]) -> T:
    """The cached value for (name, parts) while its scopes have not changed; computed and kept otherwise."""
    key = _key(name, parts, scopes)
    value = cache.get(key)
    if value is None:
        with replica.primary():  # a lagging replica's figures would be kept under the new version
            value = compute()
        cache.set(key, value, timeout=int(settings.PAGE_CACHE_SECONDS))
    return value


def public_page(
    request: HttpRequest, name: str, parts: Iterable[Any], scopes: Iterable[str], render: Callable[[], HttpResponse]
) -> HttpResponse:
    """A public page as an anonymous visitor without pending messages sees it: rendered once for all of them.
    Signed-in people (whose pages name them) get it rendered; so does any page that set a cookie or used the
    visitor's CSRF token, which would be someone else's if shared."""
    if request.method != "GET" or request.user.is_authenticated or len(get_messages(request)):
        return render()
    key = _key(name, [request.get_full_path()[:MAX_KEY_TEXT], *parts], scopes)
    kept = cache.get(key)
    if kept is not None:
        status, content, content_type = kept
        response = HttpResponse(content, status=status, content_type=content_type)
        response["X-Cache"] = "hit"
        return response
    with replica.primary():
        response = render()
    if response.status_code == 200 and not response.cookies and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        cache.set(key, (200, response.content, response["Content-Type"]), timeout=int(settings.PAGE_CACHE_SECONDS))
    return response
