"""Tables render to an .xlsx workbook with a bold header, set widths and Vietnamese text intact."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from cchc.documents.spec import Column, Row, Table
from cchc.documents.xlsx import render_xlsx

TABLE = Table(
    columns=(Column("STT", 15, "center"), Column("Cơ quan chủ trì", 60), Column("Số tin, bài", 30, "center")),
    rows=(
        Row(("I", "Cấp tỉnh"), group=True),
        Row(("1", "Sở Văn hóa, Thể thao và Du lịch", 12)),
        Row(("2", ["Báo Tuyên Quang", "Đài PT-TH tỉnh"], float("nan"))),
    ),
    title="Kết quả: quý I/2025",
)


def _sheets(*tables: Table):
    return load_workbook(io.BytesIO(render_xlsx(list(tables))))


def test_each_table_becomes_a_sheet_named_after_its_title() -> None:
    workbook = _sheets(TABLE, Table(columns=TABLE.columns, rows=()))
    assert workbook.sheetnames == ["Kết quả quý I 2025", "Bảng 2"]


def test_the_title_and_header_row_are_bold_and_the_header_row_is_frozen() -> None:
    sheet = _sheets(TABLE).active
    assert sheet["A1"].value == "Kết quả: quý I/2025" and sheet["A1"].font.b
    assert [sheet.cell(row=3, column=c).value for c in (1, 2, 3)] == ["STT", "Cơ quan chủ trì", "Số tin, bài"]
    assert all(sheet.cell(row=3, column=c).font.b for c in (1, 2, 3))
    assert sheet.freeze_panes == "A4"
    assert sheet.print_title_rows == "$3:$3"


def test_column_widths_follow_the_spec() -> None:
    sheet = _sheets(TABLE).active
    widths = [sheet.column_dimensions[letter].width for letter in "ABC"]
    assert widths[1] > widths[2] > widths[0]


def test_cells_keep_numbers_vietnamese_text_and_lines_and_drop_missing_values() -> None:
    sheet = _sheets(TABLE).active
    assert sheet["B4"].value == "Cấp tỉnh" and sheet["B4"].font.b
    assert "B4:C4" in {str(merged) for merged in sheet.merged_cells.ranges}
    assert sheet["B5"].value == "Sở Văn hóa, Thể thao và Du lịch"
    assert sheet["C5"].value == 12
    assert sheet["B6"].value == "Báo Tuyên Quang\nĐài PT-TH tỉnh"
    assert sheet["C6"].value is None
    assert sheet["B6"].alignment.wrap_text


def test_an_empty_list_still_gives_a_valid_workbook() -> None:
    assert _sheets().sheetnames == ["Bảng 1"]
