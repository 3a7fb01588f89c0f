"""Load bench of the production stack: wrk on loopback through nginx → gunicorn → PostgreSQL + Redis.

Usage (brings the stack of deploy/ up, runs this, tears it down; the assistant's rate limit raised for the bench):
    ASSISTANT_RATE_PER_MINUTE=100000000 WEB_CONCURRENCY=3 bash scripts/prod-smoke.sh python bench/load.py [--seconds 10]
Needs Debian's wrk. Measures each page for --seconds after a short warm-up and prints requests per second,
latency percentiles and errors against the targets of issue 19: public progress and procedure pages ≥ 500 req/s;
the assistant (a repeated question) ≥ 200 req/s with p95 < 300 ms; the owner dashboard ≥ 60 req/s with
p95 < 400 ms at 20 connections; no errors anywhere.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cchc.ops.smoke import Client

# wrk's summary as one JSON line (latencies in microseconds).
REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests": %d, "seconds": %f, "errors": %d, "p50": %d, "p95": %d, "p99": %d}\\n',
    summary.requests, summary.duration / 1e6, e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


@dataclass
class Target:
    name: str
    path: str
    connections: int
    min_rps: float
    max_p95_ms: float | None = None
    cookie: str = ""


def wrk(base: str, target: Target, seconds: int, script: Path) -> dict[str, float]:
    command = ["wrk", "-t2", f"-c{target.connections}", f"-d{seconds}s", "--timeout", "5s", "-s", str(script)]
    if target.cookie:
        command += ["-H", f"Cookie: {target.cookie}"]
    out = subprocess.run([*command, base + target.path], capture_output=True, text=True, check=True).stdout
    line = next(line for line in out.splitlines() if line.startswith("{"))
    figures: dict[str, float] = json.loads(line)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    args = parser.parse_args()
    base = os.environ["CCHC_BASE_URL"]
    world = json.loads(os.environ["CCHC_SMOKE_WORLD"])

    owner = Client(base)
    owner.request("/tai-khoan/dang-nhap/")
    assert (
        owner.post_form("/tai-khoan/dang-nhap/", {"username": "smoke_owner", "password": world["password"]}).status
        == 302
    )
    session = "; ".join(f"{c.name}={c.value}" for c in owner.jar)
    listing = owner.request("/thu-tuc/").read().decode()
    match = re.search(r'href="(/thu-tuc/[^"/]+/)"', listing)
    assert match, "no procedure on the list"
    question = urllib.parse.urlencode({"q": "Làm giấy khai sinh cho con cần giấy tờ gì?"})
    targets = [
        Target("public progress page", f"/thuc-hien/cong-khai/{world['plan']}/", 50, 500),
        Target("procedure list", "/thu-tuc/", 50, 500),
        Target("procedure page", match.group(1), 50, 500),
        Target("assistant (repeated question)", f"/tro-ly-ao/nhung/?{question}", 20, 200, 300),
        Target("owner dashboard", f"/thuc-hien/ke-hoach/{world['plan']}/", 20, 60, 400, session),
    ]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(REPORT)
    script = Path(fh.name)
    print(f"wrk on loopback, {os.cpu_count()} cores, {os.environ.get('WEB_CONCURRENCY', '?')} gunicorn workers")
    print(f"{'page':32} {'conn':>4} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>6}  target")
    failed = 0
    try:
        for target in targets:
            wrk(base, target, args.warmup, script)
            f = wrk(base, target, args.seconds, script)
            rps = f["requests"] / f["seconds"]
            p95 = f["p95"] / 1000
            ok = rps >= target.min_rps and not f["errors"] and (target.max_p95_ms is None or p95 < target.max_p95_ms)
            failed += not ok
            goal = f"≥ {target.min_rps:g} req/s" + (f", p95 < {target.max_p95_ms:g} ms" if target.max_p95_ms else "")
            print(
                f"{target.name:32} {target.connections:>4} {rps:>8.1f} {f['p50'] / 1000:>7.1f} {p95:>7.1f} "
                f"{f['p99'] / 1000:>7.1f} {int(f['errors']):>6}  {goal}, no errors: {'met' if ok else 'NOT met'}"
            )
    finally:
        script.unlink()
    print(f"targets met: {len(targets) - failed} of {len(targets)}")


if __name__ == "__main__":
    main()
