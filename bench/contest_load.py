"""Load bench of a contest round: 3,000 takers start in the same minute, autosave every 30 s and submit in the
same final minute, against the production server set-up (gunicorn, deploy/gunicorn.conf.py, DEBUG off) on
PostgreSQL, with Locust as the load generator on loopback. Then every answer the generator's users sent and were
told was kept is checked against the database: nothing lost, nothing counted twice.

Usage (one command: it creates a throwaway PostgreSQL database on the server --pg names and drops it afterwards;
REDIS_URL, if set, is the shared cache as in production):
    pip install -e '.[bench]'
    [REDIS_URL=redis://127.0.0.1:6379/7] .venv/bin/python bench/contest_load.py \\
        [--pg postgresql://postgres@127.0.0.1:5432/postgres --users 3000 --spawn-rate 50 --minutes 3 --workers 4]
A short run: --users 300 --spawn-rate 20 --minutes 1. Prints the figures (p50/p95/max per step, failures, the
database check) and exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")

STEPS = {"2 bắt đầu": "start", "4 lưu tự động": "autosave", "5 nộp bài": "submit"}
TARGET_P95_MS = 1000


def _world(minutes: float, questions: int) -> tuple[int, list[int]]:
    """A province with 60 offices, its home-affairs department's bank of 100 questions and a round open now."""
    from django.utils import timezone

    from cchc.accounts.models import Role, User
    from cchc.contests import services
    from cchc.questions.tests.factories import choice_row, filled_bank
    from cchc.units.models import Unit, UnitKind

    mark = timezone.now().strftime("%Y%m%d%H%M%S")
    province = Unit.objects.create(name=f"UBND tỉnh Thử tải {mark}", kind=UnitKind.PROVINCE)
    office = Unit.objects.create(name="Sở Nội vụ", kind=UnitKind.DEPARTMENT, parent=province)
    units = [
        Unit.objects.create(name=f"Phòng {i} thử tải", kind=UnitKind.DEPARTMENT, parent=province) for i in range(60)
    ]
    owner = User.objects.create(username=f"bench_{mark}", role=Role.OWNER, unit=office)
    rows = [choice_row(f"Câu hỏi thử tải số {i}", ("Dễ", "Trung bình", "Khó")[i % 3]) for i in range(100)]
    bank = filled_bank(owner, office, rows, name=f"Ngân hàng thử tải {mark}")
    contest = services.create_contest(owner, title=f"Thử tải {mark}", description="", bank=bank)
    now = timezone.now()
    per = questions // 3
    round_ = services.add_round(
        owner,
        contest,
        services.RoundInput(
            opens_at=now - dt.timedelta(minutes=1),
            closes_at=now + dt.timedelta(hours=2),
            duration_minutes=max(1, round(minutes)),
            easy_count=questions - 2 * per,
            medium_count=per,
            hard_count=per,
        ),
    )
    return round_.pk, [u.pk for u in units]


