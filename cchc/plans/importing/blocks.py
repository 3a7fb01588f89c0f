"""The intermediate every reader produces: paragraphs and tables in document order, with source spans."""

from __future__ import annotations

from dataclasses import dataclass, field

from cchc.core.diacritics import Correction

Span = tuple[int, int]


@dataclass
class Paragraph:
    """One paragraph of text; `level` is a heading level when the source marks one (markdown #, docx Heading n)."""

    text: str
    span: Span
    level: int | None = None


@dataclass
class Table:
    """A table as rows of cell texts (the header row included); cells may hold line breaks."""

    rows: list[list[str]]
    span: Span


Block = Paragraph | Table


@dataclass(frozen=True)
class Emphasis:
    """Bold or italic words of the source (a .docx run, a markdown **…** or *…* in text), by span in its text."""

    start: int
    end: int
    bold: bool
    italic: bool


@dataclass
class SourceDocument:
    """The text a reader extracted (spans index into it), the blocks, and what the reader noticed; once its marks
    are restored, the restored text and the words of it a reviewer should look at."""

    text: str
    blocks: list[Block]
    warnings: list[str] = field(default_factory=list)
    restored: bool = False
    restored_text: str = ""
    corrections: list[Correction] = field(default_factory=list)
    emphasis: list[Emphasis] = field(default_factory=list)
