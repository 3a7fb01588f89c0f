"""Plan JSON in and out: a plan created or updated from it (with its activities, responsibilities, reporting
requirements and unit mentions), and a plan written back to it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from cchc.accounts.types import Actor, signed_in
from cchc.core.audit import log_action, snapshot
from cchc.core.text import fold
from cchc.plans.body import walk, with_values, without_values
from cchc.plans.funding import read_funding
from cchc.plans.models import Activity, Plan, PlanStatus, ReportingRequirement, Responsibility, UnitMention
from cchc.plans.schema import LINKED_TEXTS, PlanFormatError, PlanIn, parse_plan
from cchc.plans.services.errors import check_plan_write, number_clash
from cchc.plans.services.mentions import add_mentions, mention_resolver
from cchc.units.models import TERRITORIAL_KINDS, Unit
from cchc.units.naming import mention_key


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
        "issued_date_text": data.issued_date_text,
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


def _replace_children(plan: Plan, data: PlanIn) -> list[str]:
    unresolved: list[str] = []
    resolver = mention_resolver(plan)
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
        add_mentions(resolver, plan, item.lead, UnitMention.Role.LEAD, unresolved, activity=activity)
        add_mentions(resolver, plan, item.coordinators, UnitMention.Role.COORDINATE, unresolved, activity=activity)
    for position, resp in enumerate(data.responsibilities):
        responsibility = Responsibility.objects.create(
            plan=plan, position=position, ref=resp.ref, mode=resp.mode, duties=resp.duties, node=resp.node or ""
        )
        add_mentions(
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
    clash = number_clash(
        data.issuer, data.number, data.issued_date, data.period.start, existing.pk if existing else None
    )
    if clash:
        raise PlanFormatError([clash])
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
        **({"issued_date_text": plan.issued_date_text} if plan.issued_date_text else {}),
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
