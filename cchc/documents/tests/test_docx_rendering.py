"""The .docx renderer lays documents out as Nghị định 30/2020/NĐ-CP prescribes."""

from __future__ import annotations

import datetime as dt

import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from cchc.documents.charts import render_chart
from cchc.documents.docx import render_docx
from cchc.documents.spec import (
    Appendix,
    Bullet,
    ChartSpec,
    Column,
    DocumentHeader,
    DocumentSpec,
    Heading,
    Image,
    Paragraph,
    Row,
    Series,
    Signature,
    Table,
)
from cchc.documents.tests import docx_reading as read

UNITS_TABLE = Table(
    columns=(Column("STT", 15, "center"), Column("Đơn vị", 120), Column("Số tin, bài", 40, "center")),
    rows=(
        Row(("I", "Cấp tỉnh"), group=True),
        Row(("1", "Sở Nội vụ", 12)),
        Row(("2", ["Báo Tuyên Quang", "Đài PT-TH tỉnh"], None)),
    ),
    title="Kết quả đăng tin, bài",
)


def _report(number: str | None = "7", date: dt.date | None = dt.date(2025, 2, 3), name: str | None = "Hoàng Gia Long"):
    chart = render_chart(
        ChartSpec(
            kind="bar", title="Số tin, bài theo quý", categories=("Quý I", "Quý II"), series=(Series("Tin", (3, 5)),)
        )
    )
    return DocumentSpec(
        header=DocumentHeader(
            issuing_body="ỦY BAN NHÂN DÂN\nTỈNH TUYÊN QUANG",
            symbol="BC-UBND",
            place="Tuyên Quang",
            issuer_name="UBND tỉnh Tuyên Quang",
            number=number,
            date=date,
            year=2025,
        ),
        kind="BÁO CÁO",
        title="Kết quả tuyên truyền cải cách hành chính quý I năm 2025",
        legal_basis=("Căn cứ Kế hoạch số 05/KH-UBND ngày 14/07/2025 của UBND tỉnh", "Căn cứ tình hình thực tế"),
        body=(
            Heading("I. KẾT QUẢ ĐẠT ĐƯỢC"),
            Heading("1. Công tác chỉ đạo", level=2),
            Paragraph("Ủy ban nhân dân tỉnh đã ban hành các văn bản chỉ đạo."),
            Bullet("Đăng 12 tin, bài trên Cổng TTĐT", label="Kết quả"),
            Bullet("None"),
            UNITS_TABLE,
            Image(chart, width_mm=140, caption="Biểu đồ 1. Số tin, bài theo quý"),
        ),
        signature=Signature(authority=("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"), position="PHÓ CHỦ TỊCH", name=name),
        recipients=("Bộ Nội vụ (Báo cáo)", "Chủ tịch UBND tỉnh", "Lưu: VT, PVHCC"),
        appendices=(Appendix(title="Biểu tổng hợp", blocks=(UNITS_TABLE,)),),
    )


@pytest.fixture(scope="module")
def document():
    return read.open_docx(render_docx(_report()))


def test_pages_are_a4_with_the_decree_margins(document) -> None:
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    measured = (section.page_width, section.page_height, section.top_margin, section.bottom_margin)
    measured += (section.left_margin, section.right_margin)
    for length, millimetres in zip(measured, (210, 297, 20, 20, 30, 15), strict=True):
        assert abs(length.mm - millimetres) < 0.1


def test_every_run_is_times_new_roman_in_every_script_slot(document) -> None:
    runs = list(read.text_runs(document))
    assert len(runs) > 30
    for run in runs:
        assert set(read.run_fonts(run).values()) == {read.FONT}, run.text


