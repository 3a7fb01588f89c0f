"""Writers for plans: plan JSON import and export, editing, mapping unit mentions, status changes."""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction

from cchc.accounts.types import Actor, signed_in
from cchc.core import inputs
from cchc.core.audit import log_action, snapshot
from cchc.core.text import fold
from cchc.plans.access import plan_write_refusal
from cchc.plans.body import (
    activity_cells,
    ancestors,
    appendix_table,
    header_cells,
    insert,
    move,
    new_appendix,
    new_node,
    next_id,
    parent_of,
    remove,
    skeleton,
    subtree_ids,
    walk,
    with_values,
    without_values,
)
from cchc.plans.body import find as find_node
from cchc.plans.deriving import Level, derive_plan_json
from cchc.plans.funding import read_funding
from cchc.plans.importing.activities import node_activity, row_activity
from cchc.plans.importing.textlayout import column_kinds
from cchc.plans.importing.units import split_units
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
from cchc.plans.schema import LINKED_TEXTS, MAX_BODY_DEPTH, MAX_BODY_NODES, PlanFormatError, PlanIn, parse_plan
from cchc.plans.selectors import LinkedValue, body_links
from cchc.units.models import TERRITORIAL_KINDS, Unit, UnitGroup
from cchc.units.naming import mention_key
from cchc.units.services import MentionResolver


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
        "recipient_headings": [h.model_dump() for h in data.recipient_headings],
        "body": without_values([node.model_dump(mode="json") for node in data.body]),
        "text_nodes": _text_nodes(data),
        "carrier": data.carrier.model_dump(mode="json") if data.carrier else {},
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
def import_plan_json(actor: Actor, raw: Any, *, owner_unit: Unit | None = None) -> ImportResult:
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
    plan = existing or Plan(created_by=actor if signed_in(actor) else None)
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


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _linked(value: dict[str, Any], node: str) -> dict[str, Any]:
    """An exported item with the id of the body node it was read from (when it has one)."""
    return {**value, "node": node} if node else value


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
    return {
        "version": 2,
        "source": plan.source,
        "doc_type": plan.doc_type,
        "number": plan.number,
        "issued_date": _iso(plan.issued_date),
        "issuer": plan.issuer,
        "level": plan.level,
        "locality": plan.locality,
        "title": plan.title,
        "period": {"start": _iso(plan.period_start), "end": _iso(plan.period_end)},
        "legal_bases": plan.legal_bases,
        "references": plan.references,
        "objectives": plan.objectives,
        "requirements": plan.requirements,
        "audiences": plan.audiences,
        "activities": [
            _linked(
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
            _linked(
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
            _linked({"what": r.what, "due": _iso(r.due), "frequency": r.frequency, "to": r.to}, r.node)
            for r in reporting
        ],
        "signer": {"authority": plan.signer_authority, "position": plan.signer_position, "name": plan.signer_name},
        "recipients": plan.recipients,
        "recipient_headings": plan.recipient_headings,
        "body": with_values(plan.body, links),
        **({"carrier": plan.carrier} if plan.carrier else {}),
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
def update_plan(actor: Actor, plan: Plan, **fields: Any) -> Plan:
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
def create_plan(actor: Actor, *, issuer_unit: Unit, owner_unit: Unit | None, **fields: Any) -> Plan:
    """Author a new draft plan issued by `issuer_unit`."""
    check_plan_write(actor, issuer_unit=issuer_unit, owner_unit=owner_unit, existing=None)
    plan = Plan(
        issuer_unit=issuer_unit,
        owner_unit=owner_unit,
        issuer=issuer_unit.name,
        locality=issuer_unit.locality,
        level=_level_of(issuer_unit),
        created_by=actor if signed_in(actor) else None,
    )
    for name, value in _bounded(Plan, fields).items():
        setattr(plan, name, value)
    if plan.period_end < plan.period_start:
        raise PlanError("Thời kỳ: ngày kết thúc trước ngày bắt đầu.")
    plan.body = skeleton(issuer_unit.name)  # the usual outline to fill in, not a blank page
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
    return _write_activity(actor, plan, activity, lead, coordinators, fields)


def _write_activity(
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
    for name, value in _bounded(Activity, fields).items():
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


# --- editing the body (the plan as a document) ---------------------------------------------------------------------

BODY_TEXT_MAX = 20_000
BODY_LABEL_MAX = 40
BODY_CELL_MAX = 4_000


class LinkedValuesError(PlanError):
    """A body edit that would leave values without their place in the text: `values` lists them (path, what);
    ask whether to move them to the enclosing part or delete them."""

    def __init__(self, values: list[tuple[str, str]]) -> None:
        super().__init__(
            "Đoạn này chứa " + "; ".join(what for _, what in values) + ": hãy chọn chuyển sang mục bao ngoài hay xóa."
        )
        self.values = values


def _body_node(plan: Plan, node_id: str) -> dict[str, Any]:
    node = find_node(plan.body, node_id)
    if node is None:
        raise PlanError(f"Toàn văn: không có nút «{node_id[:40]}» trong kế hoạch.")
    return node


def _save_body(actor: Actor, plan: Plan, action: str, before: Any, after: Any) -> None:
    if sum(1 for _ in walk(plan.body)) > MAX_BODY_NODES:
        raise PlanError(f"Toàn văn: quá nhiều nút (tối đa {MAX_BODY_NODES}).")
    plan.save(update_fields=["body", "objectives", "requirements", "audiences", "updated_at"])
    log_action(actor, f"plans.body.{action}", plan, before=before, after=after)


def _body_text(value: Any, label: str, max_length: int, *, multiline: bool = True) -> str:
    try:
        return inputs.clean_text(value, label=label, max_length=max_length, multiline=multiline)
    except inputs.InputError as exc:
        raise PlanError(exc.message) from None


@transaction.atomic
def edit_body_node(
    actor: Actor, plan: Plan, node_id: str, *, label: Any = None, text: Any = None, cells: Any = None
) -> dict[str, Any]:
    """Change a node's number/bullet and text (a row: its cells). A row that holds an activity changes the activity
    with it; a paragraph that holds an objective, requirement or audience changes that item."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    node = _body_node(plan, node_id)
    before = copy.deepcopy({k: v for k, v in node.items() if k != "children"})
    if node["type"] == "row":
        if not isinstance(cells, list) or len(cells) > 30:
            raise PlanError("Hàng của bảng: cần danh sách các ô (tối đa 30 ô).")
        node["cells"] = [_body_text(c, f"Ô {k + 1}", BODY_CELL_MAX) for k, c in enumerate(cells)]
        _activity_from_row(actor, plan, node)
    elif node["type"] in ("section", "paragraph", "appendix"):
        if label is not None:
            node["label"] = _body_text(label, "Số, ký hiệu mục", BODY_LABEL_MAX, multiline=False)
        if text is not None:
            node["text"] = _body_text(text, "Nội dung", BODY_TEXT_MAX)
            if marks := [m for m in node.pop("emphasis", []) if m["text"] in node["text"]]:
                node["emphasis"] = marks  # bold and italic words the new text still holds
        for field_name, nodes in (plan.text_nodes or {}).items():
            for index, linked in enumerate(nodes):
                if linked == node_id and index < len(getattr(plan, field_name)):
                    getattr(plan, field_name)[index] = node["text"]
        _activity_from_item(actor, plan, node)
    else:
        raise PlanError("Bảng không có nội dung riêng để sửa: hãy sửa từng hàng.")
    _save_body(actor, plan, "node_edited", before, {k: v for k, v in node.items() if k != "children"})
    return node


@transaction.atomic
def add_body_node(
    actor: Actor,
    plan: Plan,
    *,
    type_: str,
    after: str | None = None,
    inside: str | None = None,
    label: Any = "",
    text: Any = "",
    cells: Any = None,
) -> dict[str, Any]:
    """Add a section, paragraph or list item (or a row to a table) after a node, or last inside one."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if type_ not in ("section", "paragraph", "row"):
        raise PlanError("Loại nút: chỉ thêm được mục, đoạn văn (hoặc ý gạch đầu dòng) hay hàng của bảng.")
    node = new_node(next_id(plan.body), type_)
    if type_ == "row":
        holder = find_node(plan.body, inside) if inside else None
        sibling = find_node(plan.body, after) if after else None
        if not ((holder and holder["type"] == "table") or (sibling and sibling["type"] == "row")):
            raise PlanError("Hàng mới phải nằm trong một bảng.")
        node["cells"] = [_body_text(c, f"Ô {k + 1}", BODY_CELL_MAX) for k, c in enumerate(cells or [])]
    else:
        node["label"] = _body_text(label, "Số, ký hiệu mục", BODY_LABEL_MAX, multiline=False)
        node["text"] = _body_text(text, "Nội dung", BODY_TEXT_MAX)
        target = find_node(plan.body, inside) if inside else find_node(plan.body, after) if after else None
        if (inside and target is None) or (after and target is None):
            raise PlanError(f"Toàn văn: không có nút «{str(inside or after)[:40]}» trong kế hoạch.")
        if target is not None and (target["type"] in ("table", "row") if inside else target["type"] == "row"):
            raise PlanError("Không thêm được mục hay đoạn văn vào trong bảng.")
    if len(ancestors(plan.body, after or "")) + (2 if inside else 1) > MAX_BODY_DEPTH:
        raise PlanError(f"Toàn văn: quá sâu (tối đa {MAX_BODY_DEPTH} tầng).")
    if not insert(plan.body, node, after=after, inside=inside):
        raise PlanError(f"Toàn văn: không có nút «{str(inside or after)[:40]}» trong kế hoạch.")
    _save_body(actor, plan, "node_added", None, {**node, "after": after, "inside": inside})
    return node


@transaction.atomic
def move_body_node(actor: Actor, plan: Plan, node_id: str, step: int) -> None:
    """Move a node one place up (-1) or down (+1) among its siblings."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    _body_node(plan, node_id)
    if step not in (-1, 1) or not move(plan.body, node_id, step):
        raise PlanError("Không chuyển được: nút đã ở đầu hoặc cuối mục của nó.")
    _save_body(actor, plan, "node_moved", None, {"id": node_id, "step": step})


@transaction.atomic
def delete_body_node(actor: Actor, plan: Plan, node_id: str, *, linked: str | None = None) -> None:
    """Delete a node and what it holds. Values drawn from it (activities, responsibilities, reports, legal bases,
    objectives …) are never left pointing nowhere: without `linked` a LinkedValuesError asks; `linked="move"`
    ties them to the enclosing part (or the previous part for a top-level one), `linked="delete"` deletes them."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    node = _body_node(plan, node_id)
    ids = set(subtree_ids(node))
    values = [v for v in body_links(plan) if v.node in ids]
    if values and linked not in ("move", "delete"):
        raise LinkedValuesError([(v.path, v.what) for v in values])
    target = _move_target(plan, node_id) if values and linked == "move" else None
    if values and linked == "move" and target is None:
        raise PlanError("Không có mục nào để chuyển các giá trị sang: hãy chọn xóa hoặc thêm một mục trước.")
    if values and linked == "delete" and plan.status != PlanStatus.DRAFT:
        raise PlanError("Chỉ xóa được nhiệm vụ, báo cáo của kế hoạch đang dự thảo; hãy chọn chuyển sang mục khác.")
    before = copy.deepcopy(node)
    remove(plan.body, node_id)
    _relink(actor, plan, values, target)
    _save_body(actor, plan, "node_deleted", {"node": before}, {"linked": linked, "moved_to": target})


def _move_target(plan: Plan, node_id: str) -> str | None:
    """Where a deleted node's values go: the nearest enclosing section/paragraph, else the previous top node."""
    holders = [n for n in ancestors(plan.body, node_id) if n["type"] in ("section", "paragraph", "appendix")]
    if holders:
        return str(holders[-1]["id"])
    place = parent_of(plan.body, node_id)
    if place and place[1] > 0:
        return str(place[0][place[1] - 1]["id"])
    return None


def _relink(actor: Actor, plan: Plan, values: list[LinkedValue], target: str | None) -> None:
    """Tie each value to `target`, or (None) delete it; list items are dropped from their list."""
    dropped: dict[str, set[int]] = {}
    for value in values:
        field_name, index = value.field, value.index
        if value.model is not None:
            obj: Any = value.model.objects.get(pk=value.pk, plan=plan)
            if target is None:
                log_action(actor, f"plans.{value.model._meta.model_name}.deleted", obj, before=snapshot(obj), root=plan)
                obj.delete()
            else:
                obj.node = target
                obj.save(update_fields=["node"])
        elif field_name == "legal_bases":
            if target is None:
                dropped.setdefault(field_name, set()).add(index)
            else:
                plan.legal_bases[index]["node"] = target
        else:
            if target is None:
                dropped.setdefault(field_name, set()).add(index)
            else:
                plan.text_nodes[field_name][index] = target
    for field_name, indexes in dropped.items():
        setattr(plan, field_name, [v for k, v in enumerate(getattr(plan, field_name)) if k not in indexes])
        if field_name in (plan.text_nodes or {}):
            plan.text_nodes[field_name] = [v for k, v in enumerate(plan.text_nodes[field_name]) if k not in indexes]
    ordered: tuple[Any, ...] = (Activity, Responsibility, ReportingRequirement)
    for model in ordered:
        for position, obj in enumerate(model.objects.filter(plan=plan).order_by("position", "pk")):
            if obj.position != position:
                obj.position = position
                obj.save(update_fields=["position"])
    plan.save(update_fields=["legal_bases", "objectives", "requirements", "audiences", "text_nodes", "updated_at"])


def _activity_from_row(actor: Actor, plan: Plan, row: dict[str, Any]) -> None:
    """A row edited in the appendix changes the activity it holds (read as the importer reads a row)."""
    activity = plan.activities.filter(node=row["id"]).first()
    if activity is None:
        return
    kinds = column_kinds(header_cells(plan.body, row["id"]))
    cells = {kind: (row["cells"][k] if k < len(row["cells"]) else "").strip() for k, kind in enumerate(kinds)}
    read = row_activity(cells, lambda text: split_units(text, str.strip))
    if not read["content"]:
        raise PlanError("Hàng của bảng: ô Nội dung không được để trống (hàng này là một nhiệm vụ).")
    timing = read["timing"]
    fields = {
        "content": read["content"],
        "forms": read["forms"],
        "timing_text": timing["text"],
        "timing_kind": timing["kind"] or activity.timing_kind,
        "timing_quarters": timing["quarters"],
        "timing_frequency": timing["frequency"],
        "funding": read["funding"] if "funding" in cells else activity.funding,
    }
    if "ref" in cells and cells["ref"].strip(". "):
        fields["ref"] = cells["ref"].strip(". ")
    units = {"lead": read["lead"] if "lead" in cells else None}
    units["coordinators"] = read["coordinators"] if "coordinators" in cells else None
    _write_activity(actor, plan, activity, units["lead"], units["coordinators"], fields, from_row=True)


def _activity_from_item(actor: Actor, plan: Plan, edited: dict[str, Any]) -> None:
    """A numbered item of the body edited (or a line under it, such as «- Đơn vị chủ trì: …») changes the activity
    the item holds, read again as the importer reads it; units it no longer names are kept as they were."""
    for item in [edited, *reversed(ancestors(plan.body, edited["id"]))]:
        activity = plan.activities.filter(node=item["id"], source=Activity.Source.BODY).first()
        if activity is not None:
            break
    else:
        return
    lines = [" ".join(p for p in (c.get("label"), c.get("text")) if p) for c in walk(item.get("children") or [])]
    read = node_activity(item.get("label") or "", item.get("text") or "", lines, lambda t: split_units(t, str.strip))
    fields = {
        "content": read["content"],
        "forms": read["forms"],
        "ref": (item.get("label") or "").strip(". ") or activity.ref,
    }
    if read["timing"]["text"]:
        timing = read["timing"]
        fields.update(
            timing_text=timing["text"],
            timing_kind=timing["kind"] or activity.timing_kind,
            timing_quarters=timing["quarters"],
            timing_frequency=timing["frequency"],
        )
    lead, coordinators = read["lead"] or None, read["coordinators"] or None
    _write_activity(actor, plan, activity, lead, coordinators, fields, from_row=True)


BODY_ACTIONS = ("edit", "add", "up", "down", "delete")


def edit_body(actor: Actor, plan: Plan, action: str, node_id: str | None, data: Any) -> None:
    """One edit of the plan's body as the page and the API send it: `action` one of BODY_ACTIONS on the node
    `node_id` (None: add at the end of the body); `data` holds label, text, cells, type, where and linked."""
    get = data.get
    if action == "edit" and node_id:
        edit_body_node(actor, plan, node_id, label=get("label"), text=get("text"), cells=get("cells"))
    elif action == "add":
        where = get("where") or "after"
        if where not in ("after", "inside"):
            raise PlanError("Vị trí: chỉ «sau nút» hoặc «bên trong nút».")
        add_body_node(
            actor,
            plan,
            type_=str(get("type") or "paragraph"),
            after=node_id if where == "after" else None,
            inside=node_id if where == "inside" else None,
            label=get("label") or "",
            text=get("text") or "",
            cells=get("cells"),
        )
    elif action in ("up", "down") and node_id:
        move_body_node(actor, plan, node_id, -1 if action == "up" else 1)
    elif action == "delete" and node_id:
        delete_body_node(actor, plan, node_id, linked=get("linked") or None)
    else:
        raise PlanError("Thao tác với toàn văn không hợp lệ.")
