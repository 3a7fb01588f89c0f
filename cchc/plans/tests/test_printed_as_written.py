"""What the issuing body printed comes back as printed: the lines grouping the recipients ("Gửi bản điện tử:",
"Gửi bản giấy:") and the appendix's column names as the source wrote them."""

from __future__ import annotations

import pytest

from cchc.documents.tests.docx_reading import all_text, open_docx
from cchc.plans.body import walk
from cchc.plans.docx_export import plan_docx
from cchc.plans.importing import import_document
from cchc.plans.schema import PlanFormatError, parse_plan
from cchc.plans.tests.seed_documents import imported_seed


def _imported(prefix: str) -> dict:
    """The importer's plan of a seed document (read once per process), a copy the test may change."""
    return imported_seed(prefix).plan


def test_recipient_group_lines_are_kept_apart_from_the_recipients_and_printed_in_place():
    plan = _imported("001")
    assert plan["recipient_headings"] == [
        {"at": 0, "text": "Gửi bản điện tử:"},
        {"at": 12, "text": "Gửi bản giấy:"},
    ]
    assert plan["recipients"][0] == "Sở Nội vụ tỉnh" and plan["recipients"][12] == "Đơn vịkhông có HSCV"
    assert not any("Gửi bản" in (n.get("text") or "") for n in walk(plan["body"]))  # not in the body too
    text = all_text(open_docx(plan_docx(plan)))
    lines = [line.strip() for line in text.split("\n")]
    first = lines.index("Gửi bản điện tử:")
    assert lines[first + 1] == "- Sở Nội vụ tỉnh;" and lines.index("Gửi bản giấy:") > first
    heading = _imported("000")["recipient_headings"]
    assert heading == [{"at": 0, "text": "Gửi bản điện tử (gửi bản giấy các đơn vị chưa dùng iOffice):"}]


def test_a_heading_placed_beyond_the_recipients_is_refused():
    plan = _imported("001")
    plan["recipient_headings"].append({"at": len(plan["recipients"]) + 1, "text": "Gửi bản giấy:"})
    with pytest.raises(PlanFormatError, match="Dòng nhóm nơi nhận"):
        parse_plan(plan)


def test_the_appendix_columns_are_named_as_the_source_names_them():
    header = next(n["cells"] for n in walk(_imported("001")["body"]) if n.get("header"))
    assert header == [
        "STT",
        "Nội dung tuyên truyền",
        "Hình thức tuyên truyền",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Thời gian thực hiện",
    ]


def test_a_cell_the_source_wrapped_prints_its_sentences_whole_and_each_item_on_its_own_line():
    plan = _imported("001")
    text = all_text(open_docx(plan_docx(plan)))
    assert "Quyết định số 28/2015/QĐ-UBND ngày 24/12/2015 của UBND tỉnh về Quy định trách nhiệm" in text
    assert "- Chỉ thị số 27/CT-TTg ngày 27/10/2023 của Thủ tướng Chính phủ" in text


def _runs(data: bytes, words: str) -> list:
    """The runs of the printed paragraph that holds `words`."""
    paragraph = next(p for p in open_docx(data).paragraphs if words in p.text)
    return [run for run in paragraph.runs if run.text]


def test_bold_and_italic_words_of_a_text_source_are_kept_and_printed():
    plan = _imported("000")
    closing = next(n for n in walk(plan["body"]) if "qua Sở Nội vụ" in n["text"])
    assert closing["emphasis"] == [{"text": "qua Sở Nội vụ", "bold": False, "italic": True}]
    runs = _runs(plan_docx(plan), "qua Sở Nội vụ")
    assert [r.text for r in runs if r.italic] == ["qua Sở Nội vụ"]
    assert not runs[0].italic and "Trên đây là Kế hoạch" in runs[0].text


def test_bold_and_italic_runs_of_a_docx_source_are_kept_and_printed():
    import io

    import docx

    document = docx.Document()
    document.add_paragraph("ỦY BAN NHÂN DÂN TỈNH BẮC KẠN")
    document.add_paragraph("Bắc Kạn, ngày 10 tháng 01 năm 2025")
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Tuyên truyền cải cách hành chính tỉnh Bắc Kạn năm 2025")
    document.add_paragraph("I. MỤC ĐÍCH, YÊU CẦU")
    paragraph = document.add_paragraph("- Nâng cao nhận thức về ")
    paragraph.add_run("cải cách hành chính").bold = True
    paragraph.add_run(" trong toàn tỉnh, ")
    paragraph.add_run("nhất là ở cấp xã").italic = True
    paragraph.add_run(".")
    document.add_paragraph("II. TỔ CHỨC THỰC HIỆN")
    document.add_paragraph("Các cơ quan, đơn vị căn cứ Kế hoạch này tổ chức thực hiện./.")
    out = io.BytesIO()
    document.save(out)
    plan = import_document(out.getvalue(), "ke-hoach.docx").plan
    item = next(n for n in walk(plan["body"]) if n["text"].startswith("Nâng cao nhận thức"))
    assert item["emphasis"] == [
        {"text": "cải cách hành chính", "bold": True, "italic": False},
        {"text": "nhất là ở cấp xã", "bold": False, "italic": True},
    ]
    runs = _runs(plan_docx(plan), "Nâng cao nhận thức")
    assert [r.text for r in runs if r.bold] == ["cải cách hành chính"]
    assert [r.text for r in runs if r.italic] == ["nhất là ở cấp xã"]


