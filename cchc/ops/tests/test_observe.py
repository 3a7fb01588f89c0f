"""Health probes, request ids in JSON logs, Prometheus metrics, error reports to a Sentry DSN."""

from __future__ import annotations

import gzip
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest
from celery import shared_task
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client, override_settings
from django.urls import reverse
from prometheus_client import REGISTRY

from cchc.ops.observe import JsonFormatter

from .test_production import closed_port, run


@pytest.mark.django_db
def test_health_and_readiness(client: Client) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["checks"] == {"database": "ok", "migrations": "ok"}


@pytest.mark.django_db
def test_not_ready_when_a_migration_is_missing_or_redis_is_down(client: Client) -> None:
    MigrationRecorder.Migration.objects.filter(app="plans").order_by("-id")[:1].get().delete()
    missing = client.get("/readyz")
    assert missing.status_code == 503
    assert "chưa áp dụng" in missing.json()["checks"]["migrations"]
    with override_settings(REDIS_URL=f"redis://127.0.0.1:{closed_port()}/7"):
        down = client.get("/readyz")
    assert down.status_code == 503 and "Connection" in down.json()["checks"]["redis"]


@pytest.mark.django_db
def test_each_request_has_an_id_in_its_json_log_line(client: Client, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level("INFO", logger="cchc.request"):
        given = client.get(reverse("assistant:procedures"), HTTP_X_REQUEST_ID="proxy-id-12345678")
        forged = client.get(reverse("assistant:procedures"), HTTP_X_REQUEST_ID="x\r\nSet-Cookie: a=b")
    assert given["X-Request-ID"] == "proxy-id-12345678"
    assert forged["X-Request-ID"] != "x\r\nSet-Cookie: a=b" and len(forged["X-Request-ID"]) == 32
    lines = [json.loads(JsonFormatter().format(r)) for r in caplog.records if r.name == "cchc.request"]
    assert [line["request_id"] for line in lines] == ["proxy-id-12345678", forged["X-Request-ID"]]
    assert lines[0]["route"] == "thu-tuc/" and lines[0]["status"] == 200 and lines[0]["duration_ms"] > 0


@pytest.mark.django_db
def test_metrics_count_requests_by_route_for_this_machine_only(client: Client) -> None:
    before = REGISTRY.get_sample_value(
        "cchc_http_requests_total", {"method": "GET", "route": "thu-tuc/<str:code>/", "status": "404"}
    )
    client.get(reverse("assistant:procedure", args=["KHONG-CO"]))
    client.get(reverse("assistant:procedure", args=["CUNG-KHONG-CO"]))
    text = client.get("/metrics").content.decode()
    line = next(
        ln
        for ln in text.splitlines()
        if ln.startswith("cchc_http_requests_total{") and 'route="thu-tuc/<str:code>/"' in ln and "404" in ln
    )
    assert float(line.split()[-1]) == (before or 0) + 2
    assert "cchc_http_request_duration_seconds_bucket" in text and "cchc_queue_length" in text
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 403
    with override_settings(METRICS_TOKEN="bi-mat-giam-sat"):
        assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 403
        ok = client.get("/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer bi-mat-giam-sat")
        assert ok.status_code == 200


@shared_task(name="cchc.ops.tests.failing_job")
def failing_job() -> None:
    raise ValueError("hỏng")


def test_job_failures_are_counted() -> None:
    labels = {"task": "cchc.ops.tests.failing_job"}
    before = REGISTRY.get_sample_value("cchc_job_failures_total", labels) or 0
    # As a worker runs it: the failure is recorded, not raised to the caller.
    result = failing_job.apply(throw=False)
    assert result.failed()
    assert REGISTRY.get_sample_value("cchc_job_failures_total", labels) == before + 1


def test_errors_reach_the_configured_sentry_dsn(tmp_path: Path) -> None:
    received: list[bytes] = []

    class Sink(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append(gzip.decompress(body) if self.headers.get("Content-Encoding") == "gzip" else body)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Sink)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        dsn = f"http://publickey@127.0.0.1:{server.server_port}/1"
        code = (
            "import django, sentry_sdk; django.setup(); "
            "sentry_sdk.capture_exception(RuntimeError('lỗi thử nghiệm')); sentry_sdk.flush(5)"
        )
        done = run(f"import os; {code}", tmp_path, SENTRY_DSN=dsn)
        assert done.returncode == 0, done.stderr
    finally:
        server.shutdown()
    assert any("lỗi thử nghiệm".encode() in body or b"RuntimeError" in body for body in received)
