"""Units as a plan prints them: resolving printed mentions to units and groups, and mapping one by hand."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from cchc.accounts.types import Actor
from cchc.core.audit import log_action, snapshot
from cchc.plans.models import Plan, UnitMention
from cchc.plans.services.errors import PlanError
from cchc.units.models import Unit, UnitGroup
from cchc.units.services import MentionResolver


def mention_resolver(plan: Plan) -> MentionResolver | None:
    return MentionResolver(plan.issuer_unit, plan.period_start) if plan.issuer_unit else None


def add_mentions(
    resolver: MentionResolver | None, plan: Plan, texts: list[str], role: str, unresolved: list[str], **owner: Any
) -> None:
    for position, text in enumerate(texts):
        found = resolver.resolve(text) if resolver else None
        mention = UnitMention(plan=plan, role=role, position=position, text=text, **owner)
        if found is not None and found.resolved:
            mention.unit, mention.group = found.unit, found.group
        else:
            unresolved.append(text)
        mention.save()


@transaction.atomic
def map_mention(
    actor: Actor, mention: UnitMention, *, unit: Unit | None = None, group: UnitGroup | None = None
) -> None:
    """Say which unit (or group) a printed mention stands for; the printed text is kept."""
    if (unit is None) == (group is None):
        raise PlanError("Chọn đúng một đơn vị hoặc một nhóm đơn vị.")
    before = snapshot(mention)
    mention.unit, mention.group = unit, group
    mention.save(update_fields=["unit", "group"])
    log_action(actor, "plans.mention.mapped", mention, before=before, after=snapshot(mention), root=mention.plan)