def test_emphasis_that_is_not_in_its_node_text_is_refused_with_the_field_named():
    plan = _imported("000")
    closing = next(n for n in walk(plan["body"]) if n.get("emphasis") and "qua Sở Nội vụ" in n["text"])
    closing["emphasis"][0]["text"] = "qua Sở Tư pháp"
    with pytest.raises(PlanFormatError) as error:
        parse_plan(plan)
    assert any("Toàn văn" in e and "qua Sở Tư pháp" in e for e in error.value.errors)


def test_the_date_line_prints_the_day_and_month_as_the_source_wrote_them():
    plan = _imported("002")
    assert plan["issued_date"] == "2025-07-14" and plan["issued_date_text"] == "ngày 14 tháng 07 năm 2025"
    assert "Tuyên Quang, ngày 14 tháng 07 năm 2025" in all_text(open_docx(plan_docx(plan)))
    # a date changed on review no longer reads as the source's words: the layout's own form is printed
    edited = {**plan, "issued_date": "2025-07-15"}
    assert "Tuyên Quang, ngày 15 tháng 7 năm 2025" in all_text(open_docx(plan_docx(edited)))


@pytest.mark.django_db
def test_the_date_as_written_is_stored_exported_and_printed_from_the_stored_plan():
    from cchc.plans.docx_export import print_plan
    from cchc.plans.services import export_plan_json, import_plan_json

    stored = import_plan_json(None, _imported("002")).plan
    assert export_plan_json(stored)["issued_date_text"] == "ngày 14 tháng 07 năm 2025"
    assert "ngày 14 tháng 07 năm 2025" in all_text(open_docx(print_plan(stored)))


def test_a_cell_line_left_open_in_a_name_goes_on_with_the_next_line_even_after_a_capital():
    paragraphs = [p.text for table in open_docx(plan_docx(_imported("001"))).tables for c in _cells(table) for p in c]
    assert "Văn phòng HĐND&UBND huyện; Phòng Nội vụ;" in paragraphs
    assert any(p.endswith("Trung tâm Văn hóa, thể thao và Truyền thông huyện") for p in paragraphs)
    assert "Văn phòng" not in paragraphs and "Truyền thông huyện" not in paragraphs
    # the lines of a list the source printed one per line stay apart (003's units, a dash each)
    paragraphs = [p.text for table in open_docx(plan_docx(_imported("003"))).tables for c in _cells(table) for p in c]
    assert "- Phòng Văn hóa và Thông tin" in paragraphs and "- Văn phòng HĐND - UBND" in paragraphs


@pytest.mark.parametrize(
    ("cell", "lines"),
    [
        ("Phòng Nội vụ\nUBND cấp xã", ["Phòng Nội vụ", "UBND cấp xã"]),  # a complete name on each line
        ("Các sở\nUBND cấp xã", ["Các sở", "UBND cấp xã"]),
        ("Sở Nội vụ;\nSở Tư pháp", ["Sở Nội vụ;", "Sở Tư pháp"]),
        ("Trung tâm\nPhục vụ hành chính công", ["Trung tâm Phục vụ hành chính công"]),
        ("Sở Văn hóa, Thể thao và\nDu lịch", ["Sở Văn hóa, Thể thao và Du lịch"]),
        ("Tuyên truyền về\nCCHC.", ["Tuyên truyền về CCHC."]),
        ("Viết tin, bài\n(về các điển hình)", ["Viết tin, bài (về các điển hình)"]),
        (
            "- Trên hệ thống truyền thanh và\n- Trên Cổng thông tin",
            ["- Trên hệ thống truyền thanh và", "- Trên Cổng thông tin"],
        ),
    ],
)
def test_which_cell_lines_join(cell: str, lines: list[str]) -> None:
    from cchc.plans.docx_export import _cell

    assert _cell(cell) == lines


def _cells(table) -> list:
    return [cell.paragraphs for row in table.rows for cell in row.cells]
