"""Observation: a request id for every request, one JSON log line per request, Prometheus metrics.

With several gunicorn workers the metrics are summed through PROMETHEUS_MULTIPROC_DIR (set by deploy/gunicorn.conf.py).
"""

from __future__ import annotations

import contextvars
import json
import logging
import os
import re
import time
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from django.http import HttpRequest, HttpResponse
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
access_log = logging.getLogger("cchc.request")

REQUESTS = Counter("cchc_http_requests_total", "HTTP requests served", ["method", "route", "status"])
LATENCY = Histogram(
    "cchc_http_request_duration_seconds",
    "Time to answer an HTTP request",
    ["route"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0, 2.0, 5.0, 10.0),
)
JOB_FAILURES = Counter("cchc_job_failures_total", "Background jobs that raised", ["task"])


def count_job_failure(sender: Any = None, **kwargs: Any) -> None:
    JOB_FAILURES.labels(getattr(sender, "name", "?")).inc()


class RequestMiddleware:
    """Gives the request an id (the proxy's X-Request-ID when well-formed), returns it in the response, logs the
    request and counts it by route (the URL pattern, never the raw path, so the label set stays small)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        rid = incoming if VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        token = request_id.set(rid)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            elapsed = time.perf_counter() - started
            match = request.resolver_match
            route = match.route if match is not None else "<unmatched>"
            REQUESTS.labels(request.method, route, str(response.status_code)).inc()
            LATENCY.labels(route).observe(elapsed)
            response["X-Request-ID"] = rid
            user = getattr(request, "user", None)
            access_log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "route": route,
                    "status": response.status_code,
                    "duration_ms": round(elapsed * 1000, 1),
                    "user_id": user.pk if user is not None and user.is_authenticated else None,
                },
            )
            return response
        finally:
            request_id.reset(token)


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


STANDARD_ATTRIBUTES = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id"}


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, request id, the record's extra fields, exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        entry.update({k: v for k, v in vars(record).items() if k not in STANDARD_ATTRIBUTES})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class QueueCollector(Collector):
    """The number of jobs waiting in each Celery queue, read from the broker when scraped."""

    def collect(self) -> Iterable[GaugeMetricFamily]:
        from django.conf import settings

        family = GaugeMetricFamily("cchc_queue_length", "Jobs waiting in the queue", labels=["queue"])
        broker = str(settings.CELERY_BROKER_URL or "")
        if broker.startswith(("redis://", "rediss://")):
            import redis

            client = redis.Redis.from_url(broker, socket_connect_timeout=2, socket_timeout=2)
            for queue in queue_names():
                family.add_metric([queue], float(client.llen(queue)))
        yield family


def queue_names() -> list[str]:
    from django.conf import settings

    return [str(getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", "celery"))]


QUEUES = CollectorRegistry()
QUEUES.register(QueueCollector())


def metrics_text() -> bytes:
    """The exposition text: summed over the workers' files when multiprocess, this process's registry otherwise;
    then the queue lengths read now."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        from prometheus_client import REGISTRY as registry
    return generate_latest(registry) + generate_latest(QUEUES)
