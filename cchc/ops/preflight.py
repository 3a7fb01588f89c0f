"""Start-up checks: a server that cannot work safely refuses to start with a clear message instead of half-working.

Run by the WSGI entry point (gunicorn loads it once before forking), by the Celery worker, and by
`manage.py preflight` (scripts/start.sh, systemd's ExecStartPre).
"""

from __future__ import annotations

import os
import sys

from django.conf import settings
from django.db import connections

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]", "testserver"}
INSECURE_KEY_PREFIXES = ("django-insecure", "dev-only")
MIN_KEY_LENGTH = 50
MIN_KEY_CHARACTERS = 5


def key_problem(key: str) -> str | None:
    """Why this SECRET_KEY is too weak to sign sessions and tokens, or None."""
    if len(key) < MIN_KEY_LENGTH or len(set(key)) < MIN_KEY_CHARACTERS or key.startswith(INSECURE_KEY_PREFIXES):
        return (
            f'SECRET_KEY quá yếu: cần ít nhất {MIN_KEY_LENGTH} ký tự ngẫu nhiên (tạo bằng: python -c "from '
            'django.core.management.utils import get_random_secret_key as g; print(g())").'
            f" / SECRET_KEY is weak: use at least {MIN_KEY_LENGTH} random characters."
        )
    return None


def configuration_problems() -> list[str]:
    """What in the settings forbids serving (no network access)."""
    problems = []
    env_key = os.environ.get("SECRET_KEY")
    if env_key:
        problem = key_problem(env_key)
        if problem:
            problems.append(problem)
    elif settings.CCHC_ENV == "production":
        problems.append(
            "Thiếu SECRET_KEY: ở chế độ production mọi máy chủ phải dùng chung một khóa bí mật đặt trong biến môi "
            "trường (xem deploy/cchc.env). / SECRET_KEY is missing: production mode needs it in the environment."
        )
    media_backend = str(dict(settings.STORAGES).get("default", {}).get("BACKEND", ""))
    if settings.PROTECTED_MEDIA_ACCEL_PREFIX and media_backend.endswith("S3Storage"):
        problems.append(
            "PROTECTED_MEDIA_ACCEL_PREFIX chỉ dùng khi tệp tải lên nằm trên đĩa (MEDIA_ROOT); với S3_BUCKET hãy để "
            "trống. / PROTECTED_MEDIA_ACCEL_PREFIX needs files on local disk; leave it empty with S3_BUCKET."
        )
    if settings.DEBUG:
        public = sorted(h for h in settings.ALLOWED_HOSTS if h not in LOCAL_HOSTS)
        if public or settings.CCHC_ENV == "production":
            problems.append(
                "DEBUG=1 chỉ dùng khi phát triển trên máy cục bộ, không được bật với tên miền công khai "
                f"({', '.join(public) or 'CCHC_ENV=production'}): trang lỗi sẽ lộ mã nguồn và cấu hình. "
                "/ DEBUG=1 with public ALLOWED_HOSTS would show tracebacks and settings to anyone."
            )
    return problems


def service_problems() -> list[str]:
    """Which of the servers the settings name cannot be reached (database, Redis)."""
    problems = []
    for alias in connections:
        try:
            connections[alias].ensure_connection()
        except Exception as exc:
            problems.append(
                f"Không kết nối được cơ sở dữ liệu '{alias}' ({one_line(exc)}): kiểm tra DATABASE_URL và máy chủ "
                "CSDL. / The database is unreachable."
            )
        finally:
            connections[alias].close()
    seen = set()
    for name in ("REDIS_URL", "CELERY_BROKER_URL"):
        url = str(getattr(settings, name, "") or "")
        if url.startswith(("redis://", "rediss://", "unix://")) and url not in seen:
            seen.add(url)
            problem = redis_problem(url)
            if problem:
                problems.append(f"Không kết nối được Redis ở {name} ({problem}). / Redis at {name} is unreachable.")
    return problems


def redis_problem(url: str) -> str | None:
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=3, socket_timeout=3).ping()
    except Exception as exc:
        return one_line(exc)
    return None


def one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}".strip()


def problems() -> list[str]:
    found = configuration_problems()
    return found + service_problems()


def refuse_if_unsafe() -> None:
    """Exit with the reasons (status 3) when the server must not start."""
    found = problems()
    if found:
        print("Máy chủ không khởi động / the server refuses to start:", file=sys.stderr)
        for problem in found:
            print(f"  - {problem}", file=sys.stderr)
        raise SystemExit(3)
