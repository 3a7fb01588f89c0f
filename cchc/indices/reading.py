"""Reading a table of index values as published (.csv or .xlsx): the columns are found by their Vietnamese names,
in any order, on the first sheet; every row comes back as text with its row number, for the service to check."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from cchc.core import files
from cchc.core.text import fold
from cchc.documents.sheets import WorkbookError, cell_text, open_workbook

MAX_ROWS = 20_000
ZIP_LIMITS = files.ZipLimits(total=30 * 1024 * 1024, member=20 * 1024 * 1024, ratio=100)

# Folded header → field, longest names first so that "chỉ số thành phần" is not read as "chỉ số".
HEADERS: tuple[tuple[str, str], ...] = (
    ("chi so thanh phan", "component"),
    ("thanh phan", "component"),
    ("tinh, thanh pho", "locality"),
    ("tinh/thanh pho", "locality"),
    ("dia phuong", "locality"),
    ("tinh", "locality"),
    ("chi so", "index"),
    ("nam danh gia", "year"),
    ("nam", "year"),
    ("gia tri", "value"),
    ("diem so", "value"),
    ("diem", "value"),
    ("xep hang", "rank"),
    ("thu hang", "rank"),
    ("nguon cong bo", "source"),
    ("nguon", "source"),
    ("ghi chu", "note"),
)
REQUIRED = {"locality": "Địa phương", "index": "Chỉ số", "year": "Năm", "value": "Giá trị"}
TEMPLATE_HEADER = ("Địa phương", "Năm", "Chỉ số", "Chỉ số thành phần", "Giá trị", "Xếp hạng", "Nguồn", "Ghi chú")


class TableError(ValueError):
    """The file cannot be read as a table of index values; the message is Vietnamese."""


def _field(header: str) -> str | None:
    folded = re.sub(r"[\s:*]+$", "", fold(header)).strip()
    folded = re.sub(r"\s*\(.*\)$", "", folded)  # "Giá trị (%)" → "gia tri"
    return next((field for name, field in HEADERS if folded == name), None)


def _rows(content: bytes, name: str) -> list[list[Any]]:
    if name.lower().endswith(".xlsx"):
        try:
            with open_workbook(
                content,
                name=name,
                limits=ZIP_LIMITS,
                not_xlsx="Tệp không phải Excel (.xlsx) đọc được.",
                unreadable="Tệp Excel không đọc được: hãy lưu lại dưới dạng .xlsx rồi tải lên.",
            ) as wb:
                rows = wb.worksheets[0].iter_rows(values_only=True)
                return [list(row) for _, row in zip(range(MAX_ROWS + 2), rows, strict=False)]
        except WorkbookError as exc:
            raise TableError(str(exc)) from None
    if name.lower().endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise TableError("Tệp CSV phải được lưu với bảng mã UTF-8.") from None
        if "\x00" in text:
            raise TableError("Tệp CSV có ký tự không hợp lệ (NUL).")
        first = text.split("\n", 1)[0]
        delimiter = ";" if first.count(";") > first.count(",") else ","  # Excel in Vietnamese saves with ";"
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        return [row for _, row in zip(range(MAX_ROWS + 2), reader, strict=False)]
    raise TableError("Chỉ nhận tệp .xlsx hoặc .csv.")


def read_table(content: bytes, name: str) -> list[tuple[int, dict[str, str]]]:
    """(row number, text by field) for every non-empty row under the header row (the first row naming the
    required columns). Raises TableError when no such header is found or the table is too long."""
    rows = _rows(content, name)
    found = next(
        ((at, fields) for at, fields in ((i, [_field(cell_text(v)) for v in row]) for i, row in enumerate(rows[:20]))
         if set(REQUIRED) <= set(fields)),
        None,
    )  # fmt: skip
    if found is None:
        raise TableError(
            "Không tìm thấy dòng tiêu đề có đủ các cột: " + ", ".join(f"«{v}»" for v in REQUIRED.values()) + "."
        )
    header_at, fields = found
    if len(rows) - header_at - 1 > MAX_ROWS:
        raise TableError(f"Bảng có quá nhiều dòng (tối đa {MAX_ROWS:,} dòng).".replace(",", "."))
    out = []
    for number, raw in enumerate(rows[header_at + 1 :], start=header_at + 2):
        cells = {f: cell_text(v) for f, v in zip(fields, raw, strict=False) if f is not None}
        if any(cells.values()):
            out.append((number, cells))
    return out
