"""The read replica (cchc.core.replica): a second database alias on the same test database, opened read-only like
the one DATABASE_REPLICA_URL configures, so that a write sent there by mistake would fail. Read-only pages read
their data there; sign-in, sessions, writes, other pages and what the page cache keeps read the primary."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import OperationalError, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cchc.core.replica import REPLICA
from cchc.plans.services import update_plan

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def replica(transactional_db: Any) -> Iterator[Any]:
    """Added once the test's database is set up (pytest-django would otherwise refuse an alias it did not prepare)."""
    primary = connections["default"].settings_dict
    options = dict(primary.get("OPTIONS", {}))
    if connections["default"].vendor == "postgresql":
        options["options"] = "-c default_transaction_read_only=on"
    else:
        options = {"init_command": "PRAGMA query_only = ON"}
    alias = {**primary, "OPTIONS": options}
    connections.settings[REPLICA] = alias
    connections[REPLICA].connect()  # opened here: the test case refuses to open aliases it did not set up
    try:
        yield connections[REPLICA]
    finally:
        connections[REPLICA].close()
        del connections[REPLICA]
        del connections.settings[REPLICA]


def _tables(queries: CaptureQueriesContext) -> str:
    return " ".join(q["sql"] for q in queries.captured_queries)


def _get(client: Any, url: str) -> tuple[Any, CaptureQueriesContext, CaptureQueriesContext]:
    with (
        CaptureQueriesContext(connections["default"]) as on_primary,
        CaptureQueriesContext(connections[REPLICA]) as on_replica,
    ):
        response = client.get(url)
    return response, on_primary, on_replica


def test_a_read_only_page_reads_its_data_from_the_replica_and_the_person_from_the_primary(
    replica: Any, world_issued: Any, client: Any
) -> None:
    update_plan(world_issued.owner, world_issued.plan, is_public=True)
    client.force_login(world_issued.officer)
    response, on_primary, on_replica = _get(client, reverse("execution:public", args=[world_issued.plan.pk]))
    assert response.status_code == 200 and world_issued.plan.title in response.content.decode()
    assert '"plans_plan"' in _tables(on_replica) and '"execution_occurrence"' in _tables(on_replica)
    assert '"accounts_user"' not in _tables(on_replica) and '"django_session"' not in _tables(on_replica)
    assert '"plans_plan"' not in _tables(on_primary) and '"execution_occurrence"' not in _tables(on_primary)


def test_what_the_page_cache_keeps_is_computed_on_the_primary(replica: Any, world_issued: Any, client: Any) -> None:
    update_plan(world_issued.owner, world_issued.plan, is_public=True)
    url = reverse("execution:public", args=[world_issued.plan.pk])
    response, on_primary, on_replica = _get(client, url)  # anonymous: rendered once and kept for everyone
    assert response.status_code == 200 and "X-Cache" not in response
    assert '"execution_occurrence"' in _tables(on_primary) and '"execution_occurrence"' not in _tables(on_replica)
    again, _, on_replica = _get(client, url)
    assert again["X-Cache"] == "hit" and '"plans_plan"' in _tables(on_replica)  # only the check it is still public


def test_the_dashboard_checks_access_on_the_replica_and_computes_its_kept_figures_on_the_primary(
    replica: Any, world_issued: Any, client: Any
) -> None:
    client.force_login(world_issued.owner)
    response, on_primary, on_replica = _get(client, reverse("execution:dashboard", args=[world_issued.plan.pk]))
    assert response.status_code == 200 and '"plans_plan"' in _tables(on_replica)
    assert '"execution_occurrence"' in _tables(on_primary) and '"execution_occurrence"' not in _tables(on_replica)


def test_other_pages_and_forms_never_touch_the_replica(replica: Any, world_issued: Any, client: Any) -> None:
    client.force_login(world_issued.officer)
    response, on_primary, on_replica = _get(client, reverse("execution:my_work"))
    assert response.status_code == 200 and on_primary.captured_queries and not on_replica.captured_queries
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        client.post(reverse("execution:public", args=[world_issued.plan.pk]))
    assert not on_replica.captured_queries


def test_without_a_replica_every_page_reads_the_primary(world_issued: Any, client: Any) -> None:
    update_plan(world_issued.owner, world_issued.plan, is_public=True)
    client.force_login(world_issued.officer)
    assert REPLICA not in connections
    assert client.get(reverse("execution:public", args=[world_issued.plan.pk])).status_code == 200


def test_readiness_includes_the_replica(replica: Any, client: Any, monkeypatch: Any) -> None:
    response = client.get("/readyz")
    assert response.json()["checks"]["replica"] == "ok"

    def unreachable() -> None:
        raise OperationalError("connection to server at 10.0.0.9, port 5432 failed: timeout expired")

    monkeypatch.setattr(replica, "ensure_connection", unreachable)
    response = client.get("/readyz")
    assert response.status_code == 503 and "timeout expired" in response.json()["checks"]["replica"]
