"""Running the set-up again leaves the seed plans as their users made them."""

from __future__ import annotations

import pytest

from cchc.plans.models import Plan, PlanStatus
from cchc.plans.seeds import load_seed_plan
from cchc.plans.services import set_plan_status, update_plan
from conftest import seed_plan_json


@pytest.mark.django_db
def test_a_seed_plan_that_was_edited_and_issued_is_not_reloaded_over():
    plan = load_seed_plan(None, seed_plan_json("003")).plan
    update_plan(None, plan, title="Tiêu đề do người dùng sửa")
    set_plan_status(None, plan, PlanStatus.ISSUED)

    again = load_seed_plan(None, seed_plan_json("003"))

    assert not again.created and again.plan.pk == plan.pk
    plan.refresh_from_db()
    assert plan.title == "Tiêu đề do người dùng sửa" and plan.status == PlanStatus.ISSUED
    assert Plan.objects.count() == 1
