"""Writers for plans: plan JSON import and export, editing, mapping unit mentions, status changes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction

from cchc.core import inputs
from cchc.core.audit import log_action, snapshot
from cchc.core.text import fold
from cchc.plans.access import plan_write_refusal
from cchc.plans.body import walk, with_values, without_values
from cchc.plans.deriving import Level, derive_plan_json
from cchc.plans.funding import read_funding
from cchc.plans.models import (
    Activity,
    FundingKind,
    FundingSource,
    Plan,
    PlanStatus,
    ReportingRequirement,
    Responsibility,
    UnitMention,
)
from cchc.plans.schema import LINKED_TEXTS, PlanFormatError, PlanIn, parse_plan
from cchc.units.models import TERRITORIAL_KINDS, Unit, UnitGroup
from cchc.units.naming import mention_key
from cchc.units.services import MentionResolver


class PlanError(ValueError):
    """A plan write that cannot be made; the message is Vietnamese and names the field."""


class PlanAccessError(PlanFormatError):
    """A plan write the actor may not make (another office's plan, another body's name); the message says why."""

    def __init__(self, message: str) -> None:
        super().__init__([message])


def check_plan_write(actor: Any, *, issuer_unit: Unit | None, owner_unit: Unit | None, existing: Plan | None) -> None:
    """Raise PlanAccessError unless the actor may create this plan (or change `existing`)."""
    refusal = plan_write_refusal(actor, issuer_unit=issuer_unit, owner_unit=owner_unit, existing=existing)
    if refusal:
        raise PlanAccessError(refusal)


def _bounded(model: type[models.Model], fields: dict[str, Any]) -> dict[str, Any]:
    """The fields cleaned and within their columns' bounds (core.inputs), or PlanError naming what is not."""
    try:
        return inputs.bounded(model, fields)
    except inputs.InputError as exc:
        raise PlanError(exc.message) from None


@dataclass
class ImportResult:
    plan: Plan
    created: bool
    unresolved: list[str] = field(default_factory=list)


def find_issuer_unit(issuer: str, on: dt.date) -> Unit | None:
    """The People's Committee or ministry that a plan's issuer line names, valid on the given day."""
    wanted = mention_key(issuer)
    for unit in Unit.objects.filter(kind__in=TERRITORIAL_KINDS, match_key=wanted).valid_on(on):
        return unit
    return None


def find_owner_unit(plan: Plan) -> Unit | None:
    """The office that monitors the plan: the home-affairs office its responsibilities name, else the first one."""
    mentions = [
        m for m in plan.mentions.filter(responsibility__isnull=False, unit__isnull=False).select_related("unit")
    ]
    for mention in mentions:
        if "noi vu" in fold(mention.text):
            return mention.unit
    return mentions[0].unit if mentions else None


def _check_number_unique(data: PlanIn, existing: Plan | None) -> None:
    if not data.number:
        return
    year = (data.issued_date or data.period.start).year
    clash = Plan.objects.filter(issuer=data.issuer, number=data.number)
    clash = clash.filter(issued_date__year=year) if data.issued_date else clash.filter(period_start__year=year)
    if existing is not None:
        clash = clash.exclude(pk=existing.pk)
    if clash.exists():
        raise PlanFormatError([f"Số, ký hiệu: {data.issuer} đã dùng số «{data.number}» trong năm {year}."])


def find_matching_plan(data: PlanIn) -> Plan | None:
    """The stored plan a plan JSON stands for: same issuer and number in the same period, or same source file."""
    if data.number:
        found = Plan.objects.filter(issuer=data.issuer, number=data.number, period_start=data.period.start).first()
        if found:
            return found
    if data.source:
        return Plan.objects.filter(source=data.source, issuer=data.issuer).first()
    return None


def _plan_fields(data: PlanIn) -> dict[str, Any]:
    return {
        "source": data.source,
        "doc_type": data.doc_type,
        "number": data.number,
        "issued_date": data.issued_date,
        "issuer": data.issuer,
        "level": data.level,
        "locality": data.locality,
        "title": data.title,
        "period_start": data.period.start,
        "period_end": data.period.end,
        "legal_bases": [
            lb.model_dump(mode="json", exclude={"node"} if lb.node is None else None) for lb in data.legal_bases
        ],
        "references": data.references,
        "objectives": data.objectives,
        "requirements": data.requirements,
        "audiences": data.audiences,
        "signer_authority": data.signer.authority,
        "signer_position": data.signer.position,
        "signer_name": data.signer.name,
        "recipients": data.recipients,
        "body": without_values([node.model_dump(mode="json") for node in data.body]),
        "text_nodes": _text_nodes(data),
    }


