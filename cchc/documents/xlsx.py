"""Rendering of tables to an .xlsx workbook (openpyxl) that reads and prints well in Excel and LibreOffice Calc:
one sheet per table, header frozen and repeated on every page, row heights set for wrapped text, fit to one page
wide, #,##0 numbers and real percentages, totals as SUM formulas in bold."""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from cchc.documents import formatting as fmt
from cchc.documents.spec import CellValue, Percent, Table

FONT = "Times New Roman"
MM_PER_CHARACTER = 2.1
"""Approximate width of one Excel character unit (Calibri 11 default) in millimetres."""
BODY_PT = 12
LINE_HEIGHT = 1.3
"""Row height per printed line, as a multiple of the font size (12 pt text → 15.6 pt lines)."""
SHEET_NAME_MAX = 31
INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.0#"
PERCENT_FORMAT = "0.0%"
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
        sheet = workbook.create_sheet(sheet_name(table.title, index, used))
        _fill(sheet, table)
    if not tables:
        workbook.create_sheet("Bảng 1")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def sheet_name(title: str | None, index: int, used: set[str]) -> str:
    """A sheet name from a table title: at most 31 characters, cut at a word boundary, unique in the workbook
    (case-insensitively, as Excel compares them), "Bảng N" when untitled."""
    base = _shorten(_BAD_SHEET_CHARS.sub(" ", fmt.clean(title)), SHEET_NAME_MAX) or f"Bảng {index}"
    name, suffix = base, 2
    while name.lower() in used:
        tail = f" ({suffix})"
        name = _shorten(base, SHEET_NAME_MAX - len(tail)) + tail
        suffix += 1
    used.add(name.lower())
    return name


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0]
    return (cut if cut and len(cut) <= limit else text[:limit]).rstrip(" ,;:-–(")


def _value(value: CellValue) -> str | int | float:
    if isinstance(value, bool | str) or value is None:
        return fmt.clean(value)
    if isinstance(value, Percent):
        return value.ratio
    if isinstance(value, int | float):
        if not fmt.number_text(value):
            return ""
        return int(value) if float(value).is_integer() else value
    return "\n".join(fmt.clean(line) for line in value if fmt.clean(line))


def _number_format(value: CellValue) -> str | None:
    if isinstance(value, Percent):
        return PERCENT_FORMAT
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return INTEGER_FORMAT if float(value).is_integer() else DECIMAL_FORMAT


def _line_count(text: str, width_chars: float, bold: bool = False) -> int:
    """Printed lines of wrapped text in a column `width_chars` wide (bold text is about a tenth wider)."""
    usable = max(1.0, width_chars - 1.0) / (1.1 if bold else 1.0)
    return sum(max(1, math.ceil(len(line) / usable)) for line in (text.split("\n") if text else [""]))


def _fill(sheet: Worksheet, table: Table) -> None:
    columns = len(table.columns)
    widths = [max(6.0, column.width_mm / MM_PER_CHARACTER) for column in table.columns]
    line_pt = LINE_HEIGHT * BODY_PT
    row = 1
    title = fmt.clean(table.title)
    if title:
        cell = sheet.cell(row=1, column=1, value=title)
        cell.font = Font(name=FONT, size=14, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(columns, 1))
        sheet.row_dimensions[1].height = LINE_HEIGHT * 14 * _line_count(title, sum(widths) / 1.2, bold=True)
        row = 3
    header_row = row
    header_lines = 1
    for col, (column, width) in enumerate(zip(table.columns, widths, strict=True), start=1):
        header = fmt.clean(column.header)
        cell = sheet.cell(row=row, column=col, value=header)
        cell.font = Font(name=FONT, size=BODY_PT, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BORDER
        sheet.column_dimensions[get_column_letter(col)].width = width
        header_lines = max(header_lines, _line_count(header, width, bold=True))
    sheet.row_dimensions[row].height = line_pt * header_lines + 4
    first_data = row + 1
    for spec_row in table.rows:
        row += 1
        values = list(spec_row.cells) + [None] * (columns - len(spec_row.cells))
        bold = spec_row.group or spec_row.total
        lines = 1
        for col, (value, column) in enumerate(zip(values, table.columns, strict=False), start=1):
            written = _value(value)
            sums = spec_row.total and isinstance(value, int | float) and not isinstance(value, bool)
            if sums and row > first_data:
                letter = get_column_letter(col)
                written = f"=SUM({letter}{first_data}:{letter}{row - 1})"
            cell = sheet.cell(row=row, column=col, value=written)
            cell.font = Font(name=FONT, size=BODY_PT, bold=bold)
            horizontal = {"center": "center", "right": "right"}.get(column.align, "left")
            if _number_format(value) is not None:
                cell.number_format = str(_number_format(value))
                horizontal = "right" if column.align != "center" else "center"
            cell.alignment = Alignment(horizontal=horizontal, vertical="top", wrap_text=True)
            cell.border = _BORDER
            width = sum(widths[col - 1 :]) if spec_row.group and col == 2 else widths[col - 1]
            if isinstance(written, str) and not written.startswith("="):
                lines = max(lines, _line_count(written, width, bold))
        if spec_row.group and columns > 2:
            sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=columns)
        if spec_row.total:
            first_data = row + 1
        sheet.row_dimensions[row].height = line_pt * lines + 3
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    # Fit every column on one page width; as many pages down as the rows need.
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.page_margins = PageMargins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    sheet.print_options.horizontalCentered = True