def _server(port: int, workers: int, threads: int, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "CCHC_ENV": "production",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "bench-" + os.urandom(32).hex(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CCHC_ADDR": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(workers),
        "WEB_THREADS": str(threads),
        "GUNICORN_LOG_LEVEL": "warning",
        "LOG_LEVEL": "WARNING",
    }
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    # The request log (a JSON line per request on stderr) goes to a file: a pipe nobody reads would fill and stall
    # the workers.
    with open(log, "ab") as sink:
        proc = subprocess.Popen([gunicorn, "-c", "deploy/gunicorn.conf.py", "cchc.wsgi"], cwd=ROOT, env=env,
                                stdout=sink, stderr=sink)  # fmt: skip
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return proc
        except OSError as exc:
            if proc.poll() is not None:
                raise SystemExit("The server did not start:\n" + log.read_text(errors="replace")[-3000:]) from exc
            time.sleep(0.5)
    proc.terminate()
    raise SystemExit("The server did not answer /healthz within a minute.")


def _warm_up(port: int, round_id: int, workers: int) -> None:
    """A few pages per worker before the rush, as a server that has been up for a while has served them: each fresh
    worker compiles its templates on its first requests (about a second each on this machine)."""
    for _ in range(workers * 8):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/cuoc-thi/vong/{round_id}/", timeout=60).read()


def _locust(args: argparse.Namespace, round_id: int, units: list[int], record: Path, out: Path) -> None:
    locust = shutil.which("locust", path=str(Path(sys.executable).parent)) or shutil.which("locust")
    if locust is None:
        raise SystemExit("Locust is not installed: pip install -e '.[bench]'")
    duration = args.minutes * 60
    run_time = int(duration + args.users / args.spawn_rate + 60)
    env = {
        **os.environ,
        "BENCH_ROUND": str(round_id),
        "BENCH_UNITS": ",".join(map(str, units)),
        "BENCH_DURATION_SECONDS": str(duration),
        "BENCH_RECORD": str(record),
        "BENCH_FIRST_NUMBER": str(int(time.time()) % 10_000_000 * 10),
    }
    command = [locust, "-f", str(ROOT / "bench" / "contest_locustfile.py"), "--headless", "--host",
               f"http://127.0.0.1:{args.port}", "-u", str(args.users), "-r", str(args.spawn_rate),
               "--run-time", f"{run_time}s", "--stop-timeout", "90", "--csv", str(out / "locust"),
               "--only-summary", "--loglevel", "WARNING"]  # fmt: skip
    subprocess.run(command, env=env, check=False)


def _percentiles(out: Path) -> dict[str, dict[str, float]]:
    figures = {}
    with open(out / "locust_stats.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["Name"] in STEPS or row["Name"] in ("1 trang đăng ký", "3 đề thi", "5a trang xác nhận nộp"):
                figures[row["Name"]] = {
                    "requests": int(row["Request Count"]),
                    "failures": int(row["Failure Count"]),
                    "p50": float(row["50%"]),
                    "p95": float(row["95%"]),
                    "max": float(row["Max Response Time"]),
                }
    return figures


def _check(round_id: int, record: Path) -> dict[str, int]:
    """The generator's record against the database."""
    from cchc.contests import identity
    from cchc.contests.models import Attempt

    sent = [json.loads(line) for line in record.read_text(encoding="utf-8").splitlines() if line.strip()]
    attempts = {a.token: a for a in Attempt.objects.filter(round_id=round_id)}
    keys = {identity.person_key(r["cccd"]) for r in sent if r.get("token")}
    counts = {
        "users": len(sent),
        "started": sum(1 for r in sent if r.get("token")),
        "attempts_in_database": len(attempts),
        "people_in_database": len({a.person_key for a in attempts.values()}),
        "attempts_without_a_user": len(set(attempts) - {r.get("token") for r in sent}),
        "submitted": sum(1 for r in sent if r.get("submitted")),
        "submitted_after_the_deadline": 0,
        "answers_lost_or_changed": 0,
        "saves_acknowledged": 0,
        "saves_counted": 0,
        "errors": sum(1 for r in sent if r.get("error")),
    }
    counts["people_not_matching"] = len(keys ^ {a.person_key for a in attempts.values()})
    for r in sent:
        attempt = attempts.get(r.get("token", ""))
        if attempt is None:
            continue
        counts["saves_acknowledged"] += sum(1 for s in r["saves"] if s["ok"])
        counts["saves_counted"] += attempt.save_count
        if r.get("submitted") and attempt.auto_submitted:
            # The submit arrived after the deadline and its grace: refused by design, the answers last saved kept.
            counts["submitted_after_the_deadline"] += 1
        elif r.get("submitted"):
            expected = {k: [v] for k, v in r["answers"].items()}
            if attempt.answers != expected or attempt.guess != r["guess"] or attempt.submitted_at is None:
                counts["answers_lost_or_changed"] += 1
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=3000)
    parser.add_argument("--spawn-rate", type=float, default=50.0, help="users started per second (3000/50 = 60 s)")
    parser.add_argument("--minutes", type=float, default=3.0, help="the round's time limit")
    parser.add_argument("--questions", type=int, default=15)
    parser.add_argument("--port", type=int, default=8107)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres",
                        help="a PostgreSQL server (any database of it) where the bench creates its own")  # fmt: skip
    args = parser.parse_args()
    import psycopg

    name = f"cchc_contest_bench_{os.getpid()}"
    admin = psycopg.connect(args.pg, autocommit=True)
    admin.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = args.pg.rsplit("/", 1)[0] + f"/{name}"
    try:
        return _run(args)
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _run(args: argparse.Namespace) -> int:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    round_id, units = _world(args.minutes, args.questions)
    out = Path(tempfile.mkdtemp(prefix="contest-load-"))
    record = out / "record.jsonl"
    server = _server(args.port, args.workers, args.threads, out / "server.log")
    try:
        _warm_up(args.port, round_id, args.workers)
        began = time.monotonic()
        _locust(args, round_id, units, record, out)
        elapsed = time.monotonic() - began
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    figures = _percentiles(out)
    counts = _check(round_id, record)
    print(f"Contest load: {args.users} takers, {args.spawn_rate:g}/s started, {args.minutes:g} min papers of "
          f"{args.questions} questions; gunicorn {args.workers} workers × {args.threads} threads on "
          f"{os.cpu_count()} cores; cache {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[1]}; "
          f"run {elapsed:.0f} s (files in {out})")  # fmt: skip
    print(f"{'step':<18}{'requests':>9}{'failures':>9}{'p50 ms':>8}{'p95 ms':>8}{'max ms':>8}")
    for name, f in figures.items():
        print(f"{name:<18}{f['requests']:>9}{f['failures']:>9}{f['p50']:>8.0f}{f['p95']:>8.0f}{f['max']:>8.0f}")
    print(json.dumps(counts, indent=1))
    missed = [name for name in STEPS if figures.get(name, {}).get("p95", 1e9) >= TARGET_P95_MS]
    lost = counts["answers_lost_or_changed"] or counts["attempts_without_a_user"] or counts["people_not_matching"]
    # A save the server kept but whose answer never reached the client is counted, not acknowledged: only fewer
    # counted than acknowledged would be a loss.
    lost = lost or counts["saves_counted"] < counts["saves_acknowledged"]
    lost = lost or counts["attempts_in_database"] != counts["started"]
    print("targets:", "p95 < 1 s missed for " + ", ".join(missed) if missed else "p95 < 1 s met",
          "; answers:", "LOST OR DUPLICATED" if lost else "none lost, none duplicated")  # fmt: skip
    return 1 if missed or lost else 0


if __name__ == "__main__":
    raise SystemExit(main())
