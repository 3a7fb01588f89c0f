"""Benchmark of reporting: consolidated report (figures, .docx, .xlsx) for 150 units and 50,000 logged results,
one unit's report, and scoring all units.

Usage: python bench/reporting.py [--units 150] [--results 50000] [--keep DIR]
Builds a synthetic issued plan in a throw-away SQLite database (bulk inserts, not timed), then prints the time of
each step. Targets: consolidated report under 10 s, a unit report under 1 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
WORK = Path(tempfile.mkdtemp(prefix="bench-reporting-"))
os.environ["CCHC_DATA_DIR"] = str(WORK)
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from cchc.execution.models import (  # noqa: E402
    Assignment,
    LoggedResult,
    Occurrence,
    Pillar,
    ResultKind,
    result_title_key,
)
from cchc.plans.models import Activity, Plan, PlanStatus  # noqa: E402
from cchc.reporting import printing, services  # noqa: E402
from cchc.reporting.models import ReportingPeriod  # noqa: E402
from cchc.units.models import Unit, UnitKind  # noqa: E402

YEAR = 2025
ACTIVITIES = 20
KINDS = [k for k in ResultKind.values if k != "other"]
PILLARS = list(Pillar.values)


def build(units: int, results: int) -> tuple[Plan, ReportingPeriod]:
    """An issued plan of a district with `units` units, each assigned every activity (monthly occurrences)."""
    rng = random.Random(7)
    district = Unit.objects.create(name="UBND huyện Thử Nghiệm", kind=UnitKind.DISTRICT, locality="Thử Nghiệm")
    owner = Unit.objects.create(name="Phòng Nội vụ", kind=UnitKind.OFFICE, parent=district, symbol="PNV")
    members = [
        Unit.objects.create(name=f"UBND xã Số {i:03d}", kind=UnitKind.COMMUNE, parent=district, locality=f"Số {i:03d}")
        for i in range(units)
    ]
    plan = Plan.objects.create(
        issuer="UBND huyện Thử Nghiệm",
        issuer_unit=district,
        owner_unit=owner,
        level="district",
        locality="Thử Nghiệm",
        title="Tuyên truyền cải cách hành chính năm 2025",
        number="12/KH-UBND",
        issued_date=dt.date(YEAR, 1, 10),
        period_start=dt.date(YEAR, 1, 1),
        period_end=dt.date(YEAR, 12, 31),
        status=PlanStatus.ISSUED,
        signer_authority="KT. CHỦ TỊCH",
        signer_position="PHÓ CHỦ TỊCH",
        signer_name="Nguyễn Văn Bình",
        recipients=["UBND tỉnh", "Lưu: VT, NV"],
    )
    plan.reporting.create(what="Báo cáo năm", due=dt.date(YEAR, 12, 10), to="UBND huyện (qua Phòng Nội vụ)")
    activities = Activity.objects.bulk_create(
        [
            Activity(
                plan=plan,
                position=i,
                ref=str(i + 1),
                content=f"Tuyên truyền nội dung cải cách hành chính số {i + 1}",
                forms=["Trên Cổng thông tin điện tử"],
                timing_text="Thường xuyên",
            )
            for i in range(ACTIVITIES)
        ]
    )
    assignments = Assignment.objects.bulk_create(
        [
            Assignment(
                plan=plan, activity=a, unit=u, role="lead", ref=a.ref, title=a.content, pillar=PILLARS[i % len(PILLARS)]
            )
            for u in members
            for i, a in enumerate(activities)
        ],
        batch_size=2000,
    )
    occurrences = []
    for a in assignments:
        for month in range(1, 13):
            start = dt.date(YEAR, month, 1)
            due = (dt.date(YEAR, month + 1, 1) if month < 12 else dt.date(YEAR + 1, 1, 1)) - dt.timedelta(days=1)
            occurrences.append(Occurrence(plan=plan, assignment=a, label=f"Tháng {month}/{YEAR}", start=start, due=due))
    Occurrence.objects.bulk_create(occurrences, batch_size=5000)
    logged = []
    for i in range(results):
        a = assignments[rng.randrange(len(assignments))]
        day = dt.date(YEAR, 1, 1) + dt.timedelta(days=rng.randrange(340))
        kind = KINDS[rng.randrange(len(KINDS))]
        logged.append(
            LoggedResult(
                plan=plan,
                unit_id=a.unit_id,
                assignment=a,
                date=day,
                kind=kind,
                pillar=a.pillar,
                title=f"Hoạt động tuyên truyền số {i}",
                title_key=result_title_key(f"Hoạt động tuyên truyền số {i}"),
                link=f"https://xa.example.vn/tin/{i}" if i % 3 == 0 else "",
                participants=rng.randrange(20, 300) if kind in ("conference", "dialogue", "contest") else None,
                reach=rng.randrange(100, 5000) if kind in ("portal_news", "social_post") else None,
            )
        )
    LoggedResult.objects.bulk_create(logged, batch_size=5000)
    # first_result_on as the execution services keep it: the earliest result in each occurrence's window.
    firsts: dict[tuple[int, int], dt.date] = {}
    for r in logged:
        key = (r.assignment_id, r.date.month)
        if key not in firsts or r.date < firsts[key]:
            firsts[key] = r.date
    updates = []
    for occ in Occurrence.objects.filter(plan=plan).only("id", "assignment_id", "start"):
        first = firsts.get((occ.assignment_id, occ.start.month))
        if first is not None:
            occ.first_result_on = first
            updates.append(occ)
    Occurrence.objects.bulk_update(updates, ["first_result_on"], batch_size=5000)
    (period,) = services.sync_periods(None, plan)
    with connection.cursor() as cursor:
        # Planner statistics, as PostgreSQL's autovacuum keeps them (and a maintained SQLite has from ANALYZE).
        cursor.execute("ANALYZE")
    return plan, period


def timed(label: str, func):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    value = func()
    print(f"{label:<48} {time.perf_counter() - start:7.2f} s")
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=150)
    parser.add_argument("--results", type=int, default=50_000)
    parser.add_argument("--keep", help="Write the generated documents to this folder.")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    plan, period = build(args.units, args.results)
    print(
        f"synthetic data: {args.units} units, {Assignment.objects.count()} assignments, "
        f"{Occurrence.objects.count()} occurrences, {LoggedResult.objects.count()} results "
        f"({time.perf_counter() - start:.1f} s, not timed)"
    )
    on = dt.date(YEAR, 12, 20)
    total = time.perf_counter()
    data = timed("consolidated: figures of every unit", lambda: printing.consolidated_data(period, on))
    docx = timed(
        "consolidated: .docx (tables, 2 charts, annex)",
        lambda: printing.consolidated_docx(data, services.consolidated_for(period)),
    )
    xlsx = timed("consolidated: .xlsx annex", lambda: printing.consolidated_xlsx(data))
    print(f"{'consolidated report, total':<48} {time.perf_counter() - total:7.2f} s  (target < 10 s)")
    unit = Unit.objects.filter(kind=UnitKind.COMMUNE).first()
    assert unit is not None
    total = time.perf_counter()
    report = timed("unit report: open (pre-fill from results)", lambda: services.open_report(None, period, unit))
    services.save_report(None, report, results="Đã thực hiện đầy đủ các nhiệm vụ được giao.")
    unit_docx = timed("unit report: .docx", lambda: printing.unit_report_docx(report))
    print(f"{'unit report, total':<48} {time.perf_counter() - total:7.2f} s  (target < 1 s)")
    timed("scores and ranking of every unit (year)", lambda: services.compute_scores(None, plan, YEAR, on=on))
    print(
        f"sizes: consolidated .docx {len(docx) // 1024} KB, .xlsx {len(xlsx) // 1024} KB, "
        f"unit .docx {len(unit_docx) // 1024} KB"
    )
    if args.keep:
        out = Path(args.keep)
        out.mkdir(parents=True, exist_ok=True)
        (out / "tong-hop.docx").write_bytes(docx)
        (out / "phu-luc.xlsx").write_bytes(xlsx)
        (out / "don-vi.docx").write_bytes(unit_docx)


if __name__ == "__main__":
    main()
