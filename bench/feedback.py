"""Benchmark of citizens' feedback: 100,000 items over 150 units and two years (public list, status page, owner's
figures), and 200 simultaneous submissions through a real HTTP load generator (wrk) on loopback.

Usage (one command for both parts; about 4 minutes on a quiet 2-core machine):
  python bench/feedback.py [--items 100000] [--units 150]      pages, on a throw-away SQLite database, then
                           [--submissions 200] [--pg postgresql://postgres@127.0.0.1:5432/postgres]
                                                             the burst, on a throw-away PostgreSQL database
                                                             (--submissions 0: pages only; wrk must be installed)
Targets: public list and status page median < 200 ms, owner's figures < 300 ms; every submission stored once,
every code unique. The machine may be shared: the figures printed say what this run measured, nothing more.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="bench-feedback-"))
os.environ["CCHC_DATA_DIR"] = str(WORK)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
os.environ.setdefault("ACCESS_LOG", "0")  # one log line per request would drown the figures
WORDS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười")


def median_ms(run: object, repeat: int = 25) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def pages(items: int, units: int) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from cchc.accounts.models import Role, User
    from cchc.feedback.models import Channel, FeedbackItem, Status, Topic
    from cchc.feedback.services import answer_due
    from cchc.units.models import Unit, UnitKind

    call_command("migrate", verbosity=0)
    rng = random.Random(11)
    province = Unit.objects.create(name="UBND tỉnh Thử Nghiệm", kind=UnitKind.PROVINCE, locality="Thử Nghiệm")
    owner_office = Unit.objects.create(name="Sở Nội vụ", kind=UnitKind.DEPARTMENT, parent=province)
    members = [
        Unit.objects.create(name=f"UBND xã Số {i:03d}", kind=UnitKind.COMMUNE, parent=province, locality=f"Số {i:03d}")
        for i in range(units)
    ]
    owner = User.objects.create_user("bench-owner", password="x" * 12, role=Role.OWNER, unit=owner_office)
    start, days = dt.date(2024, 1, 1), 730
    due_cache: dict[dt.date, dt.date] = {}
    per_day: dict[dt.date, int] = {}
    batch: list[FeedbackItem] = []
    t0 = time.perf_counter()
    for n in range(items):
        day = start + dt.timedelta(days=rng.randrange(days))
        per_day[day] = per_day.get(day, 0) + 1
        due = due_cache.setdefault(day, answer_due(day))
        answered = rng.random() < 0.8
        answered_on = due + dt.timedelta(days=rng.randint(-9, 3)) if answered else None
        unit = members[n % units]
        batch.append(
            FeedbackItem(
                code=f"PAKN.{day:%Y%m%d}.{per_day[day]:04d}",
                channel=rng.choice(Channel.values),
                topic=rng.choice(Topic.values),
                locality=unit,
                unit=unit,
                content=f"Phản ánh số {n} về thủ tục chứng thực bản sao tại xã, hồ sơ bị trả lại nhiều lần.",
                public_content=f"Phản ánh số {n} về thủ tục chứng thực bản sao tại xã.",
                sender_name=f"Người gửi {n}",
                sender_phone=f"09{n:08d}",
                publish_consent=rng.random() < 0.6,
                status=Status.CLOSED if answered else Status.ASSIGNED,
                received_at=timezone.make_aware(dt.datetime.combine(day, dt.time(9))),
                received_on=day,
                due_on=due,
                answer="Đơn vị đã kiểm tra và hướng dẫn người dân bổ sung hồ sơ theo quy định." if answered else "",
                answered_on=max(answered_on, day) if answered_on else None,
                satisfied=(rng.random() < 0.85) if answered and rng.random() < 0.5 else None,
            )
        )
        if len(batch) == 5000:
            FeedbackItem.objects.bulk_create(batch)
            batch = []
    FeedbackItem.objects.bulk_create(batch)
    print(f"built {items:,} items over {units} units and two years in {time.perf_counter() - t0:.1f} s (not timed)")

    public = Client()
    sample = FeedbackItem.objects.order_by("?").first()
    assert sample is not None
    follower = Client()
    response = follower.post("/phan-anh/tra-cuu/", {"code": sample.code, "contact": sample.sender_phone})
    assert response.status_code == 302, response.status_code
    staff = Client()
    staff.force_login(owner)
    checks = [
        ("public list, first page", lambda: public.get("/phan-anh/"), 200),
        ("public list, search + topic", lambda: public.get("/phan-anh/", {"q": "chứng thực", "linh_vuc": "fees"}), 200),
        ("public list, page 200", lambda: public.get("/phan-anh/", {"trang": 200}), 200),
        ("status page (code + phone)", lambda: follower.get(response["Location"]), 200),
        ("owner's figures, 2025", lambda: staff.get("/phan-anh/quan-ly/so-lieu/", {"nam": 2025}), 300),
        ("owner's inbox, overdue", lambda: staff.get("/phan-anh/quan-ly/", {"trang_thai": "overdue"}), 300),
    ]
    for label, run, target in checks:
        ms = median_ms(run)
        print(f"{label:32s} median {ms:7.1f} ms  (target < {target} ms) {'OK' if ms < target else 'SLOW'}")


def _form(base: str) -> tuple[str, str]:
    """One person's form: GET it (cookie, CSRF, challenge), fill it; returns (cookie header, urlencoded body)."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/phan-anh/gui/", timeout=30).read().decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    token = re.search(r'name="form_token" value="([^"]+)"', page)
    quiz = re.search(r"(\w+) cộng (\w+) bằng mấy", page)
    assert csrf and token and quiz
    answer = WORDS.index(quiz.group(1).lower()) + WORDS.index(quiz.group(2))
    n = random.randrange(10**8)
    body = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": csrf.group(1),
            "form_token": token.group(1),
            "challenge": str(answer),
            "topic": "procedure",
            "content": f"Phản ánh thử tải số {n}: thủ tục chứng thực bị trả hồ sơ.",
            "sender_name": "Người thử tải",
            "sender_phone": f"09{n:08d}",
            "consent": "on",
        }
    )
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    return cookie, body


