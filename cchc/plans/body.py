"""The plan's body: the document's text as an ordered tree of nodes (docs/plan-json-schema.md, `body`).

A node is a plain dict: ``{"id", "type", "label", "text", "cells", "header", "children"}`` where `type` is
``section`` (a numbered part: label as printed, heading, children), ``paragraph`` (running text or a list item:
label is the bullet or number as printed, or empty), ``table`` (children are ``row`` nodes with `cells`),
``row`` and ``appendix`` (the appendix: its title lines as paragraphs, then its table). Pure functions, no ORM.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

Node = dict[str, Any]


def new_node(node_id: str, type_: str, *, label: str = "", text: str = "", cells: list[str] | None = None) -> Node:
    node: Node = {"id": node_id, "type": type_, "label": label, "text": text, "children": []}
    if cells is not None:
        node["cells"] = cells
    return node


def walk(nodes: list[Node]) -> Iterator[Node]:
    """Every node in reading order (a node before its children)."""
    stack = list(reversed(nodes))
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.get("children") or []))


def find(nodes: list[Node], node_id: str) -> Node | None:
    return next((n for n in walk(nodes) if n.get("id") == node_id), None)


def parent_of(nodes: list[Node], node_id: str) -> tuple[list[Node], int] | None:
    """The list that holds the node and its index there."""
    stack = [nodes]
    while stack:
        siblings = stack.pop()
        for index, node in enumerate(siblings):
            if node.get("id") == node_id:
                return siblings, index
            stack.append(node.get("children") or [])
    return None


def next_id(nodes: list[Node]) -> str:
    """A node id not used yet ("n<k>")."""
    used = [int(n["id"][1:]) for n in walk(nodes) if str(n.get("id", "")).startswith("n") and n["id"][1:].isdigit()]
    return f"n{max(used, default=0) + 1}"


def node_text(node: Node) -> str:
    """What a node prints on its own line(s): label and text, or a row's cells."""
    if node.get("type") == "row":
        return " | ".join(node.get("cells") or [])
    return " ".join(part for part in (node.get("label", ""), node.get("text", "")) if part)


def with_values(body: list[Node], links: dict[str, str]) -> list[Node]:
    """A copy of the body whose nodes name the values drawn from them (`links`: value path → node id)."""
    out = copy.deepcopy(body)
    by_node: dict[str, list[str]] = {}
    for path, node_id in links.items():
        by_node.setdefault(node_id, []).append(path)
    for node in walk(out):
        node.pop("values", None)
        if node["id"] in by_node:
            node["values"] = by_node[node["id"]]
    return out


def canonical(nodes: list[Node], *, values: bool = True) -> list[Node]:
    """The body in its one written form: id, type, label, text, children always; cells for rows; header, values
    and emphasis only when set (the depth is bounded by the format's validation)."""
    out: list[Node] = []
    for node in nodes:
        item: Node = {
            "id": node["id"],
            "type": node["type"],
            "label": node.get("label") or "",
            "text": node.get("text") or "",
        }
        if node["type"] == "row" or node.get("cells"):
            item["cells"] = list(node.get("cells") or [])
        if node.get("header"):
            item["header"] = True
        if values and node.get("values"):
            item["values"] = list(node["values"])
        if node.get("emphasis"):
            item["emphasis"] = [dict(mark) for mark in node["emphasis"]]
        item["children"] = canonical(node.get("children") or [], values=values)
        out.append(item)
    return out


def without_values(body: list[Node]) -> list[Node]:
    """The body as stored: links live on the values, not on the nodes."""
    return canonical(body, values=False)


SKELETON = (
    ("I.", "MỤC ĐÍCH, YÊU CẦU", (("1.", "Mục đích"), ("2.", "Yêu cầu"))),
    ("II.", "NỘI DUNG, HÌNH THỨC TUYÊN TRUYỀN", (("1.", "Nội dung tuyên truyền"), ("2.", "Hình thức tuyên truyền"))),
    ("III.", "KINH PHÍ THỰC HIỆN", ()),
    ("IV.", "TỔ CHỨC THỰC HIỆN", ()),
)


def skeleton(issuer: str) -> list[Node]:
    """The usual outline of a communication plan, to be filled in: opening, sections I–IV, closing paragraph."""
    count = 0

    def node(type_: str, label: str = "", text: str = "") -> Node:
        nonlocal count
        count += 1
        return new_node(f"n{count}", type_, label=label, text=text)

    body = [node("paragraph", text=f"Căn cứ …; {issuer} ban hành Kế hoạch … như sau:")]
    for label, heading, parts in SKELETON:
        section = node("section", label, heading)
        section["children"] = [node("section", sub, title) for sub, title in parts]
        body.append(section)
    body.append(
        node(
            "paragraph",
            text="Trong quá trình tổ chức thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị, địa phương "
            f"phản ánh về {issuer} để xem xét, giải quyết./.",
        )
    )
    return body


