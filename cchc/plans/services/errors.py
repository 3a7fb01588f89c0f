"""What every plan writer raises when a write cannot be made, and the checks shared by writers: may this actor
write this plan, is its number free."""

from __future__ import annotations

import datetime as dt

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


def number_clash(
    issuer: str, number: str | None, issued: dt.date | None, start: dt.date, plan_id: int | None
) -> str | None:
    """Why a plan (`plan_id`, None for a new one) cannot bear `number`: its issuer used it already in the year (of
    issue, else of the period's start). None when it can."""
    if not number:
        return None
    year = (issued or start).year
    clash = Plan.objects.filter(issuer=issuer, number=number)
    clash = clash.filter(issued_date__year=year) if issued else clash.filter(period_start__year=year)
    if plan_id is not None:
        clash = clash.exclude(pk=plan_id)
    return f"Số, ký hiệu: {issuer} đã dùng số «{number}» trong năm {year}." if clash.exists() else None