def _text_nodes(data: PlanIn) -> dict[str, list[str | None]]:
    """Which node each objective, requirement and audience came from (the node names them in plan JSON)."""
    named: dict[str, str] = {}
    for node in walk([n.model_dump() for n in data.body]):
        for path in node["values"]:
            named[path] = node["id"]
    out: dict[str, list[str | None]] = {}
    for field_name in LINKED_TEXTS:
        nodes = [named.get(f"{field_name}[{k}]") for k in range(len(getattr(data, field_name)))]
        if any(nodes):
            out[field_name] = nodes
    return out


def _resolver(plan: Plan) -> MentionResolver | None:
    return MentionResolver(plan.issuer_unit, plan.period_start) if plan.issuer_unit else None


def _add_mentions(
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


def _replace_children(plan: Plan, data: PlanIn) -> list[str]:
    unresolved: list[str] = []
    resolver = _resolver(plan)
    plan.mentions.all().delete()
    plan.activities.all().delete()
    plan.responsibilities.all().delete()
    plan.reporting.all().delete()
    for position, item in enumerate(data.activities):
        funding = read_funding(item.funding, data.level)
        activity = Activity.objects.create(
            plan=plan,
            position=position,
            ref=item.ref,
            source=item.source,
            group=item.group,
            content=item.content,
            forms=item.forms,
            timing_text=item.timing.text,
            timing_kind=item.timing.kind,
            timing_quarters=item.timing.quarters,
            timing_frequency=item.timing.frequency,
            funding=item.funding,
            funding_kind=funding[0],
            funding_source=funding[1],
            node=item.node or "",
        )
        _add_mentions(resolver, plan, item.lead, UnitMention.Role.LEAD, unresolved, activity=activity)
        _add_mentions(resolver, plan, item.coordinators, UnitMention.Role.COORDINATE, unresolved, activity=activity)
    for position, resp in enumerate(data.responsibilities):
        responsibility = Responsibility.objects.create(
            plan=plan, position=position, ref=resp.ref, mode=resp.mode, duties=resp.duties, node=resp.node or ""
        )
        _add_mentions(
            resolver, plan, resp.units, UnitMention.Role.RESPONSIBLE, unresolved, responsibility=responsibility
        )
    ReportingRequirement.objects.bulk_create(
        ReportingRequirement(
            plan=plan,
            position=position,
            what=rep.what,
            due=rep.due,
            frequency=rep.frequency,
            to=rep.to,
            node=rep.node or "",
        )
        for position, rep in enumerate(data.reporting)
    )
    return list(dict.fromkeys(unresolved))


@transaction.atomic
def import_plan_json(actor: Any, raw: Any, *, owner_unit: Unit | None = None) -> ImportResult:
    """Create or update a plan from plan JSON; unresolved unit mentions are kept as text and listed.

    An existing plan with the same issuer and number (or the same source file) is updated in place,
    unless it has been issued: issued plans change only through their edit screens.
    """
    data = parse_plan(raw)
    existing = find_matching_plan(data)
    issuer_unit = find_issuer_unit(data.issuer, data.period.start) or (existing.issuer_unit if existing else None)
    # The plan is matched by what the file says; whether this actor may write it is asked before anything changes.
    check_plan_write(actor, issuer_unit=issuer_unit, owner_unit=owner_unit, existing=existing)
    _check_number_unique(data, existing)
    if existing is not None and existing.status != PlanStatus.DRAFT:
        raise PlanFormatError(["Kế hoạch này đã ban hành: hãy sửa trên màn hình kế hoạch, không nhập đè."])
    before = snapshot(existing) if existing else None
    plan = existing or Plan(created_by=actor if getattr(actor, "is_authenticated", False) else None)
    for name, value in _plan_fields(data).items():
        setattr(plan, name, value)
    plan.issuer_unit = issuer_unit
    plan.save()
    unresolved = _replace_children(plan, data)
    # Ownership never moves: an existing plan keeps the office that follows it.
    plan.owner_unit = plan.owner_unit or owner_unit or find_owner_unit(plan)
    plan.save(update_fields=["owner_unit"])
    log_action(actor, "plans.plan.imported", plan, before=before, after=export_plan_json(plan))
    return ImportResult(plan=plan, created=existing is None, unresolved=unresolved)


def _mention_texts(mentions: list[UnitMention], role: str) -> list[str]:
    return [m.text for m in mentions if m.role == role]


def export_plan_json(plan: Plan) -> dict[str, Any]:
    """The plan in the interchange format, exactly as docs/plan-json-schema.md describes it."""
    mentions = list(plan.mentions.all())
    by_activity: dict[int, list[UnitMention]] = {}
    by_responsibility: dict[int, list[UnitMention]] = {}
    for m in mentions:
        if m.activity_id:
            by_activity.setdefault(m.activity_id, []).append(m)
        elif m.responsibility_id:
            by_responsibility.setdefault(m.responsibility_id, []).append(m)
    iso = lambda d: d.isoformat() if d else None  # noqa: E731
    activities = list(plan.activities.all())
    responsibilities = list(plan.responsibilities.all())
    reporting = list(plan.reporting.all())
    links: dict[str, str] = {}
    for field_name, values in (
        ("legal_bases", [lb.get("node") for lb in plan.legal_bases]),
        ("activities", [a.node for a in activities]),
        ("responsibilities", [r.node for r in responsibilities]),
        ("reporting", [r.node for r in reporting]),
        *((name, plan.text_nodes.get(name) or []) for name in LINKED_TEXTS),
    ):
        for index, node_id in enumerate(values):
            if node_id:
                links[f"{field_name}[{index}]"] = node_id
    linked = lambda value, node: {**value, "node": node} if node else value  # noqa: E731
    return {
        "version": 2,
        "source": plan.source,
        "doc_type": plan.doc_type,
        "number": plan.number,
        "issued_date": iso(plan.issued_date),
        "issuer": plan.issuer,
        "level": plan.level,
        "locality": plan.locality,
        "title": plan.title,
        "period": {"start": iso(plan.period_start), "end": iso(plan.period_end)},
        "legal_bases": plan.legal_bases,
        "references": plan.references,
        "objectives": plan.objectives,
        "requirements": plan.requirements,
        "audiences": plan.audiences,
        "activities": [
            linked(
                {
                    "ref": a.ref,
                    "source": a.source,
                    "group": a.group,
                    "content": a.content,
                    "forms": a.forms,
                    "lead": _mention_texts(by_activity.get(a.pk, []), UnitMention.Role.LEAD),
                    "coordinators": _mention_texts(by_activity.get(a.pk, []), UnitMention.Role.COORDINATE),
                    "timing": {
                        "text": a.timing_text,
                        "kind": a.timing_kind,
                        "quarters": a.timing_quarters,
                        "frequency": a.timing_frequency,
                    },
                    "funding": a.funding,
                },
                a.node,
            )
            for a in activities
        ],
        "responsibilities": [
            linked(
                {
                    "ref": r.ref,
                    "units": [m.text for m in by_responsibility.get(r.pk, [])],
                    "mode": r.mode,
                    "duties": r.duties,
                },
                r.node,
            )
            for r in responsibilities
        ],
        "reporting": [
            linked({"what": r.what, "due": iso(r.due), "frequency": r.frequency, "to": r.to}, r.node) for r in reporting
        ],
        "signer": {"authority": plan.signer_authority, "position": plan.signer_position, "name": plan.signer_name},
        "recipients": plan.recipients,
        "body": with_values(plan.body, links),
    }


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
def update_plan(actor: Any, plan: Plan, **fields: Any) -> Plan:
    """Change a plan's own fields; validates dates and the number's uniqueness."""
    unknown = set(fields) - set(EDITABLE_PLAN_FIELDS)
    if unknown:
        raise PlanError(f"Không sửa được trường: {', '.join(sorted(unknown))}.")
    before = snapshot(plan)
    for name, value in _bounded(Plan, fields).items():
        setattr(plan, name, value)
    if plan.period_end < plan.period_start:
        raise PlanError("Thời kỳ: ngày kết thúc trước ngày bắt đầu.")
    if plan.number:
        year = (plan.issued_date or plan.period_start).year
        clash = Plan.objects.filter(issuer=plan.issuer, number=plan.number).exclude(pk=plan.pk)
        clash = clash.filter(issued_date__year=year) if plan.issued_date else clash.filter(period_start__year=year)
        if clash.exists():
            raise PlanError(f"Số, ký hiệu: {plan.issuer} đã dùng số «{plan.number}» trong năm {year}.")
    plan.save()
    log_action(actor, "plans.plan.updated", plan, before=before, after=snapshot(plan))
    return plan


@transaction.atomic
def create_plan(actor: Any, *, issuer_unit: Unit, owner_unit: Unit | None, **fields: Any) -> Plan:
    """Author a new draft plan issued by `issuer_unit`."""
    check_plan_write(actor, issuer_unit=issuer_unit, owner_unit=owner_unit, existing=None)
    plan = Plan(
        issuer_unit=issuer_unit,
        owner_unit=owner_unit,
        issuer=issuer_unit.name,
        locality=issuer_unit.locality,
        level=_level_of(issuer_unit),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    for name, value in _bounded(Plan, fields).items():
        setattr(plan, name, value)
    if plan.period_end < plan.period_start:
        raise PlanError("Thời kỳ: ngày kết thúc trước ngày bắt đầu.")
    plan.save()
    log_action(actor, "plans.plan.created", plan, after=snapshot(plan))
    return plan


def _level_of(unit: Unit) -> str:
    return {"ministry": "ministry", "province": "province", "district": "district"}.get(unit.kind, "commune")


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
    resolver = _resolver(activity.plan)
    for role, texts in ((UnitMention.Role.LEAD, lead), (UnitMention.Role.COORDINATE, coordinators)):
        if texts is None:
            continue
        activity.mentions.filter(role=role).delete()
        _add_mentions(resolver, activity.plan, [t for t in texts if t.strip()], role, unresolved, activity=activity)
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
    actor: Any,
    plan: Plan,
    activity: Activity | None = None,
    *,
    lead: list[str] | None = None,
    coordinators: list[str] | None = None,
    **fields: Any,
) -> Activity:
    """Add an activity to a plan, or change one; lead and coordinating units are given as printed."""
    if not str(fields.get("content", activity.content if activity else "")).strip():
        raise PlanError("Nội dung: không được để trống.")
    # Read the stored row: a bound form may already have changed the instance in memory.
    before = snapshot(Activity.objects.get(pk=activity.pk)) if activity else None
    if activity is None:
        activity = Activity(plan=plan, position=plan.activities.count())
    unknown = set(fields) - set(ACTIVITY_FIELDS)
    if unknown:
        raise PlanError(f"Không sửa được trường: {', '.join(sorted(unknown))}.")
    for name, value in _bounded(Activity, fields).items():
        setattr(activity, name, value)
    _check_funding(activity)
    activity.save()
    _set_activity_units(activity, lead, coordinators)
    log_action(
        actor,
        "plans.activity.created" if before is None else "plans.activity.updated",
        activity,
        before=before,
        after={**snapshot(activity), "lead": lead, "coordinators": coordinators},
        root=plan,
    )
    return activity


@transaction.atomic
def delete_activity(actor: Any, activity: Activity) -> None:
    """Remove an activity from a draft plan."""
    plan = activity.plan
    if plan.status != PlanStatus.DRAFT:
        raise PlanError("Chỉ xóa được nhiệm vụ của kế hoạch đang dự thảo.")
    before = snapshot(activity)
    log_action(actor, "plans.activity.deleted", activity, before=before, root=plan)
    activity.delete()


@transaction.atomic
def map_mention(actor: Any, mention: UnitMention, *, unit: Unit | None = None, group: UnitGroup | None = None) -> None:
    """Say which unit (or group) a printed mention stands for; the printed text is kept."""
    if (unit is None) == (group is None):
        raise PlanError("Chọn đúng một đơn vị hoặc một nhóm đơn vị.")
    before = snapshot(mention)
    mention.unit, mention.group = unit, group
    mention.save(update_fields=["unit", "group"])
    log_action(actor, "plans.mention.mapped", mention, before=before, after=snapshot(mention), root=mention.plan)


ALLOWED_TRANSITIONS = {
    PlanStatus.DRAFT: {PlanStatus.ISSUED},
    PlanStatus.ISSUED: {PlanStatus.CLOSED, PlanStatus.ISSUED},
    PlanStatus.CLOSED: set(),
}


@transaction.atomic
def set_plan_status(actor: Any, plan: Plan, status: str) -> Plan:
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
def derive_plan(actor: Any, parent: Plan, *, issuer_unit: Unit, owner_unit: Unit | None) -> ImportResult:
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
