"""Who reaches which assignment, result and dashboard: one named user per role, other units get a 404."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import Http404
from django.urls import reverse

from cchc.execution import access
from cchc.execution.models import Assignment
from cchc.execution.services import log_result

from .conftest import officer_assignment, other_assignment, result_input


def test_an_officer_reads_only_their_own_units_assignments(issued: Any) -> None:
    units = set(access.readable_assignments(issued.officer).values_list("unit_id", flat=True))
    assert units == {issued.officer_unit.pk}


READ = {
    "admin": True,
    "owner": True,
    "leader": True,
    "officer": True,
    "other_officer": False,
    "outsider": False,
    "public": False,
}
LOG = {
    "admin": True,
    "owner": True,
    "officer": True,
    "leader": False,
    "other_officer": False,
    "outsider": False,
    "public": False,
}
DASHBOARD = {
    "admin": 200,
    "owner": 200,
    "leader": 200,
    "officer": 404,
    "other_officer": 404,
    "outsider": 404,
    "public": 404,
}
ISSUE = {"owner": 200, "admin": 200, "officer": 404, "leader": 404, "other_officer": 404, "public": 404}


def test_who_may_read_an_officers_assignment(issued: Any) -> None:
    assignment = officer_assignment(issued)
    for who, visible in READ.items():
        user = getattr(issued, who)
        if visible:
            assert access.get_assignment_for_user(user, assignment.pk) == assignment, who
        else:
            with pytest.raises(Http404):
                access.get_assignment_for_user(user, assignment.pk)


def test_who_may_log_results_for_an_officers_assignment(issued: Any) -> None:
    assignment = officer_assignment(issued)
    for who, allowed in LOG.items():
        assert access.loggable_assignments(getattr(issued, who)).filter(pk=assignment.pk).exists() is allowed, who


def test_who_sees_the_plan_dashboard(issued: Any, client: Any) -> None:
    for who, status in DASHBOARD.items():
        client.force_login(getattr(issued, who))
        assert client.get(reverse("execution:dashboard", args=[issued.plan.pk])).status_code == status, who


def test_only_the_owner_office_issues_a_plan(cast: Any, client: Any) -> None:
    for who, status in ISSUE.items():
        client.force_login(getattr(cast, who))
        assert client.get(reverse("issuing:issue", args=[cast.plan.pk])).status_code == status, who
    assert not Assignment.objects.exists()


def test_the_owner_issues_through_the_page_and_lands_on_the_dashboard(cast: Any, client: Any) -> None:
    client.force_login(cast.owner)
    response = client.post(reverse("issuing:issue", args=[cast.plan.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("execution:dashboard", args=[cast.plan.pk])
    assert "Đã ban hành" in response.content.decode()
    assert Assignment.objects.filter(plan=cast.plan).exists()


def test_another_units_result_and_evidence_are_hidden(issued: Any, client: Any) -> None:
    result = log_result(issued.other_officer, other_assignment(issued), result_input()).result
    client.force_login(issued.officer)
    assert client.get(reverse("execution:result_edit", args=[result.pk])).status_code == 404
    assert client.post(reverse("execution:result_delete", args=[result.pk])).status_code == 404
    assert client.get(reverse("execution:assignment", args=[result.assignment_id])).status_code == 404
    result.refresh_from_db()


def test_the_officers_pages_list_only_their_units_work(issued: Any, client: Any) -> None:
    client.force_login(issued.officer)
    mine = client.get(reverse("execution:my_work")).content.decode()
    plan_page = client.get(reverse("execution:plan_units", args=[issued.plan.pk]) + f"?don_vi={issued.other_unit.pk}")
    other_titles = set(
        Assignment.objects.filter(unit=issued.other_unit)
        .exclude(title__in=Assignment.objects.filter(unit=issued.officer_unit).values("title"))
        .values_list("ref", flat=True)
    )
    assert officer_assignment(issued).title[:40] in mine
    assert "không có nhiệm vụ nào" in plan_page.content.decode()
    assert other_titles  # the other unit has work of its own that the officer must not see
