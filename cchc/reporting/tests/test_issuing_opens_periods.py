"""Issuing a plan is one explicit step (`reporting.services.issue_plan`): the units' assignments, then the plan's
reporting periods, in one transaction; no signal receiver does part of it."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

from cchc.execution import services as execution
from cchc.execution.models import Assignment
from cchc.reporting import services
from cchc.reporting.models import ReportingPeriod

pytestmark = pytest.mark.django_db


def test_issuing_assigns_the_units_and_opens_the_reporting_periods(cast: Any) -> None:
    result = services.issue_plan(cast.owner, cast.plan)
    assert result.created == Assignment.objects.filter(plan=cast.plan).count() > 0
    assert ReportingPeriod.objects.filter(plan=cast.plan, kind="annual").exists()


def test_the_execution_part_alone_opens_no_period(cast: Any) -> None:
    """Nothing hides in a signal: execution's part creates assignments only."""
    execution.issue_plan(cast.owner, cast.plan)
    assert Assignment.objects.filter(plan=cast.plan).exists()
    assert not ReportingPeriod.objects.filter(plan=cast.plan).exists()


def test_periods_that_cannot_be_opened_undo_the_whole_issue(cast: Any) -> None:
    with (
        mock.patch.object(services, "sync_periods", side_effect=RuntimeError("hỏng")),
        pytest.raises(RuntimeError),
    ):
        services.issue_plan(cast.owner, cast.plan)
    assert not Assignment.objects.filter(plan=cast.plan).exists()
    cast.plan.refresh_from_db()
    assert cast.plan.status == "draft"


def test_the_page_the_old_address_and_the_api_issue_the_whole_step(cast: Any) -> None:
    client = Client()
    client.force_login(cast.owner)
    page = reverse("issuing:issue", args=[cast.plan.pk])
    old = client.get(reverse("execution:issue_moved", args=[cast.plan.pk]))
    assert old.status_code == 301 and old["Location"] == page
    assert client.post(page).status_code == 302
    assert ReportingPeriod.objects.filter(plan=cast.plan).exists()
    again = client.post(reverse("api:issue", args=[cast.plan.pk]), content_type="application/json")
    assert again.status_code == 200 and again.json()["created"] == 0


def test_the_old_address_redirects_no_one_who_may_not_issue(cast: Any) -> None:
    for who in (cast.officer, cast.outsider, cast.leader):
        client = Client()
        client.force_login(who)
        assert client.get(reverse("execution:issue_moved", args=[cast.plan.pk])).status_code == 404
        assert client.post(reverse("issuing:issue", args=[cast.plan.pk])).status_code == 404
    assert not ReportingPeriod.objects.filter(plan=cast.plan).exists()
