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
    """The body in its one written form: id, type, label, text, children always; cells for rows; header and
    values only when set (the depth is bounded by the format's validation)."""
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
