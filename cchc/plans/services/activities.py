"""A plan's activities edited on screen: their fields, their units, the appendix row that holds each."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from cchc.accounts.types import Actor
from cchc.core import inputs
from cchc.core.audit import log_action, snapshot
from cchc.plans.body import (
    activity_cells,
    appendix_table,
    header_cells,
    insert,
    new_appendix,
    new_node,
    next_id,
    remove,
)
from cchc.plans.body import find as find_node
from cchc.plans.importing.textlayout import column_kinds
from cchc.plans.models import Activity, FundingKind, FundingSource, Plan, PlanStatus, UnitMention
from cchc.plans.services.errors import PlanError
from cchc.plans.services.mentions import add_mentions, mention_resolver

ACTIVITY_FIELDS = (
    "ref",
    "source",
    "group",
    "content",
    "forms",
    "timing_text",
    "timing_kind",
    "timing_quarters",
    "timing_frequency",
    "funding",
    "estimate",
    "funding_source",
    "funding_kind",
)


def _set_activity_units(activity: Activity, lead: list[str] | None, coordinators: list[str] | None) -> list[str]:
    unresolved: list[str] = []
    resolver = mention_resolver(activity.plan)
    for role, texts in ((UnitMention.Role.LEAD, lead), (UnitMention.Role.COORDINATE, coordinators)):
        if texts is None:
            continue
        activity.mentions.filter(role=role).delete()
        add_mentions(resolver, activity.plan, [t for t in texts if t.strip()], role, unresolved, activity=activity)
    return unresolved


def _check_funding(activity: Activity) -> None:
    if activity.estimate is not None and activity.estimate < 0:
        raise PlanError("Dự toán (đồng): không được là số âm.")
    if activity.funding_source not in ("", *FundingSource.values):
        raise PlanError("Nguồn kinh phí: không có trong danh mục.")
    if activity.funding_kind not in ("", *FundingKind.values):
        raise PlanError("Loại kinh phí: không có trong danh mục.")


@transaction.atomic
def save_activity(
    actor: Actor,
    plan: Plan,
    activity: Activity | None = None,
    *,
    lead: list[str] | None = None,
    coordinators: list[str] | None = None,
    **fields: Any,
) -> Activity:
    """Add an activity to a plan, or change one; lead and coordinating units are given as printed. The appendix
    row that holds it changes with it (a new appendix activity of a plan with a body gets its row)."""
    if not str(fields.get("content", activity.content if activity else "")).strip():
        raise PlanError("Nội dung: không được để trống.")
    unknown = set(fields) - set(ACTIVITY_FIELDS)
    if unknown:
        raise PlanError(f"Không sửa được trường: {', '.join(sorted(unknown))}.")
    if activity is None:
        activity = Activity(plan=plan, position=plan.activities.count())
    return write_activity(actor, plan, activity, lead, coordinators, fields)


def write_activity(
    actor: Actor,
    plan: Plan,
    activity: Activity,
    lead: list[str] | None,
    coordinators: list[str] | None,
    fields: dict[str, Any],
    *,
    from_row: bool = False,
) -> Activity:
    # Read the stored row: a bound form may already have changed the instance in memory.
    before = snapshot(Activity.objects.get(pk=activity.pk)) if activity.pk else None
    for name, value in inputs.bounded(Activity, fields, refused=PlanError).items():
        setattr(activity, name, value)
    _check_funding(activity)
    activity.save()
    _set_activity_units(activity, lead, coordinators)
    if not from_row:
        _row_from_activity(plan, activity)
    log_action(
        actor,
        "plans.activity.created" if before is None else "plans.activity.updated",
        activity,
        before=before,
        after={**snapshot(activity), "lead": lead, "coordinators": coordinators},
        root=plan,
    )
    return activity


def _row_from_activity(plan: Plan, activity: Activity) -> None:
    """Write an activity into the appendix row that holds it (a new one gets a row, and the plan an appendix)."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    row = find_node(plan.body, activity.node) if activity.node else None
    if row is None or row["type"] != "row":
        if activity.node or activity.source != Activity.Source.APPENDIX or not plan.body:
            return
        table = appendix_table(plan.body) or new_appendix(plan.body)
        row = new_node(next_id(plan.body), "row", cells=[])
        insert(plan.body, row, inside=table["id"])
        activity.node = row["id"]
        activity.save(update_fields=["node"])
    mentions = list(activity.mentions.all())
    values = {
        "ref": activity.ref,
        "content": activity.content,
        "forms": activity.forms,
        "lead": [m.text for m in mentions if m.role == UnitMention.Role.LEAD],
        "coordinators": [m.text for m in mentions if m.role == UnitMention.Role.COORDINATE],
        "timing_text": activity.timing_text,
        "funding": activity.funding,
    }
    row["cells"] = activity_cells(column_kinds(header_cells(plan.body, row["id"])), values, row["cells"])
    plan.save(update_fields=["body", "updated_at"])


@transaction.atomic
def delete_activity(actor: Actor, activity: Activity) -> None:
    """Remove an activity from a draft plan, and its row from the appendix."""
    plan = activity.plan
    if plan.status != PlanStatus.DRAFT:
        raise PlanError("Chỉ xóa được nhiệm vụ của kế hoạch đang dự thảo.")
    before = snapshot(activity)
    log_action(actor, "plans.activity.deleted", activity, before=before, root=plan)
    row = find_node(plan.body, activity.node) if activity.node else None
    if row is not None and row["type"] == "row":
        remove(plan.body, activity.node)
        plan.save(update_fields=["body", "updated_at"])
    activity.delete()