def burst(submissions: int, pg_url: str, port: int, seconds: int) -> None:
    """`submissions` people send at once through wrk (one connection each; wrk keeps resending the same forms for
    the rest of its `seconds`: double submissions), against gunicorn on a fresh PostgreSQL database. Requests still
    in the server when wrk stops are let finish before the items are counted."""
    import psycopg

    name = f"cchc_feedback_bench_{os.getpid()}"
    admin = psycopg.connect(pg_url, autocommit=True)
    admin.execute(f'CREATE DATABASE "{name}"')
    url = pg_url.rsplit("/", 1)[0] + f"/{name}"
    env = dict(os.environ, DATABASE_URL=url, FEEDBACK_SUBMISSIONS_PER_HOUR="1000000", DEBUG="0",
               SECRET_KEY="bench-" + "x" * 60, ALLOWED_HOSTS="127.0.0.1", LOG_FORMAT="text")  # fmt: skip
    env.pop("REDIS_URL", None)
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "--verbosity", "0"], cwd=ROOT, env=env, check=True)
    server = subprocess.Popen(
        [python, "-m", "gunicorn", "cchc.wsgi", "-b", f"127.0.0.1:{port}", "-w", "3", "--threads", "8",
         "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        forms = [_form(base) for _ in range(submissions)]
        lua = WORK / "submit.lua"
        entries = ",\n".join(f"{{{_lua(c)}, {_lua(b)}}}" for c, b in forms)
        lua.write_text(
            f"local forms = {{\n{entries}\n}}\nlocal i = 0\n"
            "request = function()\n  i = i + 1\n  local f = forms[((i - 1) % #forms) + 1]\n"
            '  return wrk.format("POST", "/phan-anh/gui/", {["Content-Type"] = "application/x-www-form-urlencoded",'
            ' ["Cookie"] = f[1], ["Referer"] = "' + base + '/phan-anh/gui/"}, f[2])\nend\n',
            encoding="utf-8",
        )
        wrk = shutil.which("wrk")
        assert wrk, "wrk (apt-get install wrk) is the load generator"
        out = subprocess.run(
            [wrk, "-t1", f"-c{submissions}", f"-d{seconds}s", "--timeout", "30s", "--latency", "-s", str(lua), base],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        print(out)
        counted: tuple[int, int] | None = None
        with psycopg.connect(url, autocommit=True) as conn:
            for _ in range(60):  # until two readings a second apart agree: nothing left in flight
                now = conn.execute("SELECT count(*), count(DISTINCT code) FROM feedback_feedbackitem").fetchone()
                if now == counted:
                    break
                counted = now
                time.sleep(1)
        stored, codes = counted or (0, 0)
        print(f"{submissions} people sent at once (and again, for {seconds} s): {stored} items stored, {codes}"
              f" distinct codes → {'OK' if stored == codes == submissions else 'WRONG'}")  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=30)
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(WORK, ignore_errors=True)


def _lua(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--units", type=int, default=150)
    parser.add_argument("--submissions", type=int, default=200)
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--port", type=int, default=8106)
    parser.add_argument("--seconds", type=int, default=10, help="how long wrk keeps sending (the burst)")
    args = parser.parse_args()
    pages(args.items, args.units)
    if args.submissions:
        burst(args.submissions, args.pg, args.port, args.seconds)
    shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
