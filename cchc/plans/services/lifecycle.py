"""A plan's life: its status (draft → issued → closed), and a lower level's plan derived from it."""

from __future__ import annotations

from django.db import transaction

from cchc.accounts.types import Actor
from cchc.core.audit import log_action, snapshot
from cchc.plans.deriving import Level, derive_plan_json
from cchc.plans.models import Plan, PlanStatus
from cchc.plans.services.errors import PlanError, check_plan_write
from cchc.plans.services.plan_json import ImportResult, export_plan_json, import_plan_json
from cchc.units.models import Unit

ALLOWED_TRANSITIONS = {
    PlanStatus.DRAFT: {PlanStatus.ISSUED},
    PlanStatus.ISSUED: {PlanStatus.CLOSED, PlanStatus.ISSUED},
    PlanStatus.CLOSED: set(),
}


@transaction.atomic
def set_plan_status(actor: Actor, plan: Plan, status: str) -> Plan:
    """Move a plan draft → issued → closed (re-issuing an issued plan is allowed after edits)."""
    if status not in ALLOWED_TRANSITIONS[PlanStatus(plan.status)]:
        raise PlanError(
            f"Không thể chuyển kế hoạch từ «{plan.get_status_display()}» sang «{PlanStatus(status).label}»."
        )
    before = snapshot(plan, ["status"])
    plan.status = status
    plan.save(update_fields=["status", "updated_at"])
    log_action(actor, "plans.plan.status_changed", plan, before=before, after=snapshot(plan, ["status"]))
    return plan


DERIVABLE_KINDS = ("district", "commune")


@transaction.atomic
def derive_plan(actor: Actor, parent: Plan, *, issuer_unit: Unit, owner_unit: Unit | None) -> ImportResult:
    """Make `issuer_unit`'s draft plan from its parent's issued plan (see `plans/deriving.py`) and link it.

    Deriving again from the same parent for the same issuer returns the plan made the first time (created False).
    """
    if parent.status == PlanStatus.DRAFT:
        raise PlanError("Kế hoạch cấp trên chưa ban hành: chỉ xây dựng được kế hoạch từ kế hoạch đã ban hành.")
    above = parent.issuer_unit
    if above is None or issuer_unit.kind not in DERIVABLE_KINDS or not issuer_unit.is_within(above):
        raise PlanError(f"{issuer_unit.name} không phải địa phương cấp dưới của {parent.issuer}.")
    existing = Plan.objects.filter(parent=parent, issuer_unit=issuer_unit).first()
    if existing is not None:
        return ImportResult(plan=existing, created=False)
    check_plan_write(actor, issuer_unit=issuer_unit, owner_unit=owner_unit, existing=None)
    start = max(parent.period_start, issuer_unit.valid_from or parent.period_start)
    end = min(parent.period_end, issuer_unit.valid_until or parent.period_end)
    if end < start:
        raise PlanError(f"{issuer_unit.name} không còn tồn tại trong thời kỳ của kế hoạch cấp trên.")
    raw = derive_plan_json(
        export_plan_json(parent),
        Level(above.kind, above.name, above.locality),
        Level(issuer_unit.kind, issuer_unit.name, issuer_unit.locality),
        start=start.isoformat(),
        end=end.isoformat(),
        source=f"derived:{parent.pk}:{issuer_unit.pk}",
    )
    result = import_plan_json(actor, raw, owner_unit=owner_unit)
    result.plan.parent = parent
    result.plan.issuer_unit = issuer_unit
    result.plan.save(update_fields=["parent", "issuer_unit"])
    log_action(
        actor, "plans.plan.derived", result.plan, after={"parent_id": parent.pk, "issuer_unit_id": issuer_unit.pk}
    )
    return result
