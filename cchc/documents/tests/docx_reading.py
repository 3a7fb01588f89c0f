"""Reading rendered .docx files back with python-docx, for the format assertions of the tests."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

import docx
from docx.document import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

FONT = "Times New Roman"
MISSING = re.compile(r"\b(None|nan|NaN|null)\b")


def open_docx(data: bytes) -> Document:
    return docx.Document(io.BytesIO(data))


def table_paragraphs(table: Table) -> Iterator[Paragraph]:
    seen: list[Any] = []  # merged cells repeat; keeping the elements alive keeps their identity
    for row in table.rows:
        for cell in row.cells:
            if any(cell._tc is done for done in seen):
                continue
            seen.append(cell._tc)
            yield from cell.paragraphs
            for inner in cell.tables:
                yield from table_paragraphs(inner)


def all_paragraphs(document: Document) -> Iterator[Paragraph]:
    yield from document.paragraphs
    for table in document.tables:
        yield from table_paragraphs(table)
    for section in document.sections:
        for part in (section.header, section.first_page_header):
            yield from part.paragraphs


def all_text(document: Document) -> str:
    return "\n".join(paragraph.text for paragraph in all_paragraphs(document))


def run_fonts(run: Any) -> dict[str, str | None]:
    fonts = run._r.rPr.find(qn("w:rFonts")) if run._r.rPr is not None else None
    slots = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")
    return {slot: (fonts.get(qn(slot)) if fonts is not None else None) for slot in slots}


def text_runs(document: Document) -> Iterator[Any]:
    for paragraph in all_paragraphs(document):
        for run in paragraph.runs:
            if run.text.strip():
                yield run


def paragraph_with(document: Document, text: str) -> Paragraph:
    for paragraph in all_paragraphs(document):
        if paragraph.text.strip() == text:
            return paragraph
    raise AssertionError(f"no paragraph reads {text!r}")


def sizes(paragraph: Paragraph) -> set[float]:
    return {run.font.size.pt for run in paragraph.runs if run.text.strip() and run.font.size is not None}


def is_bold(paragraph: Paragraph) -> bool:
    runs = [run for run in paragraph.runs if run.text.strip()]
    return bool(runs) and all(run.font.bold for run in runs)


def is_italic(paragraph: Paragraph) -> bool:
    runs = [run for run in paragraph.runs if run.text.strip()]
    return bool(runs) and all(run.font.italic for run in runs)


def repeats_header_row(table: Table) -> bool:
    tr_pr = table.rows[0]._tr.trPr
    return tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None


def has_top_border(paragraph: Paragraph) -> bool:
    p_pr = paragraph._p.pPr
    borders = p_pr.find(qn("w:pBdr")) if p_pr is not None else None
    return borders is not None and borders.find(qn("w:top")) is not None


def has_page_field(paragraph: Paragraph) -> bool:
    return any("PAGE" in (node.text or "") for node in paragraph._p.iter(qn("w:instrText")))


def outline_level(paragraph: Paragraph) -> int | None:
    p_pr = paragraph._p.pPr
    level = p_pr.find(qn("w:outlineLvl")) if p_pr is not None else None
    return int(level.get(qn("w:val"))) if level is not None else None
