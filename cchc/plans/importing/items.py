"""What every region reader of a plan document shares: its paragraphs as numbered items, its top-level sections,
and the state of one reading (the confidence and origin of each value found)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cchc.core.text import fold
from cchc.plans.importing.blocks import Block, Paragraph, SourceDocument, Span, Table
from cchc.plans.importing.ocrfix import fix_unit_head
from cchc.plans.importing.textlayout import NUMBERING, is_table_header
from cchc.plans.importing.units import split_units

BULLET = re.compile(r"^\s*(?:[-–+•●▪○∙·*~]|v(?=\s+[A-ZĐ]))\s*")
_SECTION_KEYS = [
    ("purpose", ("muc dich", "muc tieu", "yeu cau")),
    ("content", ("noi dung", "hinh thuc", "doi tuong")),
    ("solutions", ("giai phap",)),
    ("funding", ("kinh phi",)),
    ("implementation", ("to chuc thuc hien", "trach nhiem", "phan cong")),
    ("reporting", ("che do bao cao", "bao cao")),
    ("activities", ("hoat dong", "nhiem vu")),
]


@dataclass
class Item:
    """A paragraph with its numbering: depth 1 roman, 2 '1.', 3 '1.1.', 4 '1.1.1.', 5 'a)', 6 bullet, 9 plain."""

    label: str
    depth: int
    text: str
    span: Span
    raw: str
    mark: str = ""
    """The number or bullet exactly as printed ("I.", "2.1.", "a)", "-")."""


def read_item(p: Paragraph) -> Item:
    text = p.text.strip()
    text = re.sub(r"^[~»]\s*", "", text)
    m = NUMBERING.match(text)
    if m and not re.match(r"^\d{1,2}\s*/", text):
        rest = text[m.end() :].strip()
        mark = text[: m.end()].strip()
        if m.group("roman"):
            label = m.group("roman").replace("1", "I").replace("l", "I")
            return Item(label, 1, rest, p.span, p.text, mark)
        if m.group("arabic"):
            label = m.group("arabic")
            return Item(label, 2 + label.count("."), rest, p.span, p.text, mark)
        return Item(m.group("letter"), 5, rest, p.span, p.text, mark)
    b = BULLET.match(text)
    if b and b.end() > 0 and len(text) > b.end():
        mark = text[: b.end()].strip()
        return Item(mark, 6, text[b.end() :].strip(), p.span, p.text, mark)
    return Item("", 9, text, p.span, p.text)


def is_upper(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 3 and sum(ch.isupper() for ch in letters) >= 0.75 * len(letters)


def section_kind(item: Item) -> str | None:
    if not (item.depth in (1, 2) or item.depth == 9) or not is_upper(item.text):
        return None
    if item.depth == 2 and "." in item.label:
        return None
    key = fold(item.text)
    for kind, words in _SECTION_KEYS:
        if any(w in key for w in words):
            return kind
    return "other" if item.depth == 1 else None


@dataclass
class Section:
    kind: str
    heading: Item
    items: list[Item]


def header_index(table: Table) -> int | None:
    """The row holding the column names (a title row may come first), or None for a layout table."""
    return next((k for k, row in enumerate(table.rows[:3]) if is_table_header(row)), None)


def _flatten_layout_tables(blocks: list[Block]) -> list[Block]:
    """Tables used for layout (letterhead, signature block) read as their paragraphs, column by column."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Paragraph) or header_index(block) is not None:
            out.append(block)
            continue
        width = max((len(row) for row in block.rows), default=0)
        for column in range(width):
            for row in block.rows:
                cell = row[column] if column < len(row) else ""
                if column and cell == row[column - 1]:
                    continue  # a merged cell repeated
                for line in cell.split("\n"):
                    if line.strip():
                        out.append(Paragraph(line.strip(), block.span))
    return out


class Reader:
    """One reading of a document; each region's reader (heading, sections, activities, duties, closing, body tree)
    adds its methods to it."""

    def __init__(self, doc: SourceDocument, filename: str) -> None:
        self.doc = doc
        self.fix: Callable[[str], str] = fix_unit_head if doc.restored else str.strip
        self.split_units: Callable[[str], list[str]] = lambda text: split_units(text, self.fix)
        self.filename = filename
        self.meta: dict[str, dict[str, Any]] = {}
        blocks = _flatten_layout_tables(doc.blocks)
        self.paragraphs = [b for b in blocks if isinstance(b, Paragraph) and b.text.strip()]
        self.tables = [b for b in blocks if isinstance(b, Table)]
        self.items = [read_item(p) for p in self.paragraphs]
        # the document in reading order: each item (by its index) or table
        order = iter(range(len(self.items)))
        self.entries: list[int | Table] = [
            b if isinstance(b, Table) else next(order) for b in blocks if isinstance(b, Table) or b.text.strip()
        ]
        self.origins: dict[str, Item | tuple[Table, int]] = {}
        self.title_end = 0
        self.closing_used: set[int] = set()
        self.appendix_start: int | None = None
        self.recipient_headings: list[dict[str, Any]] = []
        """Lines printed among the recipients that group them ('Gửi bản điện tử:'), with the recipient they precede."""
        self.year: int | None = None
        cells = [cell for t in self.tables for row in t.rows for cell in row]
        self.plain_text = "\n".join([p.text for p in self.paragraphs] + cells)

    def note(
        self, path: str, confidence: float, span: Span | None, origin: Item | tuple[Table, int] | None = None
    ) -> None:
        """Record how sure a value is and where it came from (`origin`: the item or table row its node holds)."""
        self.meta[path] = {"confidence": round(confidence, 2), "span": list(span) if span else None}
        if origin is not None:
            self.origins[path] = origin
