"""Document specs: the plain data a renderer turns into an administrative document (.docx), workbook or chart."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

#: Signing authority prefixes allowed by Nghị định 30/2020/NĐ-CP, Phụ lục I, II.7.b.
AUTHORITY_PREFIXES = ("TM.", "KT.", "Q.", "TL.", "TUQ.")


@dataclass(frozen=True)
class Percent:
    """A share (0.875 = 87,5 %): printed "87,5%" in documents, stored as a real percentage in workbooks."""

    ratio: float


CellValue = str | int | float | Percent | Sequence[str] | None
"""A table cell: text, a number, a percentage, several lines (one paragraph each) or nothing."""


@dataclass(frozen=True)
class DocumentHeader:
    """The two-column block at the top of page 1 (ô số 1–4 of the decree's layout)."""

    issuing_body: str
    """Name of the issuing body; "\\n" separates the printed lines ("ỦY BAN NHÂN DÂN\\nTỈNH BẮC KẠN")."""
    symbol: str
    """Symbol after the number: "KH-UBND", "BC-UBND"."""
    place: str
    """Place name printed before the date ("Bắc Kạn")."""
    issuer_name: str
    """The issuer as written in running text ("UBND tỉnh Bắc Kạn"), used in the appendix note."""
    parent_body: str | None = None
    """Direct parent body (tên cơ quan chủ quản), printed above the issuing body, not bold."""
    number: str | None = None
    """Registry number without the symbol ("5" or "05"); None prints a blank to be filled in."""
    date: dt.date | None = None
    """Issue date; None prints "ngày    tháng    năm <year>"."""
    year: int | None = None
    """Year printed when the date is blank; defaults to the date's year."""
    date_text: str = ""
    """The date as the source wrote it («ngày 14 tháng 07 năm 2025»): printed instead of the layout's own form
    while it reads as `date` (a leading zero the source put or left out stays as it was)."""
    numbered: bool = True
    """False for a document issued with another (a decision's plan): no number and date line of its own."""


Emphasis = tuple[tuple[str, bool, bool], ...]
"""Words of a block's text printed bold or italic as the source printed them: (words, bold, italic)."""


@dataclass(frozen=True)
class Heading:
    """A heading: level 1 = "I. MỤC ĐÍCH, YÊU CẦU" (bold caps), 2 = "1. Mục đích" (bold), 3 = "2.1. …" (bold italic)."""

    text: str
    level: int = 1
    emphasis: Emphasis = ()


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph: justified, first-line indent."""

    text: str
    italic: bool = False
    bold: bool = False
    align: Literal["justify", "center", "left", "right"] = "justify"
    lead: str | None = None
    """Printed bold before the text ("Điều 1.")."""
    emphasis: Emphasis = ()


@dataclass(frozen=True)
class Bullet:
    """A list item printed with "-" (level 1) or "+" (level 2); label is printed in italics before the text."""

    text: str
    level: int = 1
    label: str | None = None
    emphasis: Emphasis = ()


@dataclass(frozen=True)
class Column:
    """A table column: header text, width in millimetres, cell alignment."""

    header: str
    width_mm: float
    align: Literal["left", "center", "right", "justify"] = "left"


@dataclass(frozen=True)
class Row:
    """A table row; a group row prints its first cell and spans the second across the remaining columns, bold."""

    cells: tuple[CellValue, ...]
    group: bool = False
    total: bool = False
    """A totals row: bold; in workbooks its numbers are SUM formulas over the rows above it (up to the previous
    totals row)."""


@dataclass(frozen=True)
class Table:
    """A table with one header row (repeated on every page) and body rows."""

    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    title: str | None = None
    """Optional bold caption printed above the table (and used as the sheet name in workbooks)."""
    font_size: float = 12


@dataclass(frozen=True)
class Image:
    """A picture (PNG bytes), centred, with an optional italic caption under it."""

    png: bytes
    width_mm: float = 150
    caption: str | None = None


Block = Heading | Paragraph | Bullet | Table | Image


@dataclass(frozen=True)
class Appendix:
    """An appendix: its own section (landscape by default), "Phụ lục", title in caps and the attachment note."""

    title: str
    blocks: tuple[Block, ...]
    landscape: bool = True
    label: str | None = None
    """The label line as the source prints it ("Phụ lục", "PHỤ LỤC I"); None prints the numbered default."""
    note: str | None = None
    """The attachment note as the source prints it; None prints "(Kèm theo … số … ngày … của …)"."""


@dataclass(frozen=True)
class Signature:
    """Signature block: authority lines ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"), position and name."""

    position: str
    authority: tuple[str, ...] = ()
    name: str | None = None


@dataclass(frozen=True)
class DocumentSpec:
    """A whole administrative document (Kế hoạch, Báo cáo …) as Nghị định 30/2020/NĐ-CP lays it out."""

    header: DocumentHeader
    kind: str
    """Document kind in caps: "KẾ HOẠCH", "BÁO CÁO"."""
    title: str
    """Summary line (trích yếu)."""
    signature: Signature
    legal_basis: tuple[str, ...] = ()
    """"Căn cứ …" lines without final punctuation; printed italic, ";" after each and "." after the last."""
    body: tuple[Block, ...] = ()
    recipients: tuple[str, ...] = ()
    """"Nơi nhận" entries without the dash and final punctuation; the last is normally "Lưu: VT, <unit>"."""
    recipient_headings: tuple[tuple[int, str], ...] = ()
    """Lines printed as written among the entries, before the entry at the index ("Gửi bản điện tử:")."""
    appendices: tuple[Appendix, ...] = ()
    font_size: float = 14
    """Body text size (13 or 14 pt)."""
    title_note: str | None = None
    """An italic line under the title ("(Ban hành kèm theo Quyết định số … )")."""
    attached: tuple[DocumentSpec, ...] = ()
    """Documents issued with this one (the plan a decision issues), each printed after it from a new page."""


@dataclass(frozen=True)
class Series:
    """One data series of a chart."""

    name: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class ChartSpec:
    """A bar, horizontal bar, line or pie chart with Vietnamese labels."""

    kind: Literal["bar", "barh", "line", "pie"]
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    x_label: str = ""
    y_label: str = ""
    width_in: float = 7.0
    height_in: float = 4.0
    value_format: str = "{:g}"
    """Format of the value labels printed on bars and pie slices."""
    stacked: bool = False
