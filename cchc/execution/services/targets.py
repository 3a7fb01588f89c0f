"""Targets proposed from a plan's wording and decided by its owner; the reform pillar of each activity."""

from __future__ import annotations

import decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from cchc.accounts.types import Actor, signed_in
from cchc.core.audit import log_action, snapshot
from cchc.execution import target_wording as wording
from cchc.execution.models import (
    ActivityClassification,
    Assignment,
    LoggedResult,
    Occurrence,
    Pillar,
    Target,
)
from cchc.execution.services.errors import ExecutionError
from cchc.plans.models import Activity, Plan


def propose_plan_targets(plan: Plan) -> int:
    known: set[tuple[Any, Any, Any, str]] = set(
        Target.objects.filter(plan=plan).values_list("activity_id", "responsibility_id", "duty_index", "phrase")
    )
    new: list[Target] = []

    def add(proposals: list[wording.TargetProposal], **owner: Any) -> None:
        for p in proposals:
            key = (owner.get("activity_id"), owner.get("responsibility_id"), owner.get("duty_index"), p.phrase[:300])
            if key in known:
                continue
            known.add(key)
            new.append(
                Target(
                    plan=plan,
                    phrase=p.phrase[:300],
                    description=p.description[:300],
                    metric=p.metric,
                    period=p.period,
                    kinds=list(p.kinds),
                    quantity=p.quantity,
                    threshold=decimal.Decimal(str(p.threshold)),
                    **owner,
                )
            )

    for activity in plan.activities.all():
        add(wording.propose_targets(f"{activity.content} {activity.timing_text}"), activity_id=activity.pk)
    for responsibility in plan.responsibilities.all():
        for index, duty in enumerate(responsibility.duties):
            add(wording.propose_targets(str(duty)), responsibility_id=responsibility.pk, duty_index=index)
    Target.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def decide_target(actor: Actor, target: Target, *, confirm: bool, threshold: decimal.Decimal | None = None) -> Target:
    """The plan owner confirms a proposed target (optionally with another level) or sets it aside."""
    if threshold is not None and threshold <= 0:
        raise ExecutionError("Mức chỉ tiêu phải lớn hơn 0.", {"threshold": "Mức chỉ tiêu phải lớn hơn 0."})
    if threshold is not None and target.metric == Target.Metric.PERCENT and threshold > 100:
        raise ExecutionError("Tỷ lệ không được vượt quá 100%.", {"threshold": "Tỷ lệ không được vượt quá 100%."})
    before = snapshot(target)
    target.status = Target.Status.CONFIRMED if confirm else Target.Status.REJECTED
    if threshold is not None:
        target.threshold = threshold
    target.decided_by = actor if signed_in(actor) else None
    target.decided_at = timezone.now()
    target.save()
    log_action(actor, "execution.target.decided", target, before=before, after=snapshot(target), root=target.plan)
    return target


@transaction.atomic
def set_activity_pillar(actor: Actor, activity: Activity, pillar: str) -> ActivityClassification:
    """The plan owner says which reform pillar an activity serves; its assignments and results follow."""
    if pillar not in Pillar.values:
        raise ExecutionError("Lĩnh vực CCHC không hợp lệ.", {"pillar": "Lĩnh vực CCHC không hợp lệ."})
    proposed = wording.propose_pillar(f"{activity.group or ''} {activity.content}")
    classification, _ = ActivityClassification.objects.get_or_create(
        activity=activity, defaults={"pillar": proposed, "proposed_pillar": proposed}
    )
    before = snapshot(classification)
    classification.pillar, classification.confirmed = pillar, True
    classification.confirmed_by = actor if signed_in(actor) else None
    classification.save()
    Assignment.objects.filter(activity=activity).update(pillar=pillar)
    Occurrence.objects.filter(assignment__activity=activity).update(pillar=pillar)
    LoggedResult.objects.filter(assignment__activity=activity).update(pillar=pillar)
    log_action(
        actor,
        "execution.activity.classified",
        classification,
        before=before,
        after=snapshot(classification),
        root=activity.plan,
    )
    return classification
