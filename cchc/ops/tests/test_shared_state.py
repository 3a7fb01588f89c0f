"""No per-process state: two web processes (gunicorn, one worker each, as on two machines) sharing one Redis and one
database count the assistant's rate limit and the login throttle together, and a session opened on one is valid on
the other. Redis: TEST_REDIS_URL (default database 5 of the local server); skipped when it does not answer."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.urls import reverse

from cchc.accounts.models import Role
from cchc.assistant.views import RATE_LIMITED
from cchc.ops.smoke import Client
from conftest import make_user

ROOT = Path(__file__).resolve().parents[3]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/5")
PASSWORD = "matkhau-thu-nghiem-2025"
LOCKED = "Đăng nhập tạm thời bị khóa"

pytestmark = pytest.mark.django_db(transaction=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def database_url(tmp_path: Path) -> str:
    """This test's database as the web processes reach it: a copy of SQLite's in-memory one, or PostgreSQL's."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(tmp_path / "db.sqlite3")
        connection.connection.backup(target)
        target.close()
        return f"sqlite:///{tmp_path / 'db.sqlite3'}"
    user = urllib.parse.quote(settings["USER"] or "")
    password = ":" + urllib.parse.quote(settings["PASSWORD"]) if settings["PASSWORD"] else ""
    return (
        f"postgresql://{user}{password}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"
    )


@pytest.fixture
def web(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """Two gunicorn processes of one installation; yields their base URLs."""
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip(f"Redis does not answer at {REDIS_URL}")
    user = make_user("chia_se", Role.PUBLIC, None)
    # The suite hashes with MD5 for speed; the web processes know only the real hashers.
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "muoi-thu-nghiem", iterations=1000)
    user.save(update_fields=["password"])
    prefix = f"test-shared-{uuid.uuid4().hex[:8]}"
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        CCHC_ENV="production",
        SECRET_KEY=f"shared-by-every-web-node-{uuid.uuid4().hex}{uuid.uuid4().hex}",
        DATABASE_URL=database_url(tmp_path),
        REDIS_URL=REDIS_URL,
        CACHE_KEY_PREFIX=prefix,
        CELERY_BROKER_URL="",
        ALLOWED_HOSTS="127.0.0.1",
        WEB_CONCURRENCY="1",
        WEB_THREADS="1",
        ASSISTANT_RATE_PER_MINUTE="3",
        LOGIN_FAILURES_PER_ACCOUNT="4",
        ACCESS_LOG="0",
    )
    processes, bases = [], []
    for name in ("a", "b"):
        port = free_port()
        (tmp_path / name).mkdir()
        node = {**env, "CCHC_DATA_DIR": str(tmp_path / name), "CCHC_ADDR": f"127.0.0.1:{port}"}
        command = [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "cchc.wsgi"]
        log = open(tmp_path / f"{name}.log", "wb")  # noqa: SIM115 (closed with the process)
        processes.append((subprocess.Popen(command, cwd=ROOT, env=node, stdout=log, stderr=log), log))
        bases.append(f"http://127.0.0.1:{port}")
    try:
        for base in bases:
            for _ in range(240):
                if _up(base):
                    break
                time.sleep(0.25)
            else:
                pytest.fail(f"{base} did not start: {(tmp_path / 'a.log').read_text()[-2000:]}")
        yield bases[0], bases[1]
    finally:
        for process, log in processes:
            process.terminate()
            process.wait(timeout=30)
            log.close()
        keys = redis.Redis.from_url(REDIS_URL)
        for key in keys.scan_iter(f"{prefix}:*"):
            keys.delete(key)


def _up(base: str) -> bool:
    try:
        return bool(Client(base).request("/healthz").status == 200)
    except OSError:
        return False


def test_two_web_processes_share_sessions_throttle_and_rate_limit(web: tuple[str, str]) -> None:
    a, b = web
    login = reverse("accounts:login")

    # A session opened on one process is valid on the other.
    browser = Client(a)
    browser.request(login)
    assert browser.post_form(login, {"username": "chia_se", "password": PASSWORD}).status == 302
    private = reverse("accounts:password_change")
    assert browser.request(b + private).status == 200
    assert Client(b).request(private).status == 302  # and not without it

    # Wrong passwords counted across both: the fourth locks the account on both, even with the right password.
    guesser = Client(a)
    guesser.request(login)
    for base in (a, b, a, b):
        page = guesser.post_form(base + login, {"username": "chia_se", "password": "sai-mat-khau"})
        assert page.status == 200
    refused = guesser.post_form(b + login, {"username": "chia_se", "password": PASSWORD})
    assert refused.status == 200 and LOCKED in refused.read().decode()

    # The assistant's limit (3 a minute) holds for the two processes together.
    if time.time() % 60 > 55:
        time.sleep(61 - time.time() % 60)
    asker = Client(a)
    answers = []
    for base in (a, b, a, b):
        query = urllib.parse.urlencode({"q": "đăng ký khai sinh"})
        answers.append(asker.request(f"{base}{reverse('assistant:widget')}?{query}").read().decode())
    assert [RATE_LIMITED in page for page in answers] == [False, False, False, True]
