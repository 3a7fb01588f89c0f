"""Authoring a plan on screen: a new draft, and changes to a plan's own fields."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from cchc.accounts.types import Actor, signed_in
from cchc.core import inputs
from cchc.core.audit import log_action, snapshot
from cchc.plans.body import skeleton
from cchc.plans.models import Plan
from cchc.plans.services.errors import PlanError, check_plan_write, number_clash
from cchc.units.models import Unit

EDITABLE_PLAN_FIELDS = (
    "number",
    "issued_date",
    "title",
    "period_start",
    "period_end",
    "objectives",
    "requirements",
    "audiences",
    "signer_authority",
    "signer_position",
    "signer_name",
    "recipients",
    "is_public",
)


@transaction.atomic
def update_plan(actor: Actor, plan: Plan, **fields: Any) -> Plan:
    """Change a plan's own fields; validates dates and the number's uniqueness."""
    unknown = set(fields) - set(EDITABLE_PLAN_FIELDS)
    if unknown:
        raise PlanError(f"Không sửa được trường: {', '.join(sorted(unknown))}.")
    before = snapshot(plan)
    for name, value in inputs.bounded(Plan, fields, refused=PlanError).items():
        setattr(plan, name, value)
    if plan.period_end < plan.period_start:
        raise PlanError("Thời kỳ: ngày kết thúc trước ngày bắt đầu.")
    if clash := number_clash(plan.issuer, plan.number, plan.issued_date, plan.period_start, plan.pk):
        raise PlanError(clash)
    plan.save()
    log_action(actor, "plans.plan.updated", plan, before=before, after=snapshot(plan))
    return plan


@transaction.atomic
def create_plan(actor: Actor, *, issuer_unit: Unit, owner_unit: Unit | None, **fields: Any) -> Plan:
    """Author a new draft plan issued by `issuer_unit`."""
    check_plan_write(actor, issuer_unit=issuer_unit, owner_unit=owner_unit, existing=None)
    plan = Plan(
        issuer_unit=issuer_unit,
        owner_unit=owner_unit,
        issuer=issuer_unit.name,
        locality=issuer_unit.locality,
        level=_level_of(issuer_unit),
        created_by=actor if signed_in(actor) else None,
    )
    for name, value in inputs.bounded(Plan, fields, refused=PlanError).items():
        setattr(plan, name, value)
    if plan.period_end < plan.period_start:
        raise PlanError("Thời kỳ: ngày kết thúc trước ngày bắt đầu.")
    plan.body = skeleton(issuer_unit.name)  # the usual outline to fill in, not a blank page
    plan.save()
    log_action(actor, "plans.plan.created", plan, after=snapshot(plan))
    return plan


def _level_of(unit: Unit) -> str:
    return {"ministry": "ministry", "province": "province", "district": "district"}.get(unit.kind, "commune")
