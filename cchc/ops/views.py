"""Health and metrics endpoints for load balancers, systemd and Prometheus."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

from cchc.core import replica
from cchc.ops.observe import metrics_text
from cchc.ops.preflight import one_line, redis_problem


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """The process answers (a load balancer's liveness probe): no database or network call."""
    return JsonResponse({"status": "ok"})


def readiness() -> dict[str, str]:
    """Each dependency with 'ok' or what is wrong."""
    checks: dict[str, str] = {}
    connection = connections["default"]
    try:
        connection.ensure_connection()
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        checks["database"] = "ok"
        checks["migrations"] = "ok" if not pending else f"{len(pending)} migration(s) chưa áp dụng"
    except Exception as exc:
        checks["database"] = one_line(exc)
    if replica.configured():
        try:
            connections[replica.REPLICA].ensure_connection()
            checks["replica"] = "ok"
        except Exception as exc:
            checks["replica"] = one_line(exc)
    for name, url in (("redis", settings.REDIS_URL), ("queue", settings.CELERY_BROKER_URL)):
        if str(url).startswith(("redis://", "rediss://", "unix://")):
            checks[name] = redis_problem(str(url)) or "ok"
    return checks


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """Ready to serve (a load balancer's readiness probe): database reachable, migrations applied, Redis and the
    job queue reachable when configured. 503 with the failing checks otherwise."""
    checks = readiness()
    ready = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503)


def metrics_allowed(request: HttpRequest) -> bool:
    token = str(settings.METRICS_TOKEN)
    if token:
        return request.headers.get("Authorization", "") == f"Bearer {token}"
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False


@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus metrics: only from this machine, or with `Authorization: Bearer METRICS_TOKEN` when set."""
    if not metrics_allowed(request):
        return HttpResponse(
            "Không có quyền xem số liệu giám sát.", status=403, content_type="text/plain; charset=utf-8"
        )
    return HttpResponse(metrics_text(), content_type="text/plain; version=0.0.4; charset=utf-8")
