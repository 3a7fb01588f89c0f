"""gunicorn settings for every installation (scripts/start.sh and the systemd unit both use this file).

Environment: CCHC_ADDR (bind address, default 127.0.0.1:8000), WEB_CONCURRENCY (worker processes, default cores + 1),
WEB_THREADS (threads per worker, default 2), WEB_TIMEOUT (seconds, default 60), FORWARDED_ALLOW_IPS (proxies whose
X-Forwarded-* headers are trusted, default 127.0.0.1).
"""

import multiprocessing
import os
import shutil
from pathlib import Path

data_dir = Path(os.environ.get("CCHC_DATA_DIR", Path(__file__).resolve().parent.parent / "var"))
# Prometheus counters of all workers are summed through files in this directory (cleared at each start).
metrics_dir = Path(os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", str(data_dir / "prometheus")))

bind = os.environ.get("CCHC_ADDR", "127.0.0.1:8000").split(",")
workers = int(os.environ.get("WEB_CONCURRENCY", str(multiprocessing.cpu_count() + 1)))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "2"))
timeout = int(os.environ.get("WEB_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Load the application once in the master: start-up checks run once and refuse before any worker forks.
preload_app = True
# Recycle workers now and then so a slow leak never grows without bound.
max_requests = 5000
max_requests_jitter = 500
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Requests are logged by the application (one JSON line each, with its request id); gunicorn logs its own events.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "cchc-web"
# No control socket: several installations may share a machine (and a home directory).
control_socket_disable = True


def on_starting(server):
    shutil.rmtree(metrics_dir, ignore_errors=True)
    metrics_dir.mkdir(parents=True, exist_ok=True)


def post_fork(server, worker):
    # Connections opened by the start-up checks in the master must not be shared with the workers.
    from django.db import connections

    connections.close_all()


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
