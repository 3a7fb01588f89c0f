"""What every plan writer raises when a write cannot be made, and the check whether this actor may write this plan."""

from __future__ import annotations

from cchc.accounts.types import Actor
from cchc.plans.access import plan_write_refusal
from cchc.plans.models import Plan
from cchc.plans.schema import PlanFormatError
from cchc.units.models import Unit


class PlanError(ValueError):
    """A plan write that cannot be made; the message is Vietnamese and names the field."""


class PlanAccessError(PlanFormatError):
    """A plan write the actor may not make (another office's plan, another body's name); the message says why."""

    def __init__(self, message: str) -> None:
        super().__init__([message])


def check_plan_write(actor: Actor, *, issuer_unit: Unit | None, owner_unit: Unit | None, existing: Plan | None) -> None:
    """Raise PlanAccessError unless the actor may create this plan (or change `existing`)."""
    refusal = plan_write_refusal(actor, issuer_unit=issuer_unit, owner_unit=owner_unit, existing=existing)
    if refusal:
        raise PlanAccessError(refusal)
