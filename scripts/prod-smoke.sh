#!/usr/bin/env bash
# The production stack of deploy/ brought up on this machine, a smoke test through nginx, then everything torn down:
# Debian's nginx (deploy/nginx-cchc.conf, without TLS, on 127.0.0.1:$SMOKE_PORT), gunicorn, a Celery worker and beat
# (the commands of deploy/systemd/*.service, which systemd-analyze verifies), the running PostgreSQL (a fresh
# database) and Redis (database $SMOKE_REDIS_DB, emptied afterwards). Under two minutes.
# Arguments, if any, are a command run against the stack after the smoke test, before the teardown, with
# CCHC_BASE_URL and CCHC_SMOKE_WORLD (JSON: accounts, plan, assignment) set: `bash scripts/prod-smoke.sh python bench/load.py`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
port=${SMOKE_PORT:-8105}
web_port=${SMOKE_WEB_PORT:-$((port + 1000))}
redis_db=${SMOKE_REDIS_DB:-5}
pg=${SMOKE_PG:-postgresql://postgres@127.0.0.1:5432}
run=$(mktemp -d /tmp/cchc-smoke.XXXXXX)
chmod 755 "$run"
db="cchc_smoke_$$"
pids=()
started=$(date +%s)

teardown() {
  status=$?
  [ -f "$run/nginx.conf" ] && nginx -c "$run/nginx.conf" -s quit 2>/dev/null || true
  # gunicorn's quick shutdown (INT), Celery's warm one (TERM).
  for pid in "${pids[@]}"; do kill -INT "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "$status" -ne 0 ]; then
    stage "logs"; tail -n 30 "$run"/*.log 2>/dev/null || true
  fi
  redis-cli -n "$redis_db" flushdb >/dev/null 2>&1 || true
  psql "$pg/postgres" -qc "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
  rm -rf "$run"
  stage "prod-smoke: $([ "$status" -eq 0 ] && echo passed || echo FAILED) in $(($(date +%s) - started)) s"
  exit "$status"
}
trap teardown EXIT
stage() { echo "== [$(($(date +%s) - started)) s] $*"; }

# What /etc/cchc/cchc.env holds in production (deploy/cchc.env), for this run.
export CCHC_ENV=production DEBUG=0 HTTPS=0 ALLOWED_HOSTS=127.0.0.1,localhost
export SECRET_KEY="$(python -c 'from django.core.management.utils import get_random_secret_key as g; print(g())')"
export DATABASE_URL="$pg/$db" REDIS_URL="redis://127.0.0.1:6379/$redis_db" CELERY_BROKER_URL="redis://127.0.0.1:6379/$redis_db"
export CCHC_DATA_DIR="$run" MEDIA_ROOT="$run/media" PROTECTED_MEDIA_ACCEL_PREFIX=/_protected_media/
export CCHC_ADDR="127.0.0.1:$web_port" WEB_CONCURRENCY=${WEB_CONCURRENCY:-2} LOG_LEVEL=WARNING ACCESS_LOG=0
psql "$pg/postgres" -qc "CREATE DATABASE $db"
redis-cli -n "$redis_db" flushdb >/dev/null

# The unit files: verified as systemd would read them (paths of this checkout), and their commands run below.
units="$run/units"
mkdir -p "$units"
for unit in deploy/systemd/*.service; do
  sed -e "s#/opt/cchc/.venv/bin/#$PWD/.venv/bin/#g; s#/opt/cchc#$PWD#g; s#/var/lib/cchc#$run#g" \
    -e "s#/etc/cchc/cchc.env#$run/cchc.env#; s#^User=cchc#User=root#; s#^Group=cchc#Group=root#" \
    "$unit" >"$units/$(basename "$unit")"
done
env | grep -E '^(CCHC_|DEBUG|HTTPS|ALLOWED_HOSTS|SECRET_KEY|DATABASE_URL|REDIS_URL|CELERY_|MEDIA_ROOT|PROTECTED_)' \
  >"$run/cchc.env"
if command -v systemd-analyze >/dev/null; then
  stage "systemd-analyze verify deploy/systemd"
  verified=$(SYSTEMD_LOG_LEVEL=warning systemd-analyze verify "$units"/*.service 2>&1) || { echo "$verified"; exit 1; }
  if grep -qiE "unknown|invalid|not executable" <<<"$verified"; then echo "$verified"; exit 1; fi
fi
exec_of() { sed -n "s/^$2=//p" "$units/$1.service" | head -1; }

stage "install: preflight, migrate, collectstatic, demo data"
$(exec_of cchc-web ExecStartPre)
python manage.py migrate --noinput -v 0
python manage.py collectstatic --noinput -v 0
python manage.py setup_demo >/dev/null
stage "install: the demo plan published and issued, an officer"
world=$(python -m cchc.ops.smoke prepare)

stage "start: web, worker, beat, nginx"
(cd "$PWD" && exec $(exec_of cchc-web ExecStart)) >"$run/web.log" 2>&1 & pids+=($!)
(exec $(exec_of cchc-worker ExecStart)) >"$run/worker.log" 2>&1 & pids+=($!)
(exec $(exec_of cchc-beat ExecStart)) >"$run/beat.log" 2>&1 & pids+=($!)
python - "$run" "$port" "$web_port" <<'PY'
import re, sys
run, port, web_port = sys.argv[1:]
site = open("deploy/nginx-cchc.conf", encoding="utf-8").read()
site = re.sub(r"server \{\s*listen 80;.*?\n\}\n", "", site, count=1, flags=re.S)  # no TLS here: no redirect
site = site.replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{web_port};")
site = site.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{port};")
site = re.sub(r"\s*ssl_certificate\S* [^;]+;", "", site).replace("/var/lib/cchc/", f"{run}/")
temp = "".join(f"    {kind}_temp_path {run}/nginx-{kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
open(f"{run}/site.conf", "w", encoding="utf-8").write(site)
open(f"{run}/nginx.conf", "w").write(
    f"worker_processes 1;\npid {run}/nginx.pid;\nerror_log {run}/nginx-error.log warn;\n"
    "events { worker_connections 512; }\n"
    f"http {{\n    include /etc/nginx/mime.types;\n    default_type application/octet-stream;\n"
    f"    access_log {run}/nginx-access.log;\n{temp}    include {run}/site.conf;\n}}\n"
)
PY
nginx -t -q -c "$run/nginx.conf"
nginx -c "$run/nginx.conf"
for _ in $(seq 60); do curl -fs "http://127.0.0.1:$web_port/healthz" >/dev/null && break; sleep 0.5; done
stage "wait for web and worker"
for _ in $(seq 30); do pong=$(celery -A cchc inspect ping --timeout 2 2>/dev/null | tail -1) && break; sleep 1; done
echo "worker on the broker: ${pong:?the Celery worker does not answer}"

stage "smoke test through nginx (http://127.0.0.1:$port)"
python -m cchc.ops.smoke check "http://127.0.0.1:$port" "$world"
if [ "$#" -gt 0 ]; then
  stage "$*"
  CCHC_BASE_URL="http://127.0.0.1:$port" CCHC_SMOKE_WORLD="$world" "$@"
fi
