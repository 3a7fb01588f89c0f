"""Fixtures of the publishing tests: the fake social servers, background jobs run as a worker would, the day."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from cchc.publishing import services
from cchc.publishing.tests.support import FakeSocial


@pytest.fixture
def fake(settings: Any, tmp_path: Path) -> Iterator[type[FakeSocial]]:
    FakeSocial.calls, FakeSocial.answers = [], {}
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeSocial)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    settings.FACEBOOK_GRAPH_URL, settings.ZALO_API_URL = base, base
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = "https://cchc.example.gov.vn"
    yield FakeSocial
    server.shutdown()


@pytest.fixture
def jobs(django_capture_on_commit_callbacks: Any) -> Any:
    """Background jobs are sent after commit, which a test's transaction never reaches: `with jobs():` runs the jobs
    its block sent as it ends, as a worker would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def plan_day(monkeypatch: Any) -> dt.date:
    """Publishing happens during the plan's year (Chợ Đồn 2024)."""
    day = dt.date(2024, 6, 12)
    monkeypatch.setattr(services, "today", lambda: day)
    return day
