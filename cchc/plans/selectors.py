"""What the plan pages show, computed from the plans `access.py` returned (reads only; no permission decisions), and
which values of a plan are drawn from which node of its body (for the page and the body writers)."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet

from cchc.core.listing import Sort
from cchc.core.text import fold
from cchc.plans.models import Activity, Plan, ReportingRequirement, Responsibility, UnitMention


def in_locality(plans: QuerySet[Plan], text: str) -> QuerySet[Plan]:
    """The plans whose locality contains `text`, accents and case aside. The few distinct localities are matched
    here; the plans themselves are filtered in the database."""
    wanted = fold(text)
    localities = plans.order_by().values_list("locality", flat=True).distinct()
    return plans.filter(locality__in=[loc for loc in localities if wanted in fold(loc)])


def plan_page(plan: Plan) -> dict[str, Any]:
    """The plan's activities (from its body and its appendix) and duties with their unit mentions, its reporting
    regime and the mentions not yet tied to a unit."""
    mentions = UnitMention.objects.select_related("unit", "group")
    activities = list(plan.activities.prefetch_related(Prefetch("mentions", queryset=mentions)))
    return {
        "body_activities": [a for a in activities if a.source == Activity.Source.BODY],
        "appendix_activities": [a for a in activities if a.source == Activity.Source.APPENDIX],
        "responsibilities": list(plan.responsibilities.prefetch_related(Prefetch("mentions", queryset=mentions))),
        "reporting": list(plan.reporting.all()),
        "unresolved": [m for m in plan.mentions.all() if not m.resolved],
    }


def activity_units(activity: Activity) -> dict[str, list[str]]:
    """The units an activity names as printed, lead and coordinating: the edit form's initial values."""
    mentions = list(activity.mentions.filter(role__in=("lead", "coordinate")).values_list("role", "text"))
    return {
        "lead": [text for role, text in mentions if role == "lead"],
        "coordinators": [text for role, text in mentions if role == "coordinate"],
    }


@dataclass(frozen=True)
class LinkedValue:
    """A value of the plan drawn from a body node: `path` as in plan JSON ('activities[3]'), `what` in Vietnamese."""

    path: str
    field: str
    index: int
    node: str
    what: str
    model: Any = None
    """The model of a value stored as a row (Activity, Responsibility, ReportingRequirement), and its pk."""
    pk: int | None = None


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def body_links(plan: Plan) -> list[LinkedValue]:
    """Every value of the plan that names its node in the body, in plan JSON order."""
    out: list[LinkedValue] = []
    for index, basis in enumerate(plan.legal_bases or []):
        if basis.get("node"):
            what = f"căn cứ «{_short(' '.join(str(basis.get(k) or '') for k in ('type', 'number')))}»"
            out.append(LinkedValue(f"legal_bases[{index}]", "legal_bases", index, basis["node"], what))
    rows: tuple[tuple[str, Any, str, str], ...] = (
        ("activities", Activity, "nhiệm vụ", "content"),
        ("responsibilities", Responsibility, "phân công", "ref"),
        ("reporting", ReportingRequirement, "yêu cầu báo cáo", "what"),
    )
    for field, model, label, text in rows:
        for index, obj in enumerate(model.objects.filter(plan=plan).order_by("position", "pk")):
            if obj.node:
                what = f"{label} «{_short(getattr(obj, text) or obj.ref)}»"
                out.append(LinkedValue(f"{field}[{index}]", field, index, obj.node, what, model, obj.pk))
    labels = {"objectives": "mục đích", "requirements": "yêu cầu", "audiences": "đối tượng"}
    for field, nodes in (plan.text_nodes or {}).items():
        items = getattr(plan, field, None) or []
        for index, node in enumerate(nodes):
            if node and index < len(items):
                what = f"{labels.get(field, field)} «{_short(items[index])}»"
                out.append(LinkedValue(f"{field}[{index}]", field, index, node, what))
    return out


def document(plan: Plan) -> list[dict[str, Any]]:
    """The body for the plan page: a copy whose nodes carry `links` (what each is the source of, in Vietnamese)
    and whose tables carry their `header` cells apart from the other rows."""
    by_node: dict[str, list[str]] = {}
    for value in body_links(plan):
        by_node.setdefault(value.node, []).append(value.what)
    nodes = copy.deepcopy(plan.body or [])
    stack = list(nodes)
    while stack:
        node = stack.pop()
        node["links"] = by_node.get(node.get("id", ""), [])
        children = node.get("children") or []
        if node.get("type") == "table":
            node["head"] = next((r.get("cells") or [] for r in children if r.get("header")), [])
            node["rows"] = [r for r in children if not r.get("header")]
        stack.extend(children)
    return nodes


PLAN_SORTS = {
    "thoi_ky": Sort("Thời kỳ", fields=("period_start", "issuer")),
    "so": Sort("Số, ký hiệu", fields=("number",)),
    "co_quan": Sort("Cơ quan ban hành", fields=("issuer", "period_start")),
    "trang_thai": Sort("Trạng thái", fields=("status", "period_start")),
}
HISTORY_SORTS = {"moi_nhat": Sort("Thời điểm")}  # the history is read newest first, as recorded