def test_the_header_block_has_the_issuer_number_national_name_motto_and_date(document) -> None:
    header = document.tables[0]
    assert header.rows[0].cells[0].paragraphs[0].text == "ỦY BAN NHÂN DÂN\nTỈNH TUYÊN QUANG"
    issuer = header.rows[0].cells[0].paragraphs[0]
    assert read.is_bold(issuer) and read.sizes(issuer) == {13}
    assert read.has_top_border(header.rows[0].cells[0].paragraphs[1])
    national = read.paragraph_with(document, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    motto = read.paragraph_with(document, "Độc lập - Tự do - Hạnh phúc")
    assert read.is_bold(national) and read.sizes(national) == {13}
    assert read.is_bold(motto) and read.sizes(motto) == {14}
    assert read.has_top_border(header.rows[0].cells[1].paragraphs[2])
    number = read.paragraph_with(document, "Số: 07/BC-UBND")
    assert not read.is_bold(number) and read.sizes(number) == {13}
    date = read.paragraph_with(document, "Tuyên Quang, ngày 03 tháng 02 năm 2025")
    assert read.is_italic(date) and read.sizes(date) == {14}


def test_the_header_table_has_no_borders(document) -> None:
    assert document.tables[0].style is None or document.tables[0].style.name != "Table Grid"
    assert "w:tblBorders" not in document.tables[0]._tbl.xml


def test_the_kind_and_title_are_bold_and_centred_with_a_short_rule(document) -> None:
    kind = read.paragraph_with(document, "BÁO CÁO")
    title = read.paragraph_with(document, "Kết quả tuyên truyền cải cách hành chính quý I năm 2025")
    for paragraph in (kind, title):
        assert read.is_bold(paragraph) and read.sizes(paragraph) == {14}
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
    paragraphs = document.paragraphs
    rule = paragraphs[[p._p for p in paragraphs].index(title._p) + 1]
    assert read.has_top_border(rule) and rule.text == ""


def test_legal_basis_lines_are_italic_and_end_with_semicolon_then_full_stop(document) -> None:
    first = read.paragraph_with(document, "Căn cứ Kế hoạch số 05/KH-UBND ngày 14/07/2025 của UBND tỉnh;")
    last = read.paragraph_with(document, "Căn cứ tình hình thực tế.")
    assert read.is_italic(first) and read.is_italic(last)


def test_body_text_is_14_pt_justified_with_first_line_indent_and_6_pt_after(document) -> None:
    paragraph = read.paragraph_with(document, "Ủy ban nhân dân tỉnh đã ban hành các văn bản chỉ đạo.")
    assert read.sizes(paragraph) == {14}
    assert paragraph.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert paragraph.paragraph_format.first_line_indent == Cm(1.27)
    assert paragraph.paragraph_format.space_after.pt == 6
    assert 1.0 <= paragraph.paragraph_format.line_spacing <= 1.5
    assert read.is_bold(read.paragraph_with(document, "I. KẾT QUẢ ĐẠT ĐƯỢC"))
    assert read.is_bold(read.paragraph_with(document, "1. Công tác chỉ đạo"))


def test_headings_carry_their_outline_level(document) -> None:
    assert read.outline_level(read.paragraph_with(document, "I. KẾT QUẢ ĐẠT ĐƯỢC")) == 0
    assert read.outline_level(read.paragraph_with(document, "1. Công tác chỉ đạo")) == 1
    assert (
        read.outline_level(read.paragraph_with(document, "Ủy ban nhân dân tỉnh đã ban hành các văn bản chỉ đạo."))
        is None
    )


def test_bullets_print_a_dash_and_an_italic_label(document) -> None:
    bullet = read.paragraph_with(document, "- Kết quả: Đăng 12 tin, bài trên Cổng TTĐT")
    assert [run.font.italic for run in bullet.runs if run.text.strip()] == [False, True, False]


def test_page_numbers_are_centred_in_the_header_from_page_two(document) -> None:
    section = document.sections[0]
    assert section.different_first_page_header_footer
    number = section.header.paragraphs[0]
    assert read.has_page_field(number) and number.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert not any(read.has_page_field(p) for p in section.first_page_header.paragraphs)


def test_signature_block_prints_authority_position_and_name_in_bold(document) -> None:
    for line in ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Hoàng Gia Long"):
        paragraph = read.paragraph_with(document, line)
        assert read.is_bold(paragraph) and read.sizes(paragraph) == {14}, line


def test_recipients_are_12_pt_bold_italic_label_and_11_pt_entries(document) -> None:
    label = read.paragraph_with(document, "Nơi nhận:")
    assert read.is_bold(label) and read.is_italic(label) and read.sizes(label) == {12}
    entries = ["- Bộ Nội vụ (Báo cáo);", "- Chủ tịch UBND tỉnh;", "- Lưu: VT, PVHCC."]
    for entry in entries:
        paragraph = read.paragraph_with(document, entry)
        assert read.sizes(paragraph) == {11} and not read.is_bold(paragraph)


def test_tables_repeat_their_header_row_and_span_group_rows(document) -> None:
    body_table = document.tables[1]
    assert read.repeats_header_row(body_table)
    assert [c.text for c in body_table.rows[0].cells] == ["STT", "Đơn vị", "Số tin, bài"]
    group = body_table.rows[1].cells
    assert group[1].text == "Cấp tỉnh" and group[1]._tc is group[2]._tc
    assert body_table.rows[2].cells[2].text == "12"
    assert [p.text for p in body_table.rows[3].cells[1].paragraphs] == ["Báo Tuyên Quang", "Đài PT-TH tỉnh"]
    assert body_table.rows[3].cells[2].text == ""


def test_images_are_embedded_with_their_caption(document) -> None:
    assert len(document.inline_shapes) == 1
    assert read.is_italic(read.paragraph_with(document, "Biểu đồ 1. Số tin, bài theo quý"))


def test_appendices_are_landscape_sections_with_their_own_title_and_page_numbers(document) -> None:
    appendix = document.sections[1]
    assert appendix.orientation == WD_ORIENT.LANDSCAPE and appendix.page_width > appendix.page_height
    assert appendix._sectPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pgNumType") is not None
    assert read.is_bold(read.paragraph_with(document, "Phụ lục"))
    assert read.is_bold(read.paragraph_with(document, "BIỂU TỔNG HỢP"))
    note = read.paragraph_with(
        document, "(Kèm theo Báo cáo số 07/BC-UBND ngày 03 tháng 02 năm 2025 của UBND tỉnh Tuyên Quang)"
    )
    assert read.is_italic(note)
    assert read.repeats_header_row(document.tables[-1])


def test_nothing_missing_is_printed_as_none_or_nan(document) -> None:
    assert not read.MISSING.search(read.all_text(document))


def test_blank_number_date_and_name_print_as_drafts_do() -> None:
    document = read.open_docx(render_docx(_report(number=None, date=None, name=None)))
    text = read.all_text(document)
    assert "Số:      /BC-UBND" in text
    assert "Tuyên Quang, ngày    tháng    năm 2025" in text
    assert "(Kèm theo Báo cáo số      /BC-UBND ngày    tháng    năm 2025 của UBND tỉnh Tuyên Quang)" in text
    assert not read.MISSING.search(text)
    assert read.paragraph_with(document, "PHÓ CHỦ TỊCH")
