"""Issuing a plan: every activity and duty becomes assignments of units, each with its occurrences (windows)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction

from cchc.accounts.types import Actor
from cchc.core import calendar
from cchc.core.audit import log_action
from cchc.execution import target_wording as wording
from cchc.execution.models import (
    ActivityClassification,
    Assignment,
    Occurrence,
    Pillar,
)
from cchc.execution.services.errors import ExecutionError
from cchc.execution.services.targets import propose_plan_targets
from cchc.plans.access import plan_write_refusal
from cchc.plans.models import Activity, Plan, PlanStatus, UnitMention
from cchc.plans.services import set_plan_status
from cchc.units.models import NON_STATE_KINDS, Unit


@dataclass
class IssueResult:
    created: int = 0
    updated: int = 0
    deactivated: int = 0
    occurrences_created: int = 0
    occurrences_removed: int = 0
    unassigned_mentions: list[str] = field(default_factory=list)


@dataclass
class _Wanted:
    activity_id: int | None
    responsibility_id: int | None
    duty_index: int | None
    unit_id: int
    role: str
    mode: str
    ref: str
    title: str
    pillar: str
    timing: calendar.Timing

    @property
    def key(self) -> tuple[tuple[str, int, int], int]:
        if self.activity_id is not None:
            return (("activity", self.activity_id, 0), self.unit_id)
        return (("duty", int(self.responsibility_id or 0), int(self.duty_index or 0)), self.unit_id)


class _UnitResolver:
    """Units a mention stands for, expanding collective mentions once per group."""

    def __init__(self, on: dt.date) -> None:
        self.on = on
        self._groups: dict[int, list[int]] = {}

    def units(self, mention: UnitMention) -> list[int]:
        if mention.unit_id is not None:
            return [mention.unit_id]
        if mention.group is not None:
            if mention.group.pk not in self._groups:
                self._groups[mention.group.pk] = list(
                    mention.group.members(on=self.on).order_by("path").values_list("pk", flat=True)
                )
            return self._groups[mention.group.pk]
        return []


def _classifications(actor: Actor, activities: list[Activity]) -> dict[int, str]:
    existing = {c.activity_id: c for c in ActivityClassification.objects.filter(activity__in=activities)}
    missing = []
    for activity in activities:
        if activity.pk not in existing:
            proposed = wording.propose_pillar(f"{activity.group or ''} {activity.content}")
            missing.append(ActivityClassification(activity=activity, pillar=proposed, proposed_pillar=proposed))
    for c in ActivityClassification.objects.bulk_create(missing):
        existing[c.activity_id] = c
    return {activity_id: c.pillar for activity_id, c in existing.items()}


def _activity_timing(activity: Activity) -> calendar.Timing:
    return calendar.Timing(
        activity.timing_kind, tuple(activity.timing_quarters or ()), activity.timing_frequency, activity.timing_text
    )


def _wanted_assignments(actor: Actor, plan: Plan) -> tuple[list[_Wanted], list[str]]:
    activities = list(plan.activities.all())
    responsibilities = list(plan.responsibilities.all())
    mentions = list(plan.mentions.select_related("group").order_by("position", "id"))
    unit_kinds = dict(Unit.objects.filter(pk__in={m.unit_id for m in mentions if m.unit_id}).values_list("pk", "kind"))
    resolver = _UnitResolver(plan.period_start)
    pillars = _classifications(actor, activities)
    unassigned: list[str] = []
    wanted: dict[tuple[tuple[str, int, int], int], _Wanted] = {}

    def units_of(items: Iterable[UnitMention]) -> list[int]:
        ids: list[int] = []
        for mention in items:
            found = resolver.units(mention)
            if not found:
                unassigned.append(mention.text)
            ids += found
        return list(dict.fromkeys(ids))

    for activity in activities:
        own = [m for m in mentions if m.activity_id == activity.pk]
        leads = units_of(m for m in own if m.role == UnitMention.Role.LEAD)
        coordinators = [u for u in units_of(m for m in own if m.role == UnitMention.Role.COORDINATE) if u not in leads]
        timing = _activity_timing(activity)
        for role, unit_ids in ((Assignment.Role.LEAD, leads), (Assignment.Role.COORDINATE, coordinators)):
            for unit_id in unit_ids:
                item = _Wanted(
                    activity.pk,
                    None,
                    None,
                    unit_id,
                    role,
                    Assignment.Mode.ASSIGNED,
                    activity.ref,
                    activity.content,
                    pillars.get(activity.pk, Pillar.GENERAL),
                    timing,
                )
                wanted.setdefault(item.key, item)
    for responsibility in responsibilities:
        own = [m for m in mentions if m.responsibility_id == responsibility.pk]
        unit_ids = units_of(own)
        duties = [d for d in responsibility.duties if str(d).strip()] or ["Thực hiện nhiệm vụ theo Kế hoạch."]
        for index, duty in enumerate(duties):
            timing = calendar.classify(duty, plan.period_start.year)
            if timing.kind is None:  # a duty that names no time is done as needed, over the whole plan period
                timing = calendar.Timing(calendar.AS_NEEDED, text=timing.text)
            pillar = wording.propose_pillar(duty)
            for unit_id in unit_ids:
                item = _Wanted(
                    None,
                    responsibility.pk,
                    index,
                    unit_id,
                    Assignment.Role.RESPONSIBLE,
                    responsibility.mode,
                    f"{responsibility.ref}.{index + 1}",
                    duty,
                    pillar,
                    timing,
                )
                wanted.setdefault(item.key, item)
    unit_kinds.update(
        Unit.objects.filter(pk__in={w.unit_id for w in wanted.values()} - set(unit_kinds)).values_list("pk", "kind")
    )
    # A plan reaches only the units its issuer may address: those of the issuer's own territory.
    issuer = plan.issuer_unit
    addressable = (
        set(
            Unit.objects.filter(pk__in=unit_kinds, path__startswith=issuer.territorial_root().path).values_list(
                "pk", flat=True
            )
        )
        if issuer is not None
        else set()
    )
    for key, item in list(wanted.items()):
        if item.unit_id not in addressable:
            del wanted[key]
    for item in wanted.values():
        if unit_kinds.get(item.unit_id) in NON_STATE_KINDS:
            # The issuer cannot command Party, Front or mass-organisation bodies: it can only ask them.
            item.mode = Assignment.Mode.REQUESTED
    return list(wanted.values()), list(dict.fromkeys(unassigned))


_ASSIGNMENT_FIELDS = (
    "role",
    "mode",
    "ref",
    "title",
    "pillar",
    "timing_text",
    "timing_kind",
    "timing_quarters",
    "timing_frequency",
    "is_active",
)


def _assignment_values(item: _Wanted) -> dict[str, Any]:
    return {
        "role": item.role,
        "mode": item.mode,
        "ref": item.ref,
        "title": item.title,
        "pillar": item.pillar,
        "timing_text": item.timing.text,
        "timing_kind": item.timing.kind,
        "timing_quarters": list(item.timing.quarters),
        "timing_frequency": item.timing.frequency,
        "is_active": True,
    }


_NewWindow = tuple[int, Assignment, calendar.Window]


def _insert_occurrences(plan_id: int, items: list[_NewWindow]) -> None:
    """Multi-row INSERTs: a province issues ~100,000 windows at once, and bulk_create spends most of its time
    building and preparing model instances field by field."""
    if not items:
        return
    ops = connection.ops
    columns = (
        "plan_id",
        "assignment_id",
        "unit_id",
        "pillar",
        "label",
        "start",
        "due",
        "first_result_on",
        "results_count",
        "is_active",
    )
    head = (
        f"INSERT INTO {ops.quote_name(Occurrence._meta.db_table)} "
        f"({', '.join(ops.quote_name(c) for c in columns)}) VALUES "
    )
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    day = ops.adapt_datefield_value
    rows = [(plan_id, pk, a.unit_id, a.pillar, w.label, day(w.start), day(w.due), None, 0, True) for pk, a, w in items]
    batch = 1000  # 10,000 parameters per statement: under SQLite's and PostgreSQL's limits
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: PostgreSQL's bulk path, several times faster than parsing huge parameterised INSERTs.
            names = ", ".join(ops.quote_name(c) for c in columns)
            with cursor.cursor.copy(f"COPY {ops.quote_name(Occurrence._meta.db_table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        for first in range(0, len(rows), batch):
            chunk = rows[first : first + batch]
            cursor.execute(head + ", ".join([one] * len(chunk)), [v for row in chunk for v in row])


def _sync_occurrences(plan: Plan, assignments: list[tuple[Assignment, calendar.Timing]], result: IssueResult) -> None:
    existing: dict[tuple[int, dt.date], tuple[int, str, dt.date, bool, int, str]] = {}
    for row in Occurrence.objects.filter(plan=plan).values_list(
        "pk", "assignment_id", "start", "label", "due", "is_active", "results_count", "pillar"
    ):
        existing[(row[1], row[2])] = (row[0], row[3], row[4], row[5], row[6], row[7])
    windows_cache: dict[calendar.Timing, list[calendar.Window]] = {}
    to_create: list[_NewWindow] = []
    to_update: list[Occurrence] = []
    seen: set[int] = set()
    for assignment, timing in assignments:
        if timing not in windows_cache:
            windows_cache[timing] = calendar.expand(timing, plan.period_start, plan.period_end)
        for window in windows_cache[timing]:
            found = existing.get((assignment.pk, window.start))
            if found is None:
                to_create.append((assignment.pk, assignment, window))
                continue
            pk, label, due, is_active, _, pillar = found
            seen.add(pk)
            if (label, due, is_active, pillar) != (window.label, window.due, True, assignment.pillar):
                to_update.append(
                    Occurrence(pk=pk, label=window.label, due=window.due, is_active=True, pillar=assignment.pillar)
                )
    stale = [(pk, count) for pk, _, _, _, count, _ in existing.values() if pk not in seen]
    _insert_occurrences(plan.pk, to_create)
    Occurrence.objects.bulk_update(to_update, ["label", "due", "is_active", "pillar"], batch_size=2000)
    # A window that no longer exists is removed, unless results were logged for it: those are kept, inactive.
    with_results = [pk for pk, count in stale if count]
    without = [pk for pk, count in stale if not count]
    Occurrence.objects.filter(pk__in=with_results).update(is_active=False)
    Occurrence.objects.filter(pk__in=without).delete()
    result.occurrences_created = len(to_create)
    result.occurrences_removed = len(stale)


@transaction.atomic
def issue_plan(actor: Actor, plan: Plan) -> IssueResult:
    """Issue (or re-issue after edits) a plan's execution part: every activity × lead/coordinating unit and every
    duty × named unit becomes an assignment with its occurrences. Idempotent; logged work is never lost: assignments
    and windows no longer wanted are deactivated (or removed when empty). The whole step, with the plan's reporting
    periods, is `reporting.services.issue_plan`: entry points call that one."""
    refusal = plan_write_refusal(actor, issuer_unit=plan.issuer_unit, owner_unit=plan.owner_unit, existing=plan)
    if refusal:
        raise ExecutionError(refusal)
    if plan.status == PlanStatus.CLOSED:
        raise ExecutionError("Kế hoạch đã kết thúc: không ban hành lại được.")
    set_plan_status(actor, plan, PlanStatus.ISSUED)
    result = IssueResult()
    wanted, result.unassigned_mentions = _wanted_assignments(actor, plan)
    existing = {(a.source_key, a.unit_id): a for a in Assignment.objects.filter(plan=plan)}
    to_create: list[Assignment] = []
    to_update: list[Assignment] = []
    for item in wanted:
        values = _assignment_values(item)
        current = existing.pop(item.key, None)
        if current is None:
            to_create.append(
                Assignment(
                    plan=plan,
                    activity_id=item.activity_id,
                    responsibility_id=item.responsibility_id,
                    duty_index=item.duty_index,
                    unit_id=item.unit_id,
                    **values,
                )
            )
        elif any(getattr(current, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(current, k, v)
            to_update.append(current)
    created = Assignment.objects.bulk_create(to_create, batch_size=1000)
    Assignment.objects.bulk_update(to_update, list(_ASSIGNMENT_FIELDS), batch_size=1000)
    gone = [a.pk for a in existing.values() if a.is_active]
    Assignment.objects.filter(pk__in=gone).update(is_active=False)
    Occurrence.objects.filter(assignment_id__in=gone).update(is_active=False)
    result.created, result.updated, result.deactivated = len(created), len(to_update), len(gone)
    by_key = {(a.source_key, a.unit_id): a for a in [*created, *to_update]}
    unchanged = Assignment.objects.filter(plan=plan, is_active=True).exclude(pk__in=[a.pk for a in by_key.values()])
    for a in unchanged:
        by_key[(a.source_key, a.unit_id)] = a
    timings = {w.key: w.timing for w in wanted}
    _sync_occurrences(plan, [(a, timings[k]) for k, a in by_key.items() if k in timings], result)
    propose_plan_targets(plan)
    log_action(
        actor,
        "execution.plan.issued",
        plan,
        after={
            "assignments_created": result.created,
            "assignments_updated": result.updated,
            "assignments_deactivated": result.deactivated,
            "occurrences_created": result.occurrences_created,
            "occurrences_removed": result.occurrences_removed,
            "unassigned_mentions": result.unassigned_mentions,
        },
    )
    return result
