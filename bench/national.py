"""National scale on PostgreSQL: 34 provinces × 150 units, one yearly plan each (10 monthly activities for every unit:
612,000 occurrences) and 2 million logged results, generated in SQL (COPY and generate_series, not the ORM row by
row); then the Ministry of Home Affairs' cross-province dashboard (target: median < 500 ms, with a result logged in
one province before each reading: that province's plan is counted again, the others' kept tallies are read) and the
national consolidated figures from scratch (every plan counted again; target: < 60 s) are timed, with the plans of
the per-plan queries.

Usage (a PostgreSQL server; the database is created, or reused when it already holds the data):
    python bench/national.py [--db postgresql://postgres@127.0.0.1:5432/cchc_national] [--results 2000000]
        [--runs 15] [--fresh]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PROVINCES = 34
UNITS = 150
ACTIVITIES = 10
YEAR = 2025
TODAY = dt.date(YEAR, 10, 15)
KINDS = ("portal_news", "conference", "printed", "loudspeaker", "television", "social_media")


def prepare_database(url: str, fresh: bool) -> None:
    import psycopg

    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            conn.execute(f'DROP DATABASE "{name}"')
        if not exists or fresh:
            conn.execute(f'CREATE DATABASE "{name}"')


def generate(results: int) -> None:
    """The country, in SQL. Units by COPY; assignments, occurrences and results by INSERT … SELECT generate_series."""
    from django.core.management import call_command
    from django.db import connection, transaction

    from cchc.accounts.models import Role, User
    from cchc.plans.models import Activity, Plan, PlanLevel, PlanStatus
    from cchc.units.models import Unit, UnitKind
    from cchc.units.naming import mention_key

    call_command("migrate", verbosity=0)
    if Plan.objects.filter(title__startswith="Bench quốc gia").exists():
        print("data already generated (use --fresh to start again)")
        return
    started = time.perf_counter()
    with transaction.atomic():
        ministry = Unit.objects.create(name="Bộ Nội vụ", kind=UnitKind.MINISTRY)
        office = Unit.objects.create(name="Vụ Cải cách hành chính", kind=UnitKind.AGENCY, parent=ministry)
        User.objects.create_user(username="bonoivu", password="bench-quoc-gia-2025", role=Role.OWNER, unit=office)
        provinces = [Unit.objects.create(name=f"UBND tỉnh Bench {i:02d}", kind=UnitKind.PROVINCE) for i in range(1, 35)]
        with connection.cursor() as cursor:
            columns = "name, short_name, aliases, kind, path, locality, admin_code, match_key, parent_id, symbol"
            with cursor.cursor.copy(f"COPY units_unit ({columns}) FROM STDIN") as copy:
                for province in provinces:
                    for i in range(UNITS):
                        name = f"Sở {i:03d} {province.name}"
                        key = mention_key(name)
                        copy.write_row([name, "", "[]", UnitKind.DEPARTMENT, "", "", "", key, province.pk, ""])
            cursor.execute(
                "UPDATE units_unit u SET path = p.path || u.id || '/' FROM units_unit p "
                "WHERE u.parent_id = p.id AND u.path = ''"
            )
        plans = [
            Plan.objects.create(
                issuer=p.name,
                issuer_unit=p,
                owner_unit=p,
                level=PlanLevel.PROVINCE,
                title=f"Bench quốc gia: tuyên truyền CCHC năm {YEAR} ({p.name})",
                number=f"{i}/KH-UBND",
                issued_date=dt.date(YEAR, 1, 10),
                status=PlanStatus.ISSUED,
                period_start=dt.date(YEAR, 1, 1),
                period_end=dt.date(YEAR, 12, 31),
            )
            for i, p in enumerate(provinces, 1)
        ]
        Activity.objects.bulk_create(
            Activity(
                plan=plan,
                position=d,
                ref=str(d + 1),
                content=f"Tuyên truyền nội dung CCHC số {d + 1} đến cán bộ, công chức và người dân",
                timing_text="Hằng tháng",
                timing_kind="ongoing",
            )
            for plan in plans
            for d in range(ACTIVITIES)
        )
        ids = ",".join(str(p.pk) for p in plans)
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO execution_assignment (activity_id, role, mode, ref, title, pillar, timing_text,
                    timing_kind, timing_quarters, is_active, created_at, updated_at, plan_id, unit_id)
                SELECT act.id, 'lead', 'assigned', act.ref, act.content, 'general', 'Hằng tháng', 'ongoing', '[]',
                    true, now(), now(), pl.id, u.id
                FROM plans_plan pl JOIN units_unit u ON u.parent_id = pl.issuer_unit_id
                JOIN plans_activity act ON act.plan_id = pl.id
                WHERE pl.id IN ({ids})
                """
            )
            cursor.execute(
                f"""
                INSERT INTO execution_occurrence (label, start, due, results_count, is_active, assignment_id, plan_id,
                    pillar, unit_id)
                SELECT 'Tháng ' || m || '/{YEAR}', make_date({YEAR}, m, 1),
                    (make_date({YEAR}, m, 1) + interval '1 month - 1 day')::date, 0, true, a.id, a.plan_id, a.pillar,
                    a.unit_id
                FROM execution_assignment a CROSS JOIN generate_series(1, 12) m WHERE a.plan_id IN ({ids})
                """
            )
            cursor.execute(f"SELECT min(id), count(*) FROM execution_assignment WHERE plan_id IN ({ids})")
            first, count = cursor.fetchone()
            kinds = "ARRAY[" + ",".join(f"'{k}'" for k in KINDS) + "]"
            # Results until the measuring day, spread over every unit's assignments and days.
            days = (TODAY - dt.date(YEAR, 1, 1)).days
            cursor.execute(
                f"""
                INSERT INTO execution_loggedresult (date, kind, pillar, title, title_key, link, participants, copies,
                    broadcasts, reach, note, source, version, created_at, updated_at, assignment_id, plan_id, unit_id,
                    occurrence_id, spent_source)
                SELECT r.day, ({kinds})[1 + g % {len(KINDS)}], a.pillar, 'Kết quả số ' || g, 'ket qua so ' || g, '',
                    CASE WHEN g % 3 = 0 THEN 20 + g % 180 END, CASE WHEN g % 5 = 0 THEN 100 + g % 900 END,
                    CASE WHEN g % 7 = 0 THEN 1 + g % 5 END, CASE WHEN g % 2 = 0 THEN 50 + g % 5000 END,
                    '', 'api', 1, now(), now(), a.id, a.plan_id, a.unit_id, o.id, ''
                FROM (SELECT g, {first} + (hashint4(g)::bigint & 2147483647) % {count} AS assignment_id,
                             make_date({YEAR}, 1, 1) + ((hashint4(g + 7)::bigint & 2147483647) % {days})::int AS day
                      FROM generate_series(1, {results}) g) r
                JOIN execution_assignment a ON a.id = r.assignment_id
                JOIN execution_occurrence o ON o.assignment_id = a.id AND o.start = date_trunc('month', r.day)::date
                """
            )
            cursor.execute(
                """
                UPDATE execution_occurrence o SET first_result_on = s.first, results_count = s.n
                FROM (SELECT occurrence_id, min(date) AS first, count(*) AS n FROM execution_loggedresult
                      GROUP BY occurrence_id) s
                WHERE o.id = s.occurrence_id
                """
            )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"generated in {time.perf_counter() - started:.0f} s")


