"""Without a broker, the upload answers at once and the document is read in a thread of the web process; the
waiting screen shows how far it got, and the review screen opens once it is read."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cchc.accounts.models import Role, User
from cchc.plans.importing import services as import_services
from cchc.plans.models import PlanImport
from cchc.units.models import Unit, UnitKind

SEED = Path(__file__).resolve().parents[1] / "seed_data" / "documents" / "004_17ceed56154cea7b.txt"


@pytest.mark.django_db(transaction=True)
def test_the_upload_returns_before_the_reading_ends_and_the_review_opens_when_it_does(
    client: Client, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.BACKGROUND_THREADS = True
    province = Unit.objects.create(name="UBND tỉnh Nam Định", kind=UnitKind.PROVINCE, locality="Nam Định")
    office = Unit.objects.create(name="Sở Nội vụ", kind=UnitKind.DEPARTMENT, locality="Nam Định", parent=province)
    client.force_login(User.objects.create_user(username="noivu-nd", role=Role.OWNER, unit=office))
    release = threading.Event()
    read = import_services.read_upload

    def slow_read(data: bytes, filename: str, progress: Any = None) -> Any:
        if progress:
            progress(1, 20)  # a long scan: page 1 of 20 read
        assert release.wait(30)
        return read(data, filename)

    monkeypatch.setattr(import_services, "read_upload", slow_read)
    started = time.monotonic()
    response = client.post(reverse("plans:import_upload"), {"file": SimpleUploadedFile(SEED.name, SEED.read_bytes())})
    record = PlanImport.objects.get()
    assert response.status_code == 302 and time.monotonic() - started < 10
    deadline = time.monotonic() + 30
    while PlanImport.objects.get().pages_done == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    waiting = client.get(reverse("plans:import_review", args=[record.pk])).content.decode()
    assert "Đã nhận dạng chữ 1/20 trang quét" in waiting
    release.set()
    while PlanImport.objects.get().status != PlanImport.Status.READY and time.monotonic() < deadline:
        time.sleep(0.05)
    assert PlanImport.objects.get().status == PlanImport.Status.READY
    status = client.get(reverse("plans:import_status", args=[record.pk]))
    assert status.status_code == 204 and status["HX-Redirect"] == reverse("plans:import_review", args=[record.pk])


def test_a_write_of_the_reading_waits_while_sqlite_says_the_table_is_locked(monkeypatch: Any) -> None:
    from django.db import OperationalError

    monkeypatch.setattr(import_services.time, "sleep", lambda seconds: None)
    answers: list[Any] = [OperationalError("database table is locked: plans_planimport")] * 3 + [1]

    def write() -> int:
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return int(answer)

    def failing(message: str) -> Any:
        def write() -> int:
            raise OperationalError(message)

        return write

    assert import_services._when_free(write) == 1 and not answers  # written on the fourth try
    locked = failing("database is locked")
    assert import_services._when_free(locked, required=False, tries=3) == 0  # a heartbeat is left out
    with pytest.raises(OperationalError):
        import_services._when_free(locked, tries=3)  # the outcome is not
    with pytest.raises(OperationalError, match="no such table"):
        import_services._when_free(failing("no such table: x"), required=False)  # only "locked" waits
