"""The 1 July 2025 reorganisation applied to the data: what old units still carry moves to their successors.

Units that ended on 30 June 2025 keep every record of their past (results logged before the day, reports of earlier
periods, plans that ended): those still point at the old unit, so history pages and reports of those periods print
the names in force then. What goes on after the day moves, in one transaction, audited per unit: the accounts, the
plans each follows, the assignments of plans still running (with their windows from the day on), results dated from
the day, reports still being written for later periods, and the running plans' unit mentions. A department or office
of a merged province or an abolished district moves to the body of the same name in the successor, which is
created there when it is missing. A commune split between several new ones, or an abolished district, has no single
successor: the dry run lists it with its candidates, and it moves once an administrator decides. A second run finds
nothing left to move.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q

from cchc.accounts.models import User
from cchc.accounts.types import Actor
from cchc.core.audit import log_action
from cchc.execution.models import Assignment, LoggedResult, Occurrence
from cchc.plans.models import Plan, UnitMention
from cchc.reporting.models import EDITABLE_STATUSES, UnitReport
from cchc.units.models import TERRITORIAL_KINDS, Unit, UnitKind
from cchc.units.naming import core_key
from cchc.units.services import DATA_DIR, REORGANISATION_DAY

MOVED = ("users", "plans", "mentions", "assignments", "results", "reports")
MOVED_LABELS = {
    "users": "tài khoản",
    "plans": "kế hoạch theo dõi",
    "mentions": "tên đơn vị trong kế hoạch đang thực hiện",
    "assignments": "nhiệm vụ còn thực hiện",
    "results": "kết quả từ 01/7/2025",
    "reports": "báo cáo đang soạn",
}


class MergerError(ValueError):
    """A decision that cannot be taken; the message is Vietnamese."""


@dataclass
class UnitMove:
    """One old unit: where its current work goes (None until decided) and how much of it there is."""

    old: Unit
    new: Unit | None
    reason: str
    candidates: list[Unit] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    create: bool = False  # the successor body is created under the new People's Committee

    @property
    def needs_decision(self) -> bool:
        return self.new is None and not self.create

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _running(day: dt.date) -> Q:
    return Q(period_end__gte=day)


def _current_units(day: dt.date) -> set[int]:
    """Units that current work still points at: accounts, running plans, results and reports from the day on."""
    running = Plan.objects.filter(_running(day))
    ids: set[int] = set(User.objects.filter(unit__isnull=False).values_list("unit_id", flat=True))
    ids |= set(running.exclude(owner_unit__isnull=True).values_list("owner_unit_id", flat=True))
    ids |= set(UnitMention.objects.filter(plan__in=running, unit__isnull=False).values_list("unit_id", flat=True))
    ids |= set(Assignment.objects.filter(plan__in=running, is_active=True).values_list("unit_id", flat=True))
    ids |= set(LoggedResult.objects.filter(date__gte=day).values_list("unit_id", flat=True))
    reports = UnitReport.objects.filter(period__end__gte=day, status__in=EDITABLE_STATUSES)
    ids |= set(reports.values_list("unit_id", flat=True))
    return ids


def _ended(unit: Unit, day: dt.date) -> bool:
    return unit.valid_until is not None and unit.valid_until < day


@functools.cache
def _new_communes_of() -> dict[str, list[str]]:
    """Old commune code → the codes of the new communes it went into, wholly or in part (the shipped mapping)."""
    with open(DATA_DIR / "commune-merges-2025.json", encoding="utf-8") as fh:
        merges = json.load(fh)["data"]
    into: dict[str, list[str]] = {}
    for province in merges:
        for commune in province["level2s"]:
            for merged in commune["merges"]:
                into.setdefault(f"before:c:{merged['old_id']}", []).append(f"after:c:{commune['level2_id']}")
    return into


def _split_candidates(unit: Unit) -> list[Unit]:
    """The new communes a partly merged old commune went into."""
    return list(Unit.objects.filter(code__in=_new_communes_of().get(unit.code or "", [])).order_by("name"))


def _decided(unit: Unit, decisions: Mapping[int, int]) -> UnitMove | None:
    chosen = Unit.objects.filter(pk=decisions[unit.pk]).first() if unit.pk in decisions else None
    return UnitMove(unit, chosen, "Theo quyết định của quản trị viên") if chosen is not None else None


def _territory_move(unit: Unit, decisions: Mapping[int, int]) -> UnitMove:
    if decided := _decided(unit, decisions):
        return decided
    if unit.successor is not None:
        return UnitMove(unit, unit.successor, "Sáp nhập trọn vẹn theo danh mục đơn vị hành chính 2025")
    if unit.kind == UnitKind.DISTRICT:
        successors = Unit.objects.filter(predecessors__parent=unit).distinct().order_by("name")
        province = unit.parent.successor if unit.parent is not None else None
        candidates = [*([province] if province else []), *successors]
        return UnitMove(unit, None, "Cấp huyện không còn: chọn đơn vị nhận công việc", candidates)
    return UnitMove(unit, None, "Được chia cho nhiều đơn vị mới: chọn đơn vị nhận công việc", _split_candidates(unit))


def _body_move(unit: Unit, root: UnitMove, decisions: Mapping[int, int]) -> UnitMove:
    """A department or office of an old territory: the same body under the successor territory."""
    if decided := _decided(unit, decisions):
        return decided
    if root.new is None:
        return UnitMove(unit, None, f"{root.old.name} chưa có đơn vị kế thừa", root.candidates)
    wanted = core_key(unit.name, root.old.locality)
    for candidate in Unit.objects.filter(path__startswith=root.new.path).exclude(kind__in=TERRITORIAL_KINDS):
        if core_key(candidate.name, root.new.locality) == wanted and not _ended(candidate, REORGANISATION_DAY):
            return UnitMove(unit, candidate, f"Cùng cơ quan thuộc {root.new.name}")
    return UnitMove(unit, root.new, f"Chưa có trong {root.new.name}: sẽ tạo mới", create=True)


def _counts(unit: Unit, day: dt.date) -> dict[str, int]:
    running = Plan.objects.filter(_running(day))
    return {
        "users": User.objects.filter(unit=unit).count(),
        "plans": running.filter(owner_unit=unit).count(),
        "mentions": UnitMention.objects.filter(plan__in=running, unit=unit).count(),
        "assignments": Assignment.objects.filter(plan__in=running, unit=unit, is_active=True).count(),
        "results": LoggedResult.objects.filter(unit=unit, date__gte=day).count(),
        "reports": UnitReport.objects.filter(unit=unit, period__end__gte=day, status__in=EDITABLE_STATUSES).count(),
    }


def plan_merger(decisions: Mapping[int, int] | None = None, day: dt.date = REORGANISATION_DAY) -> list[UnitMove]:
    """The dry run: every old unit that current work still points at, where that work goes, and how much of it;
    `decisions` maps an old unit's id to the unit an administrator chose for it."""
    decisions = decisions or {}
    moves: list[UnitMove] = []
    for unit in Unit.objects.filter(pk__in=_current_units(day)).select_related("successor", "parent"):
        root = unit.territorial_root()
        if not _ended(root, day) and not _ended(unit, day):
            continue
        move = (
            _territory_move(unit, decisions)
            if unit.kind in TERRITORIAL_KINDS
            else _body_move(unit, _territory_move(root, decisions), decisions)
        )
        move.counts = _counts(unit, day)
        if move.total:
            moves.append(move)
    return sorted(moves, key=lambda m: (not m.needs_decision, m.old.path))


