"""Login throttling: failed passwords counted per account and per client in Django's cache (Redis when
REDIS_URL is set, so every web process shares the counts); past the limit, logins wait, even with the right
password."""

from __future__ import annotations

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache


def _keys(username: str, client: str) -> list[tuple[str, int]]:
    account = hashlib.sha256(username.strip().casefold().encode()).hexdigest()[:32]
    return [
        (f"login:account:{account}", int(settings.LOGIN_FAILURES_PER_ACCOUNT)),
        (f"login:client:{client}", int(settings.LOGIN_FAILURES_PER_CLIENT)),
    ]


def locked_for(username: str, client: str) -> int:
    """Seconds until this account or this client may try again (0: it may now)."""
    now = time.time()
    until = [cache.get(f"{key}:lock") or 0 for key, _ in _keys(username, client)]
    return max(0, math.ceil(max(until) - now))


def _count(key: str, window: int) -> int:
    cache.add(key, 0, timeout=window)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


def record_failure(username: str, client: str) -> int:
    """Count a wrong password; returns the seconds of lockout it caused (0 when under the limits)."""
    lockout = int(settings.LOGIN_LOCKOUT_SECONDS)
    locked = 0
    for key, limit in _keys(username, client):
        if _count(key, lockout) >= limit:
            cache.set(f"{key}:lock", time.time() + lockout, timeout=lockout)
            cache.delete(key)
            locked = lockout
    return locked


def record_success(username: str, client: str) -> None:
    """A right password clears the account's count (not the client's: one good account must not let a client
    go on guessing others)."""
    key, _ = _keys(username, client)[0]
    cache.delete(key)


def lockout_message(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return (
        "Đăng nhập tạm thời bị khóa vì mật khẩu bị nhập sai nhiều lần. "
        f"Vui lòng thử lại sau {minutes} phút hoặc liên hệ quản trị viên."
    )
