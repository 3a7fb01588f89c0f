"""The genre rules of the importer: citations, timing, dates, units, text layout, tables in their text shapes."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from cchc.core.calendar import classify
from cchc.plans.importing import import_document
from cchc.plans.importing.blocks import Paragraph, Table
from cchc.plans.importing.citations import find_citations, normalize_number, own_number
from cchc.plans.importing.ocrfix import fix_ocr, fix_unit_head
from cchc.plans.importing.textlayout import blocks_from_text, clean_text
from cchc.plans.importing.timing import resolve_date
from cchc.plans.importing.units import mode_for, split_units

FIXTURES = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "importing"


def test_a_legal_citation_is_normalised_to_type_number_date_and_issuer() -> None:
    [citation] = find_citations("Căn cứ Quyết định số 1814/QĐ-UBND ngày 30/9/2021 của UBND tỉnh Bắc Kạn về ban hành")
    assert citation.as_json() == {
        "type": "Quyết định",
        "number": "1814/QĐ-UBND",
        "date": "2021-09-30",
        "issuer": "UBND tỉnh Bắc Kạn",
    }


def test_citations_keep_their_order_and_dates_written_in_words() -> None:
    text = "Nghị định số 115/2020/NĐ-CP ngày 25 tháng 9 năm 2020; Nghị quyết số 55-NQ/TU của BTV Tỉnh ủy"
    assert [(c.number, c.date) for c in find_citations(text)] == [
        ("115/2020/NĐ-CP", "2020-09-25"),
        ("55-NQ/TU", None),
    ]


def test_a_project_nickname_is_not_a_citation() -> None:
    assert find_citations("triển khai Đề án 06/CP về dữ liệu dân cư") == []


OPENING_FOUR = (
    "Căn cứ Quyết định số 1588/QĐ-TTg ngày 21/12/2023 của Thủ tướng Chính phủ về cải cách hành chính; "
    "Kế hoạch số 400/KH-UBND ngày 05/01/2024 của UBND tỉnh về cải cách hành chính năm 2024, số 402/KH-UBND ngày "
    "06/01/2024 về chuyển đổi số, số 25/KH-UBND ngày 10/02/2024 của UBND tỉnh về tuyên truyền, UBND huyện ban "
    "hành Kế hoạch như sau:"
)


def test_every_document_sharing_one_type_word_in_the_opening_is_cited() -> None:
    assert [(c.type, c.number, c.date) for c in find_citations(OPENING_FOUR)] == [
        ("Quyết định", "1588/QĐ-TTg", "2023-12-21"),
        ("Kế hoạch", "400/KH-UBND", "2024-01-05"),
        ("Kế hoạch", "402/KH-UBND", "2024-01-06"),
        ("Kế hoạch", "25/KH-UBND", "2024-02-10"),
    ]


@pytest.mark.parametrize(
    ("text", "cited"),
    [
        ("Thực hiện Kế hoạch Số: 25 /KH-UBND ngày 3/2/2025 của UBND tỉnh", ("Kế hoạch", "25/KH-UBND")),
        ("Thực hiện Chương trình hành động 25-KH/TU của Tỉnh ủy", ("Kế hoạch", "25-KH/TU")),
        ("Căn cứ QĐ số 1588/QĐ-TTg của Thủ tướng", ("Quyết định", "1588/QĐ-TTg")),
        ("Thực hiện văn bản số 130/UBND-VX, số 2/QĐ-UBND", ("Quyết định", "2/QĐ-UBND")),
        ("Căn cứ Luật Tổ chức chính quyền địa phương số 77/2015/QH13 ngày 19/6/2015;", ("Luật", "77/2015/QH13")),
        ("Căn cứ Quyết định số 1/QĐ-UBND; Luật Cán bộ, công chức số 22/2008/QH12", ("Luật", "22/2008/QH12")),
    ],
)
def test_numbers_are_read_in_every_form_offices_print(text: str, cited: tuple[str, str]) -> None:
    assert cited in [(c.type, c.number) for c in find_citations(text)]


def test_a_date_after_a_comma_still_belongs_to_its_citation() -> None:
    [citation] = find_citations("Căn cứ Quyết định số 1588/QĐ-TTg, ngày 21 tháng 12 năm 2023 của Thủ tướng Chính phủ;")
    assert (citation.date, citation.issuer) == ("2023-12-21", "Thủ tướng Chính phủ")


def test_a_plan_opening_with_four_bases_in_one_sentence_keeps_all_four() -> None:
    text = (FIXTURES / "commune_plan.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    opening = next(k for k, line in enumerate(lines) if line.lstrip("# ").startswith(("Căn cứ", "Thực hiện")))
    lines[opening] = OPENING_FOUR
    bases = import_document("\n".join(lines).encode(), "ke-hoach.txt").plan["legal_bases"]
    assert [b["number"] for b in bases] == ["1588/QĐ-TTg", "400/KH-UBND", "402/KH-UBND", "25/KH-UBND"]


@pytest.mark.parametrize(
    ("raw", "number"),
    [("08- NQ/TU", "08-NQ/TU"), ("26/CTTTg", "26/CT-TTg"), ("23/CT- TTg", "23/CT-TTg"), ("12/QD-UBND", "12/QĐ-UBND")],
)
def test_a_number_broken_by_line_wrapping_or_typing_is_mended(raw: str, number: str) -> None:
    assert normalize_number(raw) == number


def test_the_plans_own_number_is_read_or_none_when_blank() -> None:
    assert own_number("Số: 187/KH-UBND\nBắc Ninh, ngày 17 tháng 12 năm 2024") == "187/KH-UBND"
    assert own_number("Số: /KH-UBND\nBắc Kạn, ngày tháng năm 2025") is None
    assert own_number("(Kèm theo Kế hoạch số 187/KH-UBND ngày 17/12/2024)") == "187/KH-UBND"


@pytest.mark.parametrize(
    ("text", "kind", "quarters", "frequency"),
    [
        ("Thường xuyên trong năm 2025", "ongoing", [], None),
        ("Quý II và Quý IV", "quarters", [2, 4], None),
        ("Quý II đến Quý IV", "quarters", [2, 3, 4], None),
        ("Theo tháng hoặc quý", "recurring", [], "monthly_or_quarterly"),
        ("Định kỳ", "recurring", [], "periodic"),
        ("Hàng tuần", "recurring", [], "weekly"),
        ("Căn cứ vào tình hình thực tế, bố trí thời gian phù hợp", "as_needed", [], None),
        ("Trước ngày 30/6/2025", "dates", [], None),
    ],
)
def test_timing_is_classified_by_kind_quarters_and_frequency(
    text: str, kind: str, quarters: list[int], frequency: str | None
) -> None:
    timing = classify(text).as_json()
    assert (timing["kind"], timing["quarters"], timing["frequency"]) == (kind, quarters, frequency)


def test_a_date_without_a_year_takes_the_plan_year() -> None:
    assert resolve_date("gửi trước ngày 10/6", 2025) == "2025-06-10"
    assert resolve_date("trước ngày 31/02", 2025) is None


@pytest.mark.parametrize(
    ("cell", "units"),
    [
        ("Các cơ quan, đơn vị và UBND các phường", ["Các cơ quan, đơn vị", "UBND các phường"]),
        (
            "Sở Nội vụ, các sở, ban, ngành, đoàn thể, Ủy ban nhân dân các huyện, thành phố",
            ["Sở Nội vụ", "các sở, ban, ngành, đoàn thể", "Ủy ban nhân dân các huyện, thành phố"],
        ),
        (
            "- Phòng Văn hóa và Thông tin\n- Văn phòng HĐND - UBND",
            ["Phòng Văn hóa và Thông tin", "Văn phòng HĐND - UBND"],
        ),
        (
            "Văn phòng HĐND&UBND huyện; các phòng: Nội vụ, Tư pháp",
            ["Văn phòng HĐND&UBND huyện", "Phòng Nội vụ", "Phòng Tư pháp"],
        ),
        ("các tổ chức chính trị - xã hội (Hội Nông dân tỉnh; Tỉnh đoàn)", ["Hội Nông dân tỉnh", "Tỉnh đoàn"]),
        ("Báo và Đài Phát thanh - Truyền hình tỉnh", ["Báo và Đài Phát thanh - Truyền hình tỉnh"]),
    ],
)
def test_a_cell_listing_several_units_gives_one_item_per_unit(cell: str, units: list[str]) -> None:
    assert split_units(cell) == units


def test_de_nghi_and_party_bodies_are_requested_and_giao_is_assigned() -> None:
    assert mode_for(["Ban Tuyên giáo Tỉnh ủy"], "Đề nghị Ban Tuyên giáo Tỉnh ủy: chỉ đạo") == "requested"
    assert mode_for(["Hội Nông dân tỉnh"], "Hội Nông dân tỉnh") == "requested"
    assert mode_for(["Sở Nội vụ"], "Giao Sở Nội vụ chủ trì") == "assigned"


def test_ocr_slips_are_mended_before_restoration() -> None:
    assert fix_ocr("Pay manh t6 chirc 1a VP1 57-NQ/TW") == "Đay manh to chirc la VP1 57-NQ/TW"
    assert fix_unit_head("Sẽ Nội vụ") == "Sở Nội vụ"
    assert fix_unit_head("Vin phòng UBND tỉnh") == "Văn phòng UBND tỉnh"


def test_markdown_marks_are_dropped_and_wrapped_lines_joined() -> None:
    text = clean_text("## **II. NỘI DUNG**\n\n" + "- Một hai ba bốn năm sáu bảy tám chín mười một hai ba bốn\n" * 12)
    blocks = blocks_from_text(text)
    assert isinstance(blocks[0], Paragraph)
    assert blocks[0].text == "II. NỘI DUNG"
    assert len(blocks) == 13


def test_a_full_line_cut_before_the_dash_of_a_compound_word_goes_on_and_a_bullet_still_starts_an_item() -> None:
    filler = "- Tuyên truyền sâu rộng các nội dung cải cách hành chính tới Nhân dân.\n" * 10
    text = (
        filler + "- Phối hợp với các cơ quan có liên quan, các tổ chức trong hệ thống chính trị\n"
        "- xã hội tuyên truyền về cải cách hành chính; đưa công tác tuyên truyền vào tiêu chí\n"
        "thi đua khen thưởng cuối năm.\n- vận động hội viên tham gia.\n"
    )
    paragraphs = [b.text for b in blocks_from_text(text)]
    assert paragraphs[10:] == [
        "- Phối hợp với các cơ quan có liên quan, các tổ chức trong hệ thống chính trị - xã hội tuyên truyền về "
        "cải cách hành chính; đưa công tác tuyên truyền vào tiêu chí thi đua khen thưởng cuối năm.",
        "- vận động hội viên tham gia.",
    ]


def test_a_tab_separated_table_keeps_its_group_rows() -> None:
    text = "STT\tNội dung\tĐơn vị chủ trì\tThời gian\nI\tNhóm một\t\t\n1\tViệc a\tSở Nội vụ\tQuý I\n"
    [table] = [b for b in blocks_from_text(text) if isinstance(b, Table)]
    assert table.rows[1] == ["I", "Nhóm một", "", ""]
    assert table.rows[2] == ["1", "Việc a", "Sở Nội vụ", "Quý I"]


def test_a_table_pasted_one_cell_per_line_is_rebuilt_row_by_row() -> None:
    text = "\tSTT\n\tNội dung\n\tCơ quan chủ trì\n\n\t1\n\tViệc a\n\t- Sở Nội vụ\n- Sở Tư pháp\n\n\t2\n\tViệc b\n\t\n"
    [table] = [b for b in blocks_from_text(text) if isinstance(b, Table)]
    assert table.rows == [
        ["STT", "Nội dung", "Cơ quan chủ trì"],
        ["1", "Việc a", "- Sở Nội vụ\n- Sở Tư pháp"],
        ["2", "Việc b", ""],
    ]


def test_a_ministry_plan_with_inline_fields_and_lettered_duties_is_read_by_the_genre_rules() -> None:
    data = (FIXTURES / "ministry_plan.txt").read_bytes()
    plan = import_document(data, "ministry_plan.txt").plan
    assert (plan["issuer"], plan["level"], plan["number"]) == ("Bộ Nội vụ", "ministry", "1234/KH-BNV")
    assert len(plan["objectives"]) == 2
    first, second = plan["activities"]
    assert (first["lead"], first["coordinators"]) == (
        ["Vụ Cải cách hành chính"],
        ["Văn phòng Bộ", "Trung tâm Thông tin"],
    )
    assert first["timing"]["quarters"] == [2]
    assert (second["lead"], second["timing"]["kind"]) == (["Trung tâm Thông tin"], "dates")
    assert plan["responsibilities"][0]["units"] == ["Vụ Cải cách hành chính"]
    assert len(plan["responsibilities"][0]["duties"]) == 2
    assert plan["reporting"][0]["due"] == "2025-11-15"
    assert plan["signer"] == {"authority": "KT. BỘ TRƯỞNG", "position": "THỨ TRƯỞNG", "name": "Nguyễn Văn Minh"}


def test_word_automatic_numbering_is_read_as_printed() -> None:
    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Tuyên truyền cải cách hành chính năm 2025")
    document.add_paragraph("MỤC ĐÍCH, YÊU CẦU")
    document.add_paragraph("Mục đích", style="List Number")
    document.add_paragraph("Nâng cao nhận thức về cải cách hành chính.", style="List Bullet")
    document.add_paragraph("Yêu cầu", style="List Number")
    document.add_paragraph("Tuyên truyền thường xuyên, thiết thực.", style="List Bullet")
    document.add_paragraph("TỔ CHỨC THỰC HIỆN")
    buffer = io.BytesIO()
    document.save(buffer)
    plan = import_document(buffer.getvalue(), "ke-hoach.docx").plan
    assert plan["objectives"] == ["Nâng cao nhận thức về cải cách hành chính."]
    assert plan["requirements"] == ["Tuyên truyền thường xuyên, thiết thực."]


def test_a_word_table_with_a_title_row_and_no_stt_column_gives_one_activity_per_row() -> None:
    document = docx.Document()
    for line in ("KẾ HOẠCH", "Tuyên truyền cải cách hành chính năm 2025", "I. MỤC ĐÍCH", "II. TỔ CHỨC THỰC HIỆN"):
        document.add_paragraph(line)
    table = document.add_table(rows=4, cols=3)
    title = table.rows[0].cells[0].merge(table.rows[0].cells[2])
    title.text = "DANH MỤC NHIỆM VỤ"
    for row, values in zip(
        table.rows[1:],
        [
            ("Nội dung", "Đơn vị chủ trì", "Thời gian thực hiện"),
            ("Tập huấn nghiệp vụ", "Sở Nội vụ", "Quý III"),
            ("Phát tờ rơi", "UBND các xã", "Thường xuyên"),
        ],
        strict=True,
    ):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    activities = import_document(buffer.getvalue(), "ke-hoach.docx").plan["activities"]
    assert [(a["content"], a["lead"], a["timing"]["kind"]) for a in activities] == [
        ("Tập huấn nghiệp vụ", ["Sở Nội vụ"], "quarters"),
        ("Phát tờ rơi", ["UBND các xã"], "ongoing"),
    ]


def test_responsibilities_written_as_bullets_are_read_one_per_bullet() -> None:
    text = (
        "KẾ HOẠCH\nTuyên truyền cải cách hành chính năm 2025\nI. MỤC ĐÍCH, YÊU CẦU\nII. TỔ CHỨC THỰC HIỆN\n"
        "- Phòng Nội vụ: tham mưu, theo dõi việc thực hiện.\n- Đề nghị Ủy ban MTTQ huyện: phối hợp tuyên truyền.\n"
    )
    responsibilities = import_document(text.encode(), "ke-hoach.txt").plan["responsibilities"]
    assert [(r["units"], r["mode"]) for r in responsibilities] == [
        (["Phòng Nội vụ"], "assigned"),
        (["Ủy ban MTTQ huyện"], "requested"),
    ]


def _implementation(text: str) -> dict:
    head = "KẾ HOẠCH\nTuyên truyền cải cách hành chính năm 2025\nI. MỤC ĐÍCH, YÊU CẦU\nII. TỔ CHỨC THỰC HIỆN\n"
    return import_document((head + text).encode(), "ke-hoach.txt").plan


def test_a_long_giao_heading_with_its_duties_below_names_only_the_units() -> None:
    plan = _implementation(
        "1. Giao các cơ quan, đơn vị được giao chủ trì thực hiện các nội dung, hình thức tuyên truyền tại Mục II "
        "Kế hoạch này\n- Căn cứ nguồn kinh phí được giao để tổ chức thực hiện.\n"
        "2. Giao Phòng Văn hóa và Thông tin huyện; Ban Biên tập Cổng thông tin điện tử huyện; Trung tâm Văn hóa, "
        "thể thao và Truyền thông huyện\n- Tuyên truyền công tác CCHC của huyện.\n"
        "3. Giao Phòng Nội vụ chủ trì, theo dõi việc thực hiện Kế hoạch.\n"
    )
    assert [(r["units"], r["duties"]) for r in plan["responsibilities"]] == [
        (
            ["Các cơ quan, đơn vị được giao chủ trì thực hiện các nội dung, hình thức tuyên truyền tại Mục II Kế "
             "hoạch này"],
            ["Căn cứ nguồn kinh phí được giao để tổ chức thực hiện."],
        ),
        (
            ["Phòng Văn hóa và Thông tin huyện", "Ban Biên tập Cổng thông tin điện tử huyện",
             "Trung tâm Văn hóa, thể thao và Truyền thông huyện"],
            ["Tuyên truyền công tác CCHC của huyện."],
        ),
        (["Phòng Nội vụ"], ["Chủ trì, theo dõi việc thực hiện Kế hoạch."]),
    ]  # fmt: skip


def test_a_report_the_reporting_section_lists_is_not_counted_again_from_the_duties() -> None:
    plan = _implementation(
        "1. Giao Sở Nội vụ\n- Kiểm tra, đôn đốc. Cuối năm tổng hợp báo cáo UBND tỉnh kết quả thực hiện của các "
        "đơn vị.\n- Xây dựng Kế hoạch tuyên truyền của đơn vị, báo cáo UBND tỉnh trước ngày 31/01/2025.\n"
        "2. Giao Sở Tài chính\n- Định kỳ 6 tháng báo cáo tình hình giải ngân kinh phí gửi UBND tỉnh.\n"
        "III. CHẾ ĐỘ BÁO CÁO\n"
        "- Cuối năm tổng hợp báo cáo kết quả thực hiện của các đơn vị (định kỳ: hằng năm); gửi UBND tỉnh.\n"
        "- Kế hoạch tuyên truyền của đơn vị; gửi UBND tỉnh (qua Sở Nội vụ); thời hạn: trước ngày 31/01/2025.\n"
        "- Tài liệu xác định Chỉ số CCHC của tỉnh; gửi Bộ Nội vụ.\n"
    )
    assert [(r["what"], r["due"], r["frequency"], r["to"]) for r in plan["reporting"]] == [
        ("Định kỳ 6 tháng báo cáo tình hình giải ngân kinh phí", None, "semiannual", "UBND tỉnh"),
        ("Cuối năm tổng hợp báo cáo kết quả thực hiện của các đơn vị", None, "annual", "UBND tỉnh"),
        ("Kế hoạch tuyên truyền của đơn vị", "2025-01-31", None, "UBND tỉnh (qua Sở Nội vụ)"),
        ("Tài liệu xác định Chỉ số CCHC của tỉnh", None, None, "Bộ Nội vụ"),
    ]


def _appendix(rows: list[tuple[str, ...]]) -> list[dict]:
    document = docx.Document()
    for line in ("KẾ HOẠCH", "Tuyên truyền cải cách hành chính năm 2025", "I. MỤC ĐÍCH", "II. TỔ CHỨC THỰC HIỆN"):
        document.add_paragraph(line)
    header = ("STT", "Nội dung", "Hình thức", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian")
    table = document.add_table(rows=len(rows) + 1, cols=len(header))
    for row, values in zip(table.rows, [header, *rows], strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return import_document(buffer.getvalue(), "ke-hoach.docx").plan["activities"]


def test_a_row_going_on_over_the_page_joins_the_cells_line_by_line_even_when_one_cell_goes_on() -> None:
    activities = _appendix(
        [
            ("1", "Cập nhật TTHC", "- Trên CSDLQG về TTHC\n- Trên Cổng/Trang thông tin", "- Các phòng, ban,",
             "Văn phòng\nHĐND&UBND", "Thường xuyên"),
            ("", "", "điện tử\n- Niêm yết tại nơi tiếp nhận hồ sơ", "ngành\n- UBND cấp xã", "huyện", ""),
            ("2", "Tuyên truyền chính sách", "- Trên hệ thống truyền thanh\n- Phát tờ rơi, sổ tay cho",
             "- Phòng Nội vụ", "- Phòng Tư pháp\n- Phòng Tài chính\n– Kế hoạch", "Quý II"),
            ("", "", "người dân, doanh nghiệp\n- Qua các cuộc đối thoại", "", "", ""),
        ]
    )  # fmt: skip
    assert [(a["forms"], a["lead"], a["coordinators"]) for a in activities] == [
        (
            ["Trên CSDLQG về TTHC", "Trên Cổng/Trang thông tin điện tử", "Niêm yết tại nơi tiếp nhận hồ sơ"],
            ["Các phòng, ban, ngành", "UBND cấp xã"],
            ["Văn phòng HĐND&UBND huyện"],
        ),
        (
            ["Trên hệ thống truyền thanh", "Phát tờ rơi, sổ tay cho người dân, doanh nghiệp", "Qua các cuộc đối thoại"],
            ["Phòng Nội vụ"],
            ["Phòng Tư pháp", "Phòng Tài chính – Kế hoạch"],
        ),
    ]


def test_a_group_title_keeps_its_place_when_its_numeral_scans_as_the_row_number_or_as_specks() -> None:
    activities = _appendix(
        [
            ("1", "Đối với các hoạt động cấp tỉnh", "", "", "", ""),
            ("1", "Tập huấn nghiệp vụ", "- Hội nghị", "- Sở Nội vụ", "", "Quý II"),
            ("=—", "Đối với các hoạt động cấp huyện", "", "", "", ""),
            ("2", "Phát tờ rơi", "- Tờ rơi", "- UBND các huyện", "", "Thường xuyên"),
        ]
    )
    assert [(a["ref"], a["content"], a["group"]) for a in activities] == [
        ("1", "Tập huấn nghiệp vụ", "Đối với các hoạt động cấp tỉnh"),
        ("2", "Phát tờ rơi", "Đối với các hoạt động cấp huyện"),
    ]