def _move_assignments(old: Unit, new: Unit, day: dt.date) -> int:
    """Assignments of running plans follow the unit, with their windows from the day on; where the successor already
    has the same assignment (two merged communes named by one plan), the old one stops and keeps its history."""
    moved = 0
    assignments = Assignment.objects.filter(plan__period_end__gte=day, unit=old, is_active=True)
    taken = {(a.source_key, a.plan_id) for a in Assignment.objects.filter(unit=new)}
    for assignment in assignments:
        later = Occurrence.objects.filter(assignment=assignment, due__gte=day)
        if (assignment.source_key, assignment.plan_id) in taken:
            Assignment.objects.filter(pk=assignment.pk).update(is_active=False)
            later.filter(results_count=0).update(is_active=False)
        else:
            Assignment.objects.filter(pk=assignment.pk).update(unit=new)
            later.update(unit=new)
        moved += 1
    return moved


def _move_reports(old: Unit, new: Unit, day: dt.date) -> int:
    moved = 0
    for report in UnitReport.objects.filter(unit=old, period__end__gte=day, status__in=EDITABLE_STATUSES):
        if not UnitReport.objects.filter(period=report.period, unit=new).exists():
            UnitReport.objects.filter(pk=report.pk).update(unit=new)
            moved += 1
    return moved


def _successor_body(move: UnitMove, created: dict[tuple[int, str], Unit]) -> Unit:
    """The unit the work goes to; a body missing under the new People's Committee is created once."""
    assert move.new is not None
    if not move.create:
        return move.new
    old = move.old
    key = (move.new.pk, core_key(old.name, old.territorial_root().locality))
    if key not in created:
        created[key] = Unit.objects.create(
            name=old.name,
            short_name=old.short_name,
            aliases=old.aliases,
            kind=old.kind,
            parent=move.new,
            locality=move.new.locality,
            valid_from=REORGANISATION_DAY,
        )
    return created[key]


@transaction.atomic
def apply_merger(
    actor: Actor, decisions: Mapping[int, int] | None = None, day: dt.date = REORGANISATION_DAY
) -> list[UnitMove]:
    """Move every decided unit's current work to its successor, all or nothing, one audit entry per unit; units
    still needing a decision are left as they are (run again once decided). Returns the moves made."""
    for old_id, new_id in (decisions or {}).items():
        new = Unit.objects.filter(pk=new_id).first()
        if new is None or _ended(new, day):
            raise MergerError(f"Đơn vị được chọn cho đơn vị số {old_id} không tồn tại hoặc đã hết hiệu lực.")
    done = [m for m in plan_merger(decisions, day) if not m.needs_decision]
    running = Plan.objects.filter(_running(day))
    created: dict[tuple[int, str], Unit] = {}
    for move in done:
        old, new = move.old, _successor_body(move, created)
        move.new = new
        User.objects.filter(unit=old).update(unit=new)
        running.filter(owner_unit=old).update(owner_unit=new)
        UnitMention.objects.filter(plan__in=running, unit=old).update(unit=new)
        counts = dict(move.counts, assignments=_move_assignments(old, new, day), reports=_move_reports(old, new, day))
        LoggedResult.objects.filter(unit=old, date__gte=day).update(unit=new)
        if old.successor_id is None or old.valid_until is None:
            Unit.objects.filter(pk=old.pk).update(successor=new, valid_until=old.valid_until or day - dt.timedelta(1))
        log_action(
            actor,
            "units.unit.merged",
            old,
            before={"unit": old.name},
            after={"successor_id": new.pk, "successor": new.name, "created": move.create, **counts},
        )
    return done
