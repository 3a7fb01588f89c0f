"""The production server: DEBUG off unless asked, a generated secret key, `check --deploy` clean with the documented
variables, start-up refused on unsafe settings or unreachable servers, headers and error pages."""

from __future__ import annotations

import os
import re
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management.utils import get_random_secret_key
from django.test import Client
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[3]
VARIABLES = ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "CCHC_ENV")


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run(command: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`manage.py COMMAND`, or Python code starting with 'import', in a fresh process of a fresh installation with
    only the given variables set."""
    clean = {k: v for k, v in os.environ.items() if k not in VARIABLES and k != "DJANGO_SETTINGS_MODULE"}
    clean.update({"CCHC_DATA_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", **env})
    if command.startswith("import"):
        args = ["-c", f"import os; os.environ['DJANGO_SETTINGS_MODULE'] = 'cchc.settings'; {command}"]
    else:
        args = ["manage.py", *command.split()]
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120)


SHOW = "import django; django.setup(); from django.conf import settings as s; print(s.DEBUG, s.SECRET_KEY)"


def test_debug_is_off_unless_a_developer_asks(tmp_path: Path) -> None:
    assert run(SHOW, tmp_path).stdout.split()[0] == "False"
    assert run(SHOW, tmp_path, DEBUG="1").stdout.split()[0] == "True"


def test_the_embedded_default_generates_one_private_secret_key(tmp_path: Path) -> None:
    first = run(SHOW, tmp_path).stdout.split()[1]
    second = run(SHOW, tmp_path).stdout.split()[1]
    key_file = tmp_path / "secret_key"
    assert first == second == key_file.read_text().strip()
    assert len(first) >= 50
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    # Another data directory (another installation) gets another key.
    other = tmp_path / "other"
    other.mkdir()
    assert run(SHOW, other).stdout.split()[1] != first


def test_check_deploy_is_clean_with_the_documented_production_variables(tmp_path: Path) -> None:
    production = {"SECRET_KEY": get_random_secret_key(), "ALLOWED_HOSTS": "cchc.tuyenquang.gov.vn", "HTTPS": "1"}
    clean = run("check --deploy --fail-level WARNING", tmp_path, **production)
    assert clean.returncode == 0, clean.stderr
    # Without HTTPS=1 the same check names what is missing.
    plain = run("check --deploy --fail-level WARNING", tmp_path, **{**production, "HTTPS": "0"})
    assert plain.returncode != 0
    assert "SESSION_COOKIE_SECURE" in plain.stderr


def test_preflight_accepts_the_embedded_default(tmp_path: Path) -> None:
    done = run("preflight", tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Sẵn sàng khởi động" in done.stdout


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SECRET_KEY": "matkhau123"}, "SECRET_KEY quá yếu"),
        ({"SECRET_KEY": "django-insecure-" + "x" * 60}, "SECRET_KEY quá yếu"),
        ({"SECRET_KEY": "a" * 80}, "SECRET_KEY quá yếu"),
        ({"CCHC_ENV": "production"}, "Thiếu SECRET_KEY"),
        ({"DEBUG": "1", "ALLOWED_HOSTS": "cchc.gov.vn,127.0.0.1"}, "DEBUG=1 chỉ dùng khi phát triển"),
        ({"DEBUG": "1", "ALLOWED_HOSTS": "*"}, "DEBUG=1 chỉ dùng khi phát triển"),
        ({"DATABASE_URL": "postgresql://postgres@127.0.0.1:{port}/cchc"}, "Không kết nối được cơ sở dữ liệu"),
        ({"REDIS_URL": "redis://127.0.0.1:{port}/7"}, "Không kết nối được Redis ở REDIS_URL"),
    ],
)
def test_the_server_refuses_to_start_and_says_why(tmp_path: Path, env: dict[str, str], message: str) -> None:
    port = str(closed_port())
    env = {k: v.replace("{port}", port) for k, v in env.items()}
    # The WSGI module is what gunicorn (or any WSGI server) loads: importing it must stop the server.
    refused = run("import cchc.wsgi", tmp_path, **env)
    assert refused.returncode == 3
    assert message in refused.stderr
    assert "Traceback" not in refused.stderr
    assert run("preflight", tmp_path, **env).returncode == 3


def test_a_strong_key_and_local_debug_are_accepted(tmp_path: Path) -> None:
    done = run("preflight", tmp_path, SECRET_KEY=get_random_secret_key(), DEBUG="1", ALLOWED_HOSTS="localhost")
    assert done.returncode == 0, done.stderr


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_except_framing_for_the_widget(client: Client) -> None:
    page = client.get("/")
    policy = page["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'self'" in policy
    widget = client.get(reverse("assistant:widget"))
    assert widget.status_code == 200
    assert "default-src 'self'" in widget["Content-Security-Policy"]
    assert "frame-ancestors" not in widget["Content-Security-Policy"]


@pytest.mark.django_db
def test_api_docs_load_every_asset_from_this_site(client: Client, admin_client: Client) -> None:
    page = admin_client.get(reverse("api:openapi-view"))
    assert page.status_code == 200
    html = page.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets and all(a.startswith("/static/") for a in assets), assets
    for asset in assets:
        served = client.get(asset)
        assert served.status_code == 200, asset
        b"".join(served.streaming_content)  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_errors_are_vietnamese_pages_without_debug_details(client: Client) -> None:
    missing = client.get("/khong-co-trang-nay/")
    assert missing.status_code == 404
    text = missing.content.decode()
    assert "Không tìm thấy trang" in text and 'lang="vi"' in text
    assert "Traceback" not in text and "urlpatterns" not in text
