"""Editing the body (the plan as a document): a node's text, adding, moving and deleting nodes; the values drawn
from a node (activities, objectives …) follow it."""

from __future__ import annotations

import copy
from typing import Any

from django.db import transaction

from cchc.accounts.types import Actor
from cchc.core import inputs
from cchc.core.audit import log_action, snapshot
from cchc.plans.body import (
    ancestors,
    header_cells,
    insert,
    move,
    new_node,
    next_id,
    parent_of,
    remove,
    subtree_ids,
    walk,
)
from cchc.plans.body import find as find_node
from cchc.plans.importing.activities import node_activity, row_activity
from cchc.plans.importing.textlayout import column_kinds
from cchc.plans.importing.units import split_units
from cchc.plans.models import Activity, Plan, PlanStatus, ReportingRequirement, Responsibility
from cchc.plans.schema import MAX_BODY_DEPTH, MAX_BODY_NODES
from cchc.plans.selectors import LinkedValue, body_links
from cchc.plans.services.activities import write_activity
from cchc.plans.services.errors import PlanError

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
    write_activity(actor, plan, activity, units["lead"], units["coordinators"], fields, from_row=True)


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
    write_activity(actor, plan, activity, lead, coordinators, fields, from_row=True)


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
