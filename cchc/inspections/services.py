"""Writers for inspections: open a round (units chosen or sampled, checklist generated from each unit's assignments
and evidence), judge each item, record findings and recommendations, report and confirm their follow-up."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import Count

from cchc.accounts.types import Actor, signed_in
from cchc.core import inputs
from cchc.core.audit import log_action, snapshot
from cchc.execution.models import Assignment, Evidence, LoggedResult
from cchc.inspections.models import (
    ChecklistItem,
    Finding,
    FollowUp,
    InspectionRound,
    Recommendation,
    RoundStatus,
    Severity,
    Verdict,
)
from cchc.plans.models import Plan
from cchc.units.models import Unit

MAX_UNITS = 500


class InspectionError(ValueError):
    """An inspection write that cannot be made; the message is Vietnamese."""


def _text(value: Any, label: str, max_length: int = 5000) -> str:
    try:
        return inputs.clean_text(value, label=label, max_length=max_length, required=True)
    except inputs.InputError as exc:
        raise InspectionError(exc.message) from None


def inspectable_units(plan: Plan) -> list[Unit]:
    """Units with an active assignment in the plan: those an inspection can visit."""
    ids = Assignment.objects.filter(plan=plan, is_active=True).values("unit_id")
    return list(Unit.objects.filter(pk__in=ids).order_by("name"))


def _choose(plan: Plan, units: Sequence[Unit] | None, sample: int | None, seed: int) -> tuple[list[Unit], bool]:
    candidates = inspectable_units(plan)
    if units:
        allowed = {u.pk for u in candidates}
        stray = [u.name for u in units if u.pk not in allowed]
        if stray:
            raise InspectionError(f"Đơn vị không có nhiệm vụ trong kế hoạch này: {', '.join(stray)}.")
        return list(units), False
    if sample is None or not 1 <= sample <= min(len(candidates), MAX_UNITS):
        raise InspectionError(
            f"Chọn đơn vị được kiểm tra, hoặc số đơn vị chọn mẫu từ 1 đến {min(len(candidates), MAX_UNITS)}."
        )
    return sorted(random.Random(seed).sample(candidates, sample), key=lambda u: u.name), True


def _ref_key(ref: str) -> tuple[tuple[int, int | str], ...]:
    """ "1.2" before "10": numbered parts compared as numbers, in the plan's order."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in ref.split("."))


def _proposed(results: int, evidence: int) -> str:
    if results and evidence:
        return Verdict.MET
    return Verdict.PARTIAL if results else Verdict.NOT_MET


@transaction.atomic
def create_round(
    actor: Actor,
    plan: Plan,
    *,
    title: str,
    start: dt.date,
    end: dt.date,
    team: list[str],
    units: Sequence[Unit] | None = None,
    sample: int | None = None,
    seed: int | None = None,
) -> InspectionRound:
    """Open a round over the plan's work from `start` to `end` at the chosen units (or `sample` of them drawn at
    random, reproducibly from `seed`), with a checklist item per active assignment: its results in the period, the
    evidence behind them and a proposed verdict (met with evidence, partly without, not met with nothing)."""
    if start > end:
        raise InspectionError("Thời gian kiểm tra: ngày bắt đầu sau ngày kết thúc.")
    if end < plan.period_start or start > plan.period_end:
        raise InspectionError("Thời gian kiểm tra phải nằm trong thời kỳ của kế hoạch.")
    inputs.check_date(start, label="Từ ngày")
    inputs.check_date(end, label="Đến ngày")
    chosen, sampled = _choose(plan, units, sample, seed if seed is not None else plan.pk)
    inspection = InspectionRound.objects.create(
        plan=plan,
        title=_text(title, "Tên đợt kiểm tra", 255),
        start=start,
        end=end,
        team=[_text(member, "Thành phần đoàn", 255) for member in team if str(member).strip()][:50],
        sampled=sampled,
        created_by=actor if signed_in(actor) else None,
    )
    inspection.units.set(chosen)
    assignments = sorted(
        Assignment.objects.filter(plan=plan, unit__in=chosen, is_active=True).select_related("unit"),
        key=lambda a: (a.unit.name, _ref_key(a.ref), a.pk),
    )
    logged = LoggedResult.objects.filter(plan=plan, date__gte=start, date__lte=end, unit__in=chosen)
    results = dict(logged.order_by().values_list("assignment_id").annotate(n=Count("id")))
    evidence = dict(
        Evidence.objects.filter(result__in=logged)
        .order_by()
        .values_list("result__assignment_id")
        .annotate(n=Count("id"))
    )
    ChecklistItem.objects.bulk_create(
        ChecklistItem(
            round=inspection,
            unit_id=a.unit_id,
            assignment=a,
            requirement=f"{a.ref}. {a.title}" if a.ref else a.title,
            results=results.get(a.pk, 0),
            evidence=evidence.get(a.pk, 0),
            proposed=_proposed(results.get(a.pk, 0), evidence.get(a.pk, 0)),
        )
        for a in assignments
    )
    log_action(actor, "inspections.round.created", inspection, after=snapshot(inspection), root=plan)
    return inspection


