"""Parallel bursts: the same result posted 50 times at once, the same Excel file committed 10 times at once.

The database decides (unique constraint on assignment, date, kind and folded title; the import row locked while it
is committed), so these run on PostgreSQL, where requests really interleave; SQLite serialises writers.
"""

from __future__ import annotations

import io
import threading
import uuid
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from cchc.execution.models import LoggedResult, Occurrence, ResultImport

from .conftest import officer_assignment
from .test_excel_import import _row, _template, _upload

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises writers; races need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]

RESULT_BURST = 50
COMMIT_BURST = 10
KIND_LABEL = "Hội nghị, tập huấn, hội thảo, tọa đàm"


def burst(jobs: list[Callable[[], Any]]) -> list[Any]:
    """Run every job in its own thread (own database connection), all released at the same instant."""
    barrier = threading.Barrier(len(jobs))
    outcomes: list[Any] = [None] * len(jobs)

    def run(index: int) -> None:
        try:
            barrier.wait()
            outcomes[index] = jobs[index]()
        except Exception as exc:  # a crash is an outcome the test asserts on, not a lost thread
            outcomes[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def _signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_fifty_identical_posts_with_different_keys_store_one_result(issued: Any) -> None:
    assignment = officer_assignment(issued)
    form_url = reverse("execution:log_result", args=[assignment.pk])
    api_url = f"/api/execution/assignments/{assignment.pk}/results"
    for round_ in range(3):
        title = f"Hội nghị tuyên truyền CCHC đợt {round_ + 1}"
        clients = [_signed_in(issued.officer) for _ in range(RESULT_BURST)]

        def by_form(client: Client = clients[0], title: str = title) -> int:
            data = {"date": "15/03/2024", "kind": "conference", "title": title, "participants": "120"}
            return client.post(form_url, {**data, "idempotency_key": uuid.uuid4().hex}).status_code

        def by_api(client: Client = clients[0], title: str = title) -> int:
            body = {"date": "2024-03-15", "kind": "conference", "title": title.upper(), "participants": 120}
            headers = {"Idempotency-Key": uuid.uuid4().hex}
            return client.post(api_url, body, content_type="application/json", headers=headers).status_code

        jobs: list[Callable[[], Any]] = [
            (lambda c=c: by_form(c)) if i % 2 else (lambda c=c: by_api(c)) for i, c in enumerate(clients)
        ]
        codes = Counter(burst(jobs))
        stored = LoggedResult.objects.filter(assignment=assignment, title__iexact=title)
        assert stored.count() == 1, codes
        # One post recorded it (302 from the form or 201 from the API); every other one was told it is a duplicate.
        assert codes[302] + codes[201] == 1 and codes[400] == RESULT_BURST - 1, codes
        occurrence = Occurrence.objects.get(pk=stored.get().occurrence_id)
        assert occurrence.results_count == LoggedResult.objects.filter(occurrence=occurrence).count()


def test_one_checked_file_committed_ten_times_at_once_is_stored_once(issued: Any) -> None:
    client = _signed_in(issued.officer)
    wb = _template(client, issued.plan.pk)
    assignment = officer_assignment(issued).pk
    for day in range(1, 6):
        wb["Kết quả"].append(_row(assignment, f"{day:02d}/03/2024", KIND_LABEL, f"Tập huấn {day}", participants=30))
    _upload(client, issued.plan.pk, wb)
    imp = ResultImport.objects.get()
    assert imp.status == ResultImport.Status.CHECKED
    url = reverse("execution:import_detail", args=[imp.pk])
    clients = [_signed_in(issued.officer) for _ in range(COMMIT_BURST)]
    pages = burst([lambda c=c: c.post(url, follow=True).content.decode() for c in clients])
    assert LoggedResult.objects.count() == 5
    assert sum("Đã ghi nhận 5 kết quả" in page for page in pages) == 1
    assert sum("đã được ghi nhận trước đó" in page for page in pages) == COMMIT_BURST - 1
    imp.refresh_from_db()
    assert imp.status == ResultImport.Status.COMMITTED


def test_ten_uploads_of_one_file_committed_at_once_store_its_rows_once(issued: Any) -> None:
    client = _signed_in(issued.officer)
    wb = _template(client, issued.plan.pk)
    assignment = officer_assignment(issued).pk
    for day in range(1, 6):
        wb["Kết quả"].append(_row(assignment, f"{day:02d}/03/2024", KIND_LABEL, f"Tập huấn {day}", participants=30))
    out = io.BytesIO()
    wb.save(out)
    for _ in range(COMMIT_BURST):
        _upload(client, issued.plan.pk, load_workbook(io.BytesIO(out.getvalue())))
    imports = list(ResultImport.objects.all())
    assert len(imports) == COMMIT_BURST and {i.status for i in imports} == {ResultImport.Status.CHECKED}
    clients = [_signed_in(issued.officer) for _ in imports]
    urls = [reverse("execution:import_detail", args=[i.pk]) for i in imports]
    burst([lambda c=c, u=u: c.post(u) for c, u in zip(clients, urls, strict=True)])
    assert LoggedResult.objects.count() == 5
    statuses = Counter(ResultImport.objects.values_list("status", flat=True))
    # The losers are not left "checked": they say why nothing of them was recorded.
    assert statuses == {ResultImport.Status.COMMITTED: 1, ResultImport.Status.INVALID: COMMIT_BURST - 1}
    for loser in ResultImport.objects.filter(status=ResultImport.Status.INVALID):
        assert len(loser.errors) == 5 and all("đã được ghi nhận trước đây" in e["message"] for e in loser.errors)
