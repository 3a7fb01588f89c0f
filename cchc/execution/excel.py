"""The Excel template for bulk results: building it, reading it back row by row, and the list of errors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from cchc.core import files, inputs
from cchc.core.dates import DateError, parse_date
from cchc.core.text import fold
from cchc.documents import sheets
from cchc.execution.models import QUANTITY_BOUNDS, RESULT_INPUT_FIELDS, RESULT_LABELS, Assignment, ResultKind

SHEET = "Kết quả"
# What each header says beyond the field's label, and column widths other than the default (12 for numbers).
_HEADER_HINTS = {"date": " (dd/mm/yyyy)"}
_WIDTHS = {"date": 16, "kind": 30, "title": 40, "link": 30, "note": 30}
# The reference columns (for the person's eyes, except the assignment's id), then the result's own fields.
COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("assignment", "Mã nhiệm vụ", 12),
    ("unit", "Đơn vị (để tham khảo)", 28),
    ("task", "Nhiệm vụ (để tham khảo)", 40),
    *((name, RESULT_LABELS[name] + _HEADER_HINTS.get(name, ""), _WIDTHS.get(name, 12)) for name in RESULT_INPUT_FIELDS),
)
FIELD_LABELS = {name: label for name, label, _ in COLUMNS}
# A results workbook of the template's 5,000 rows unpacks to a few megabytes; these bounds leave ten times that.
ZIP_LIMITS = files.ZipLimits(total=50 * 1024 * 1024, member=40 * 1024 * 1024, ratio=100)
_KINDS_BY_KEY = {fold(label): value for value, label in ResultKind.choices} | {v: v for v in ResultKind.values}


@dataclass
class SheetRow:
    """One filled row of the results sheet, as typed by the person, with the errors found reading it."""

    number: int
    assignment_id: int | None
    values: dict[str, Any]
    errors: dict[str, str] = field(default_factory=dict)


def build_template(assignments: Iterable[Assignment]) -> bytes:
    """An .xlsx with the empty results sheet, the list of kinds, the assignments the person may log for, a guide."""
    wb = Workbook()
    ws = sheets.template_sheet(wb, SHEET, COLUMNS)
    bold = Font(bold=True)
    kinds = wb.create_sheet("Hình thức")
    for row, (_, label) in enumerate(ResultKind.choices, start=1):
        kinds.cell(row=row, column=1, value=label)
    kind_column = get_column_letter(1 + [name for name, _, _ in COLUMNS].index("kind"))
    sheets.choose_from(ws, kind_column, 5000, ("Hình thức", "A", len(ResultKind.choices)),
                       "Hãy chọn một hình thức trong danh sách.", "Hình thức")  # fmt: skip
    tasks = wb.create_sheet("Nhiệm vụ")
    for col, label in enumerate(("Mã nhiệm vụ", "Đơn vị", "Số TT", "Nhiệm vụ", "Vai trò"), start=1):
        tasks.cell(row=1, column=col, value=label).font = bold
    for row, a in enumerate(assignments, start=2):
        for col, value in enumerate((a.pk, a.unit.name, a.ref, a.title[:500], a.get_role_display()), start=1):
            tasks.cell(row=row, column=col, value=value)
    tasks.column_dimensions["B"].width, tasks.column_dimensions["D"].width = 30, 80
    sheets.guide_sheet(
        wb,
        (
            "Mỗi dòng của trang «Kết quả» là một kết quả đã thực hiện.",
            "Mã nhiệm vụ: lấy ở trang «Nhiệm vụ» (chỉ các nhiệm vụ của đơn vị bạn).",
            "Ngày thực hiện: dd/mm/yyyy, trong thời kỳ kế hoạch và không sau hôm nay.",
            "Hình thức: chọn trong danh sách. Chỉ ghi các số lượng phù hợp với hình thức; số không được âm.",
            "Tải tệp lên để kiểm tra trước; nếu có lỗi, không dòng nào được ghi nhận. Sửa lỗi rồi tải lại.",
        ),
    )
    return sheets.to_bytes(wb)


_text = sheets.cell_text


def _date(value: Any, errors: dict[str, str]) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return parse_date(_text(value))
    except DateError as exc:
        errors["date"] = str(exc)
        return None


def _number(name: str, value: Any, errors: dict[str, str]) -> Any:
    minimum, maximum, places = QUANTITY_BOUNDS[name]
    try:
        return inputs.parse_bounded(value, label=FIELD_LABELS[name], minimum=minimum, maximum=maximum, places=places)
    except inputs.InputError as exc:
        errors[name] = exc.message
        return None


def read_rows(content: bytes, name: str = "ket-qua.xlsx") -> list[SheetRow]:
    """The filled rows of the results sheet; raises WorkbookError when the file is not the template."""
    return [
        _row(number, cells)
        for number, cells in sheets.read_filled_rows(
            content, name=name, sheet=SHEET, columns=COLUMNS, limits=ZIP_LIMITS
        )
        if any(_text(cells.get(n)) for n in ("date", "kind", "title", "link"))
    ]


def _row(number: int, cells: dict[str, Any]) -> SheetRow:
    errors: dict[str, str] = {}
    assignment_text = _text(cells.get("assignment"))
    assignment_id = int(assignment_text) if assignment_text.isascii() and assignment_text.isdigit() else None
    if assignment_id is not None and assignment_id > 2**62:
        assignment_id = None
    if assignment_id is None:
        errors["assignment"] = "Mã nhiệm vụ: hãy ghi mã số lấy ở trang «Nhiệm vụ»."
    kind_text = _text(cells.get("kind"))
    kind = _KINDS_BY_KEY.get(fold(kind_text), "")
    if kind_text and not kind:
        errors["kind"] = f"Hình thức «{kind_text}» không có trong danh sách."
    values: dict[str, Any] = {}
    for name in RESULT_INPUT_FIELDS:
        if name == "date":
            values[name] = _date(cells.get(name), errors)
        elif name == "kind":
            values[name] = kind
        elif name in QUANTITY_BOUNDS:
            values[name] = _number(name, cells.get(name), errors)
        else:
            values[name] = _text(cells.get(name))
    return SheetRow(number, assignment_id, values, errors)


errors_workbook = sheets.errors_workbook