# --- editing -----------------------------------------------------------------------------------------------------

#: The columns of an appendix table the system starts itself (a plan written in the UI).
APPENDIX_COLUMNS = ("STT", "Nội dung", "Hình thức", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian thực hiện")
APPENDIX_TITLE = "NỘI DUNG, HÌNH THỨC, THỜI GIAN VÀ PHÂN CÔNG THỰC HIỆN"


def subtree_ids(node: Node) -> list[str]:
    """The ids of a node and of everything under it."""
    return [n["id"] for n in walk([node])]


def ancestors(nodes: list[Node], node_id: str) -> list[Node]:
    """The nodes that hold `node_id`, outermost first (empty for a top-level node or an unknown id)."""
    path: list[Node] = []

    def search(siblings: list[Node]) -> bool:
        for node in siblings:
            if node.get("id") == node_id:
                return True
            path.append(node)
            if search(node.get("children") or []):
                return True
            path.pop()
        return False

    return path if search(nodes) else []


def insert(nodes: list[Node], node: Node, *, after: str | None = None, inside: str | None = None) -> bool:
    """Put `node` right after the node `after`, or last inside the node `inside`, or last at the top level."""
    if inside is not None:
        holder = find(nodes, inside)
        if holder is None:
            return False
        holder.setdefault("children", []).append(node)
        return True
    if after is not None:
        place = parent_of(nodes, after)
        if place is None:
            return False
        siblings, index = place
        siblings.insert(index + 1, node)
        return True
    nodes.append(node)
    return True


def move(nodes: list[Node], node_id: str, step: int) -> bool:
    """Swap a node with its previous (`step` -1) or next (+1) sibling; False when it has none."""
    place = parent_of(nodes, node_id)
    if place is None:
        return False
    siblings, index = place
    other = index + step
    if not 0 <= other < len(siblings):
        return False
    siblings[index], siblings[other] = siblings[other], siblings[index]
    return True


def remove(nodes: list[Node], node_id: str) -> Node | None:
    """Take a node (and what it holds) out of the tree."""
    place = parent_of(nodes, node_id)
    if place is None:
        return None
    siblings, index = place
    return siblings.pop(index)


def header_cells(nodes: list[Node], row_id: str) -> list[str]:
    """The column names of the table that holds the row `row_id` (its header row's cells)."""
    table = next((n for n in reversed(ancestors(nodes, row_id)) if n.get("type") == "table"), None)
    rows = (table or {}).get("children") or []
    header = next((r for r in rows if r.get("header")), None)
    return list((header or {}).get("cells") or [])


def activity_cells(kinds: list[str], activity: dict[str, Any], current: list[str]) -> list[str]:
    """A table row as it prints an activity (`kinds`: each column's kind; columns of no known kind keep what
    `current` holds): forms one per line with a dash when there are several, units separated by semicolons."""

    def lines(items: list[str]) -> str:
        return "\n".join(f"- {item}" for item in items) if len(items) > 1 else "".join(items)

    forms = [f for f in activity.get("forms") or [] if f != activity.get("content")]
    values = {
        "ref": activity.get("ref") or "",
        "content": activity.get("content") or "",
        "content_forms": "\n".join(part for part in (activity.get("content") or "", lines(forms)) if part),
        "forms": lines(list(activity.get("forms") or [])),
        "lead": "; ".join(activity.get("lead") or []),
        "coordinators": "; ".join(activity.get("coordinators") or []),
        "timing": activity.get("timing_text") or "",
        "funding": activity.get("funding") or "",
    }
    current = list(current) + [""] * (len(kinds) - len(current))
    return [values.get(kind, current[k]) for k, kind in enumerate(kinds)]


def appendix_table(nodes: list[Node]) -> Node | None:
    """The activities table of the appendix (the first table with a header row under an appendix node)."""
    for node in walk(nodes):
        if node.get("type") == "appendix":
            return next(
                (
                    t
                    for t in walk(node.get("children") or [])
                    if t.get("type") == "table" and any(r.get("header") for r in t.get("children") or [])
                ),
                None,
            )
    return None


def new_appendix(nodes: list[Node]) -> Node:
    """Add an appendix with the usual title and an empty activities table at the end of the body; its table."""
    appendix = new_node(next_id(nodes), "appendix")
    nodes.append(appendix)
    for type_, text in (("paragraph", "Phụ lục"), ("paragraph", APPENDIX_TITLE)):
        insert(nodes, new_node(next_id(nodes), type_, text=text), inside=appendix["id"])
    table = new_node(next_id(nodes), "table")
    insert(nodes, table, inside=appendix["id"])
    header = new_node(next_id(nodes), "row", cells=list(APPENDIX_COLUMNS))
    header["header"] = True
    insert(nodes, header, inside=table["id"])
    return table
