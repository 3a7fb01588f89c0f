"""Excel templates people fill and upload (results, question banks): the styled header of the sheet to fill, reading
the filled rows back after the upload guards, and the workbook listing the errors found (row, column, message).

The owning app names its columns and checks each row; this module knows nothing of what the rows mean.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from cchc.core import files
from cchc.core.text import fold

Column = tuple[str, str, int]
"""(field name, printed header, column width)."""


class WorkbookError(ValueError):
    """The file is not a readable workbook of the expected template; the message is Vietnamese."""


def template_sheet(wb: Workbook, title: str, columns: Sequence[Column]) -> Worksheet:
    """The workbook's first sheet renamed `title`, with the template's bold, shaded, frozen header row."""
    ws = wb.active
    assert ws is not None
    ws.title = title
    for col, (_, label, width) in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=col, value=label)
        cell.font, cell.alignment = Font(bold=True), Alignment(wrap_text=True, vertical="top")
        cell.fill = PatternFill("solid", fgColor="DDE7F1")
        ws.column_dimensions[cell.column_letter].width = width
    ws.freeze_panes = "A2"
    return ws


def choose_from(ws: Worksheet, column: str, last_row: int, choices: tuple[str, str, int], error: str,
                error_title: str | None = None) -> None:  # fmt: skip
    """Rows 2 to `last_row` of `column` in `ws` take only one of the `choices` — (sheet, column, count): the list in
    rows 1 to count of that column of another sheet — chosen from a drop-down; another value is refused with `error`."""
    sheet, letter, count = choices
    validation = DataValidation(
        type="list",
        formula1=f"='{sheet}'!${letter}$1:${letter}${count}",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=error_title,
        error=error,
    )
    ws.add_data_validation(validation)
    validation.add(f"{column}2:{column}{last_row}")


def guide_sheet(wb: Workbook, lines: Sequence[str]) -> None:
    """A «Hướng dẫn» sheet: one instruction a line."""
    guide = wb.create_sheet("Hướng dẫn")
    for line in lines:
        guide.append([line])
    guide.column_dimensions["A"].width = 110


def to_bytes(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def cell_text(value: Any) -> str:
    """A cell as the person typed it: whole floats without '.0', stripped, '' for empty."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


@contextmanager
def open_workbook(
    content: bytes, *, name: str, limits: files.ZipLimits, not_xlsx: str, unreadable: str
) -> Iterator[Any]:
    """A bounded .xlsx (checked as a zip: sizes, ratio) opened read-only with values, not formulas, and closed after
    use; WorkbookError with the caller's Vietnamese message when it is not an .xlsx or cannot be read."""
    if files.sniff(content) not in ("application/zip", files.XLSX):
        raise WorkbookError(not_xlsx)
    try:
        files.check_zip(content, name=name, limits=limits).close()
    except files.FileRefused as exc:
        raise WorkbookError(exc.message) from None
    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a file that is not a workbook
        raise WorkbookError(unreadable) from exc
    try:
        yield wb
    finally:
        wb.close()


def read_filled_rows(
    content: bytes, *, name: str, sheet: str, columns: Sequence[Column], limits: files.ZipLimits
) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number, cells by field name) for every row of `sheet` with something in it, after checking the file
    is a bounded .xlsx whose header row is the template's. Raises WorkbookError with a Vietnamese message."""
    with open_workbook(
        content, name=name, limits=limits,
        not_xlsx="Tệp không phải Excel (.xlsx): hãy dùng tệp mẫu tải từ hệ thống.",
        unreadable="Tệp không đọc được: hãy dùng tệp mẫu Excel (.xlsx) tải từ hệ thống.",
    ) as wb:  # fmt: skip
        if sheet not in wb.sheetnames:
            raise WorkbookError(f"Tệp không có trang «{sheet}»: hãy dùng tệp mẫu tải từ hệ thống.")
        rows_iter = wb[sheet].iter_rows(values_only=True)
        header = [fold(cell_text(v)) for v in next(rows_iter, ())]
        wanted = [fold(label) for _, label, _ in columns]
        if header[: len(wanted)] != wanted:
            raise WorkbookError(f"Dòng tiêu đề của trang «{sheet}» đã bị sửa: hãy dùng tệp mẫu tải từ hệ thống.")
        names = [field for field, _, _ in columns]
        for number, raw in enumerate(rows_iter, start=2):
            cells = dict(zip(names, raw, strict=False))
            if any(cell_text(v) for v in cells.values()):
                yield number, cells


def errors_workbook(errors: Sequence[Mapping[str, Any]]) -> bytes:
    """The list of errors as an .xlsx: row number, column, message."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Lỗi"
    ws.append(["Dòng", "Cột", "Lỗi"])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for error in errors:
        ws.append([error.get("row"), error.get("column"), error.get("message")])
    ws.column_dimensions["B"].width, ws.column_dimensions["C"].width = 28, 100
    return to_bytes(wb)