def _open(inspection: InspectionRound) -> None:
    if inspection.status == RoundStatus.CLOSED:
        raise InspectionError("Đợt kiểm tra đã kết thúc: không sửa được.")


@transaction.atomic
def judge(actor: Actor, item: ChecklistItem, verdict: str, note: str = "") -> ChecklistItem:
    """The team's verdict on one checklist item."""
    _open(item.round)
    if verdict not in Verdict.values:
        raise InspectionError("Đánh giá: không có trong danh mục.")
    before = snapshot(item, ["verdict", "note"])
    item.verdict = verdict
    item.note = inputs.clean_text(note, label="Ghi chú", max_length=5000)
    item.save(update_fields=["verdict", "note"])
    log_action(actor, "inspections.item.judged", item, before=before, after=snapshot(item, ["verdict", "note"]),
               root=item.round.plan)  # fmt: skip
    return item


@transaction.atomic
def add_finding(actor: Actor, inspection: InspectionRound, unit: Unit, text: str, severity: str) -> Finding:
    """A shortcoming found at one of the round's units."""
    _open(inspection)
    if not inspection.units.filter(pk=unit.pk).exists():
        raise InspectionError(f"{unit.name} không thuộc đợt kiểm tra này.")
    if severity not in Severity.values:
        raise InspectionError("Mức độ: không có trong danh mục.")
    finding = Finding.objects.create(
        round=inspection, unit=unit, text=_text(text, "Tồn tại, hạn chế"), severity=severity
    )
    log_action(actor, "inspections.finding.created", finding, after=snapshot(finding), root=inspection.plan)
    return finding


@transaction.atomic
def add_recommendation(actor: Actor, finding: Finding, text: str, due: dt.date) -> Recommendation:
    """What the unit must do about a finding, and by when (not before the round's period ends)."""
    _open(finding.round)
    inputs.check_date(due, label="Hạn khắc phục")
    if due < finding.round.end:
        raise InspectionError("Hạn khắc phục phải sau thời gian kiểm tra.")
    rec = Recommendation.objects.create(finding=finding, text=_text(text, "Kiến nghị"), due=due)
    log_action(actor, "inspections.recommendation.created", rec, after=snapshot(rec), root=finding.round.plan)
    return rec


@transaction.atomic
def follow_up(actor: Actor, rec: Recommendation, status: str, note: str) -> Recommendation:
    """The unit reports (or the owner office confirms) how far a recommendation was carried out."""
    if status not in FollowUp.values:
        raise InspectionError("Tình trạng khắc phục: không có trong danh mục.")
    before = snapshot(rec, ["status", "follow_up"])
    rec.status = status
    rec.follow_up = inputs.clean_text(note, label="Kết quả khắc phục", max_length=5000)
    if status == FollowUp.DONE and not rec.follow_up:
        raise InspectionError("Kết quả khắc phục: hãy ghi đã làm gì khi báo đã khắc phục.")
    rec.save(update_fields=["status", "follow_up", "updated_at"])
    log_action(actor, "inspections.recommendation.followed_up", rec, before=before,
               after=snapshot(rec, ["status", "follow_up"]), root=rec.finding.round.plan)  # fmt: skip
    return rec


@transaction.atomic
def close_round(actor: Actor, inspection: InspectionRound) -> InspectionRound:
    """End the round: verdicts and findings are final; follow-up goes on."""
    inspection.status = RoundStatus.CLOSED
    inspection.save(update_fields=["status"])
    log_action(actor, "inspections.round.closed", inspection, root=inspection.plan)
    return inspection
