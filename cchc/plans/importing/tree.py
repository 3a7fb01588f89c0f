"""The whole document as a body tree (plans/body.py), each extracted value linked to the node it came from."""

from __future__ import annotations

import re
from typing import Any, cast

from cchc.documents.formatting import roman
from cchc.plans.body import Node, new_node, walk
from cchc.plans.importing.blocks import Table
from cchc.plans.importing.items import Reader, header_index, section_kind


def _is_furniture(text: str) -> bool:
    """Page numbers, a typist's initials, 'Trang 2/5': printed on the page, not part of the plan's text."""
    return bool(re.fullmatch(r"(?i)\s*(?:trang\s*)?\d{1,3}(?:\s*/\s*\d{1,3})?\s*|\s*[A-ZĐ]{1,3}\s*", text))


class TreeBuilder(Reader):
    def body(self, body_end: int) -> tuple[list[Node], dict[int, str], dict[tuple[int, int], str]]:
        """The document from the line after the title to the end, as a tree (letterhead, title, signature and
        recipient lines are the plan's own fields; page furniture is dropped), with the node of each item and of
        each table row."""
        root: list[Node] = []
        item_nodes: dict[int, str] = {}
        row_nodes: dict[tuple[int, int], str] = {}
        stack: list[tuple[int, Node]] = []
        appendix: Node | None = None
        count = 0
        parts = 0  # top-level parts (I., II. …) seen

        def add(node: Node, container: list[Node]) -> Node:
            nonlocal count
            count += 1
            node["id"] = f"n{count}"
            container.append(node)
            return node

        def here() -> list[Node]:
            if appendix is not None:
                return cast(list[Node], appendix["children"])
            return cast(list[Node], stack[-1][1]["children"]) if stack else root

        for entry in self.entries:
            if isinstance(entry, Table):
                if self.appendix_start is None and not stack and count and appendix is None:
                    appendix = add(new_node("", "appendix"), root)
                table = add(new_node("", "table"), here())
                header = header_index(entry)
                for r, row in enumerate(entry.rows):
                    node = add(new_node("", "row", cells=[cell.strip() for cell in row]), table["children"])
                    if r == header:
                        node["header"] = True
                    row_nodes[(id(entry), r)] = node["id"]
                continue
            item = self.items[entry]
            if entry < self.title_end or entry in self.closing_used or _is_furniture(item.text):
                continue
            if self.appendix_start is not None and entry >= self.appendix_start and appendix is None:
                appendix = add(new_node("", "appendix"), root)
            if appendix is not None or entry >= body_end:
                stack.clear()
                node = add(new_node("", "paragraph", label=item.mark, text=item.text), here())
            else:
                depth = item.depth if item.depth <= 5 else 1 if section_kind(item) else None
                mark, text = item.mark, item.text
                if depth == 1 and item.depth == 1:
                    parts += 1
                elif self.doc.restored and parts and item.depth in (2, 9) and section_kind(item):
                    # OCR broke the part's number ('I1.' read as 'Ii.', 'III.' as '1.'): the parts run in order
                    parts += 1
                    depth, mark, text = 1, f"{roman(parts)}.", re.sub(r"^[IVXLil1]{1,4}\.\s*", "", item.text)
                if depth is None:
                    node = add(new_node("", "paragraph", label=mark, text=text), here())
                else:
                    while stack and stack[-1][0] >= depth:
                        stack.pop()
                    node = add(new_node("", "section", label=mark, text=text), here())
                    stack.append((depth, node))
            item_nodes[entry] = node["id"]
            self.emphasise(node, item.span)
        return root, item_nodes, row_nodes

    def emphasise(self, node: Node, span: tuple[int, int]) -> None:
        """The bold and italic words of the source inside the node's lines, as the node's `emphasis` (a stretch that
        covers the whole text marks all of it; one that is not in the text, such as a number, is left out)."""
        text = node.get("text") or ""
        marks: list[dict[str, Any]] = []
        for mark in self.doc.emphasis:
            if mark.start < span[0] or mark.end > span[1] or not text:
                continue
            phrase = " ".join(self.doc.text[mark.start : mark.end].replace("*", " ").split())
            if text in phrase:
                phrase = text
            elif not phrase or phrase not in text:
                continue
            marks.append({"text": phrase, "bold": mark.bold, "italic": mark.italic})
        if marks:
            node["emphasis"] = marks

    def link(
        self, plan: dict[str, Any], body: list[Node], nodes: tuple[dict[int, str], dict[tuple[int, int], str]]
    ) -> None:
        """Each extracted value names the node it came from, and the node names it back."""
        item_nodes, row_nodes = nodes
        index_of = {id(item): k for k, item in enumerate(self.items)}
        by_id = {node["id"]: node for node in walk(body)}
        for path, origin in self.origins.items():
            if isinstance(origin, tuple):
                node_id = row_nodes.get((id(origin[0]), origin[1]))
            else:
                node_id = item_nodes.get(index_of.get(id(origin), -1))
            field_name, _, rest = path.partition("[")
            index = int(rest.rstrip("]"))
            values = plan.get(field_name)
            if node_id is None or not isinstance(values, list) or index >= len(values):
                continue
            if isinstance(values[index], dict):
                values[index]["node"] = node_id
            by_id[node_id].setdefault("values", []).append(path)
