"""A plan document whose reading was cut off by a crash (kill -9) does not stay "Đang xử lý" forever."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cchc.accounts.models import Role, User
from cchc.plans.importing.services import create_import
from cchc.plans.models import PlanImport
from cchc.units.models import Unit, UnitKind

ROOT = Path(__file__).resolve().parents[3]
NAM_DINH = ROOT / "cchc" / "plans" / "seed_data" / "documents" / "004_17ceed56154cea7b.txt"
STUCK_READER = """
import sys, time, django
django.setup()
from cchc.plans.importing import services as import_services
import_services.read_upload = lambda *args: time.sleep(600)  # the reading that never ends
import_services.run_import(int(sys.argv[1]))
"""


@pytest.fixture
def owner(db: Any) -> User:
    office = Unit.objects.create(name="Sở Nội vụ", kind=UnitKind.DEPARTMENT, locality="Nam Định")
    return User.objects.create_user(username="noivu", role=Role.OWNER, unit=office)


def _cut_off(record: PlanImport, attempts: int, minutes_ago: int = 10) -> None:
    """What a crash leaves: the reading started (and counted) long ago, nobody finished it."""
    when = timezone.now() - dt.timedelta(minutes=minutes_ago)
    PlanImport.objects.filter(pk=record.pk).update(status=PlanImport.Status.RUNNING, attempts=attempts, updated_at=when)


def _status_page(owner: User, record: PlanImport) -> Any:
    client = Client()
    client.force_login(owner)
    return client.get(reverse("plans:import_status", args=[record.pk]))


def test_a_reading_cut_off_once_is_read_again_when_the_user_looks(owner: User) -> None:
    record = create_import(owner, NAM_DINH.name, NAM_DINH.read_bytes())
    _cut_off(record, attempts=1)
    response = _status_page(owner, record)
    assert response["HX-Redirect"] == reverse("plans:import_review", args=[record.pk])
    record.refresh_from_db()
    assert (record.status, record.attempts) == (PlanImport.Status.READY, 2) and record.draft["title"]


def test_a_reading_cut_off_twice_fails_with_a_vietnamese_reason(owner: User) -> None:
    record = create_import(owner, NAM_DINH.name, NAM_DINH.read_bytes())
    _cut_off(record, attempts=2)
    html = _status_page(owner, record).content.decode()
    assert "bị gián đoạn" in html and "sau 2 lần thử" in html and "hx-get" not in html
    record.refresh_from_db()
    assert record.status == PlanImport.Status.FAILED and bytes(record.upload) == b""


def test_a_reading_still_within_its_time_is_left_alone(owner: User) -> None:
    record = create_import(owner, NAM_DINH.name, NAM_DINH.read_bytes())
    _cut_off(record, attempts=1, minutes_ago=1)
    assert "Đang xử lý" in _status_page(owner, record).content.decode()
    call_command("recover_imports")
    record.refresh_from_db()
    assert record.status == PlanImport.Status.RUNNING


def test_the_periodic_job_recovers_every_stale_import(owner: User, capsys: Any) -> None:
    first = create_import(owner, NAM_DINH.name, NAM_DINH.read_bytes())
    second = create_import(owner, "b.txt", NAM_DINH.read_bytes())
    _cut_off(first, attempts=1)
    _cut_off(second, attempts=2)
    call_command("recover_imports")
    assert "Đọc lại: 1; báo lỗi (hết lượt thử): 1." in capsys.readouterr().out
    statuses = dict(PlanImport.objects.values_list("pk", "status"))
    assert statuses == {first.pk: PlanImport.Status.READY, second.pk: PlanImport.Status.FAILED}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="another process must see the test database")
@pytest.mark.django_db(transaction=True)
def test_a_reader_killed_mid_way_is_detected_and_read_again(owner: User, settings: Any) -> None:
    record = create_import(owner, NAM_DINH.name, NAM_DINH.read_bytes())
    db = connection.settings_dict
    url = f"postgresql://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "cchc.settings"}
    reader = subprocess.Popen([sys.executable, "-c", STUCK_READER, str(record.pk)], cwd=ROOT, env=env)
    try:
        deadline = time.monotonic() + 60
        while PlanImport.objects.get(pk=record.pk).status != PlanImport.Status.RUNNING:
            assert time.monotonic() < deadline and reader.poll() is None, "the reader never started"
            time.sleep(0.2)
    finally:
        reader.send_signal(signal.SIGKILL)
        reader.wait()
    record.refresh_from_db()
    assert record.status == PlanImport.Status.RUNNING and record.attempts == 1
    assert "Đang xử lý" in _status_page(owner, record).content.decode()  # not yet stale: it may still be working
    settings.PLAN_IMPORT_STALE_SECONDS = 0
    response = _status_page(owner, record)
    assert response["HX-Redirect"] == reverse("plans:import_review", args=[record.pk])
    record.refresh_from_db()
    assert (record.status, record.attempts) == (PlanImport.Status.READY, 2)
