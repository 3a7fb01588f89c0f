"""Each of the five seed plans can be issued, and its units then see their assignments."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from cchc.accounts.models import Role, User
from cchc.execution.models import Assignment, Occurrence
from cchc.execution.services import issue_plan
from cchc.plans.seeds import load_seed_plans


@pytest.mark.django_db
def test_every_seed_plan_is_issued_and_a_unit_officer_sees_its_assignments(client: Any) -> None:
    for loaded in load_seed_plans(None):
        plan = loaded.plan
        result = issue_plan(None, plan)
        assert result.created > 0, plan.title
        assert Occurrence.objects.filter(plan=plan).count() >= result.created
        assignment = Assignment.objects.filter(plan=plan, mode="assigned").select_related("unit").first()
        officer = User.objects.create_user(username=f"cb{plan.pk}", role=Role.OFFICER, unit=assignment.unit)
        client.force_login(officer)
        page = client.get(reverse("execution:plan_units", args=[plan.pk])).content.decode()
        assert reverse("execution:assignment", args=[assignment.pk]) in page