def timed(what: Callable[[], Any], runs: int) -> tuple[float, float, Any]:
    """Median and maximum in milliseconds over `runs` calls (after one warm-up)."""
    value = what()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        value = what()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times), value


def explain(queryset: Any) -> str:
    from django.db import connection

    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql, params)
        return "\n".join("    " + row[0] for row in cursor.fetchall())


def measure(runs: int) -> None:
    from django.core.cache import cache
    from django.db import connection
    from django.db.models import Count, Sum
    from django.test import Client
    from django.urls import reverse

    from cchc.accounts.models import User
    from cchc.core import pagecache
    from cchc.execution import national
    from cchc.execution.models import LoggedResult, Occurrence
    from cchc.execution.selectors import status_expression
    from cchc.plans.models import Plan

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM units_unit), (SELECT count(*) FROM execution_occurrence), "
            "(SELECT count(*) FROM execution_loggedresult), pg_size_pretty(pg_database_size(current_database()))"
        )
        units, occurrences, results, size = cursor.fetchone()
    print(f"data: {units} units, {occurrences} occurrences, {results} results; database {size}; today = {TODAY}")
    plans = list(Plan.objects.filter(national.year_plans(YEAR)).order_by("pk"))
    written = iter(range(10**9))

    def after_one_write() -> None:
        """What a result logged in one province does to the kept figures (its plan's version changes)."""
        pagecache.changed(pagecache.scope(plans[next(written) % len(plans)]))

    def figures_after_one_write() -> list[national.ProvinceRow]:
        after_one_write()
        return national.provinces(YEAR, TODAY)

    def figures_from_scratch() -> list[national.ProvinceRow]:
        cache.clear()
        rows = national.provinces(YEAR, TODAY)
        national.consolidated(rows)
        return rows

    median, worst, rows = timed(figures_after_one_write, runs)
    total = national.country(rows)
    print(
        f"cross-province figures, a result logged in one province since the last reading: median {median:.0f} ms, "
        f"max {worst:.0f} ms over {runs} runs; {len(rows)} provinces, {total.units} units, completion "
        f"{total.status.completion}%, {total.results} results  [target: median < 500 ms]"
    )
    client = Client()
    client.force_login(User.objects.get(username="bonoivu"))
    url = reverse("execution:national") + f"?nam={YEAR}"

    def page() -> int:
        after_one_write()
        return client.get(url).status_code

    median, worst, status = timed(page, runs)
    print(
        f"the ministry's dashboard page {url} (test client, one province written before each request): median "
        f"{median:.0f} ms, max {worst:.0f} ms, status {status}  [target: median < 500 ms]"
    )
    median, worst, rows = timed(figures_from_scratch, max(3, runs // 3))
    kinds = national.consolidated(rows)
    print(
        f"national consolidated figures from scratch (every province's plan counted again: 2 million results and "
        f"every occurrence read): median {median / 1000:.1f} s, max {worst / 1000:.1f} s; "
        f"{sum(k.results for k in kinds)} results in {len(kinds)} kinds  [target: < 60 s]"
    )
    plan = plans[0]
    print(f"\nplan of one province's tally (plan {plan.pk}): occurrences by status")
    print(
        explain(
            Occurrence.objects.filter(plan_id=plan.pk, is_active=True)
            .annotate(s=status_expression(TODAY))
            .order_by()
            .values_list("s")
            .annotate(n=Count("*"))
        )
    )
    print("\nplan of one province's tally: results by kind")
    print(
        explain(
            LoggedResult.objects.filter(plan_id=plan.pk)
            .order_by()
            .values("kind")
            .annotate(n=Count("*"), **{q: Sum(q, default=0) for q in national.QUANTITIES})
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default="postgresql://postgres@127.0.0.1:5432/cchc_national")
    parser.add_argument("--results", type=int, default=2_000_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--fresh", action="store_true", help="drop the database and generate again")
    args = parser.parse_args()
    prepare_database(args.db, args.fresh)
    os.environ["DATABASE_URL"] = args.db
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
    os.environ.setdefault("ACCESS_LOG", "0")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    generate(args.results)
    measure(args.runs)


if __name__ == "__main__":
    main()
