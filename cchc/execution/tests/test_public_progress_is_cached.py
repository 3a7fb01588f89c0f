"""The public progress page is rendered once for every anonymous visitor (Redis shares it between processes) and
dropped the moment anything about the plan is written; signed-in people and unpublished plans are never served
from it."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cchc.execution.services import log_result
from cchc.plans.services import update_plan

from .conftest import officer_assignment, result_input


def test_anonymous_visitors_share_one_rendering_until_a_result_is_logged(issued: Any, client: Any) -> None:
    update_plan(issued.owner, issued.plan, is_public=True)
    url = reverse("execution:public", args=[issued.plan.pk])
    first = client.get(url)
    assert first.status_code == 200 and "X-Cache" not in first
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url)
    assert again["X-Cache"] == "hit" and again.content == first.content
    assert len(queries) == 1  # only the check that the plan is still published

    log_result(issued.officer, officer_assignment(issued), result_input())
    fresh = client.get(url)
    assert "X-Cache" not in fresh and fresh.content != first.content
    assert client.get(url)["X-Cache"] == "hit"


def test_unpublishing_takes_the_page_down_at_once(issued: Any, client: Any) -> None:
    update_plan(issued.owner, issued.plan, is_public=True)
    url = reverse("execution:public", args=[issued.plan.pk])
    client.get(url)
    assert client.get(url)["X-Cache"] == "hit"
    update_plan(issued.owner, issued.plan, is_public=False)
    assert client.get(url).status_code == 404


def test_signed_in_people_get_their_own_rendering(issued: Any, client: Any) -> None:
    update_plan(issued.owner, issued.plan, is_public=True)
    url = reverse("execution:public", args=[issued.plan.pk])
    client.get(url)
    client.force_login(issued.officer)
    for _ in range(2):
        page = client.get(url)
        assert page.status_code == 200 and "X-Cache" not in page
