"""Rendering of tables to an .xlsx workbook (openpyxl): one sheet per table, bold header, set widths, wrapped text."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from cchc.documents import formatting as fmt
from cchc.documents.spec import CellValue, Table

FONT = "Times New Roman"
MM_PER_CHARACTER = 2.1
"""Approximate width of one Excel character unit (Calibri 11 default) in millimetres."""
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def render_xlsx(tables: Sequence[Table]) -> bytes:
    """The workbook as bytes; each table becomes a sheet named after its title ("Bảng 1" … when untitled)."""
    workbook = Workbook()
    for default_sheet in list(workbook.worksheets):
        workbook.remove(default_sheet)
    used: set[str] = set()
    for index, table in enumerate(tables, start=1):
        sheet = workbook.create_sheet(_sheet_name(table.title, index, used))
        _fill(sheet, table)
    if not tables:
        workbook.create_sheet("Bảng 1")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _sheet_name(title: str | None, index: int, used: set[str]) -> str:
    base = _BAD_SHEET_CHARS.sub(" ", fmt.clean(title))[:28].strip() or f"Bảng {index}"
    name, suffix = base, 2
    while name.lower() in used:
        name = f"{base[:27]} {suffix}"
        suffix += 1
    used.add(name.lower())
    return name


def _value(value: CellValue) -> str | int | float:
    if isinstance(value, bool | str) or value is None:
        return fmt.clean(value)
    if isinstance(value, int | float):
        return value if fmt.number_text(value) else ""
    return "\n".join(fmt.clean(line) for line in value if fmt.clean(line))


def _fill(sheet: Worksheet, table: Table) -> None:
    columns = len(table.columns)
    row = 1
    title = fmt.clean(table.title)
    if title:
        sheet.cell(row=1, column=1, value=title).font = Font(name=FONT, size=14, bold=True)
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(columns, 1))
        sheet.cell(row=1, column=1).alignment = Alignment(horizontal="center")
        row = 3
    header_row = row
    for col, column in enumerate(table.columns, start=1):
        cell = sheet.cell(row=row, column=col, value=fmt.clean(column.header))
        cell.font = Font(name=FONT, size=12, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BORDER
        sheet.column_dimensions[get_column_letter(col)].width = max(6.0, column.width_mm / MM_PER_CHARACTER)
    for spec_row in table.rows:
        row += 1
        values = list(spec_row.cells) + [None] * (columns - len(spec_row.cells))
        for col, (value, column) in enumerate(zip(values, table.columns, strict=False), start=1):
            cell = sheet.cell(row=row, column=col, value=_value(value))
            cell.font = Font(name=FONT, size=12, bold=spec_row.group)
            horizontal = "center" if column.align == "center" else "left"
            cell.alignment = Alignment(horizontal=horizontal, vertical="top", wrap_text=True)
            cell.border = _BORDER
        if spec_row.group and columns > 2:
            sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=columns)
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
