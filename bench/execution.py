"""Benchmark for execution: issue a synthetic province's plan, load 50,000 results, time the dashboards.

Usage: DATABASE_URL=... .venv/bin/python bench/execution.py [--units 150 --activities 40 --results 50000]
Creates its own data in the configured database (use a throwaway one) and prints the figures.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from bench import synthetic  # noqa: E402
from cchc.execution.models import Assignment, Occurrence  # noqa: E402
from cchc.execution.services import send_reminders  # noqa: E402
from cchc.reporting.services import issue_plan  # noqa: E402


def _timed_get(client: Client, url: str, runs: int) -> tuple[float, int]:
    times = []
    queries = 0
    for _ in range(runs):
        reset_queries()
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
        queries = len(ctx.captured_queries)
    return statistics.median(times), queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=150)
    parser.add_argument("--activities", type=int, default=40)
    parser.add_argument("--results", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}")
    tag = uuid.uuid4().hex[:6]
    started = time.perf_counter()
    province = synthetic.build_province(tag, args.units, args.activities)
    print(f"build province ({args.units} units, {args.activities} activities): {time.perf_counter() - started:.2f} s")
    started = time.perf_counter()
    result = issue_plan(province.owner, province.plan)
    issue_s = time.perf_counter() - started
    assignments = Assignment.objects.filter(plan=province.plan).count()
    occurrences = Occurrence.objects.filter(plan=province.plan).count()
    print(
        f"issue plan: {issue_s:.2f} s ({result.created} assignments, {result.occurrences_created} occurrences; "
        f"stored {assignments} / {occurrences}) — goal < 10 s"
    )
    started = time.perf_counter()
    again = issue_plan(province.owner, province.plan)
    print(f"re-issue unchanged plan: {time.perf_counter() - started:.2f} s ({again.created} created)")
    started = time.perf_counter()
    synthetic.add_results(province.plan, args.results)
    print(f"load {args.results} results (bulk, synthetic): {time.perf_counter() - started:.2f} s")
    client = Client()
    client.force_login(province.owner)
    median, queries = _timed_get(client, reverse("execution:dashboard", args=[province.plan.pk]), args.runs)
    print(f"owner dashboard: median {median:.0f} ms, {queries} queries — goal < 300 ms")
    client.force_login(province.officer)
    median, queries = _timed_get(client, reverse("execution:my_work"), args.runs)
    print(f"officer 'Việc của tôi': median {median:.0f} ms, {queries} queries — goal < 100 ms")
    median, queries = _timed_get(client, reverse("execution:plan_units", args=[province.plan.pk]), args.runs)
    print(f"officer plan page: median {median:.0f} ms, {queries} queries — goal < 100 ms")
    one = Assignment.objects.filter(plan=province.plan, unit=province.officer.unit).first()
    assert one is not None
    median, queries = _timed_get(client, reverse("execution:assignment", args=[one.pk]), args.runs)
    print(f"officer assignment page: median {median:.0f} ms, {queries} queries — goal < 100 ms")
    day = province.plan.period_start.replace(month=3, day=29)
    started = time.perf_counter()
    first = send_reminders(day)
    second = send_reminders(day)
    print(
        f"reminders on {day:%d/%m/%Y}: {first.created} created, then {second.created} on a second run "
        f"({time.perf_counter() - started:.2f} s for both)"
    )


if __name__ == "__main__":
    main()
