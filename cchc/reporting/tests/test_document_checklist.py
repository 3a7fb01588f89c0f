"""The clerk's checklist over every document type the reporting app issues, before anyone signs it.

Each .docx: "Số: NN/BC-<registered symbol>" (never a doubled or made-up symbol), an authority line that matches the
signer (a deputy signs KT.), "Nơi nhận" ending with "Lưu: VT…", abbreviations in capitals, and every word with
Vietnamese marks a valid syllable (no text that failed restoration). Each workbook sheet: fit to one page wide,
header frozen and repeated, row heights set, numbers formatted, totals as formulas, short unique sheet names.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import openpyxl
import pytest

from cchc.core.diacritics.syllables import is_valid_syllable
from cchc.core.text import fold
from cchc.documents.tests.docx_reading import all_text, open_docx
from cchc.reporting import printing, services
from cchc.reporting.models import Issuer, ReportingPeriod, UnitScore

ON = dt.date(2024, 12, 20)
NUMBER_LINE = re.compile(r"Số: (\d{2,}|\s+)/BC-([A-ZĐ0-9&]+)\n")
LOWER_ABBREVIATIONS = re.compile(r"\b(ubnd|hđnd|cchc|ttđt|mttq|tthc)\b")


def _words_with_marks(text: str) -> list[str]:
    words = re.findall(r"[^\W\d_]+", text)
    return [w for w in words if fold(w) != w.lower() and not w.isupper()]


def check_document(data: bytes, symbol: str) -> str:
    text = all_text(open_docx(data))
    numbers = NUMBER_LINE.findall(text)
    assert [s for _, s in numbers] == [symbol], numbers
    assert not re.search(r"/BC-[^\s/]+/", text), "a doubled symbol"
    lines = [line.strip() for line in text.splitlines()]
    deputies = [i for i, line in enumerate(lines) if line.startswith("PHÓ ") and line.isupper()]
    for i in deputies:
        assert lines[i - 1].startswith("KT. "), "a deputy signs KT. for the head"
    assert "Nơi nhận:" in text and re.search(r"- Lưu: VT[^\n]*\.\n", text + "\n")
    assert not LOWER_ABBREVIATIONS.search(text), LOWER_ABBREVIATIONS.search(text)
    bad = sorted({w for w in _words_with_marks(text) if not is_valid_syllable(w.lower())})
    assert not bad, f"words that failed restoration: {bad}"
    return text


def check_workbook(data: bytes) -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    names = workbook.sheetnames
    assert len({n.lower() for n in names}) == len(names) and all(len(n) <= 31 for n in names)
    for sheet in workbook.worksheets:
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
        assert sheet.page_setup.fitToHeight == 0 and sheet.freeze_panes and sheet.print_title_rows
        header = int(sheet.freeze_panes[1:]) - 1
        assert all(sheet.row_dimensions[r].height for r in range(header, sheet.max_row + 1))
        for row in sheet.iter_rows(min_row=header + 1):
            for cell in row:
                if isinstance(cell.value, int | float):
                    assert cell.number_format in ("#,##0", "#,##0.0#", "0.0%"), (sheet.title, cell.coordinate)
                assert not (isinstance(cell.value, str) and re.fullmatch(r"\d+([.,]\d+)?%", cell.value)), (
                    "a percentage stored as text"
                )
            first = row[1].value if len(row) > 1 else None
            if first in ("Tổng cộng", "Tổng điểm"):
                numbers = [c for c in row[2:] if c.value not in (None, "")]
                assert any(isinstance(c.value, str) and c.value.startswith("=SUM(") for c in numbers)
                assert all(c.font.b for c in row)


def _issue_reports(issued: Any, period: ReportingPeriod) -> Any:
    report = services.open_report(issued.officer, period, issued.officer_unit)
    # The clerk typed the symbol into the number: it is the register's own and is printed once.
    services.save_report(
        issued.officer,
        report,
        results="Đã tổ chức hội nghị.",
        limitations="Kinh phí còn hạn chế.",
        proposals="Bổ sung kinh phí.",
        number="45/BC-PTP",
        signer_authority="KT.",
        signer_name="Nguyễn Văn An",
    )
    return services.submit_report(issued.officer, report)


@pytest.mark.parametrize("issued_by", [Issuer.OWNER, Issuer.COMMITTEE])
def test_every_document_of_a_period_passes_the_clerks_checklist(
    issued: Any, period: ReportingPeriod, issued_by: str
) -> None:
    report = _issue_reports(issued, period)
    unit_text = check_document(printing.unit_report_docx(report), "PTP")
    assert "Số: 45/BC-PTP" in unit_text and "KT. TRƯỞNG PHÒNG\nPHÓ TRƯỞNG PHÒNG" in unit_text

    consolidated = services.consolidated_for(period, issued_by)
    services.save_consolidated(
        issued.owner,
        period,
        issued_by=issued_by,
        number="7",
        signer_authority="KT.",
        signer_position="",
        signer_name="Trần Thị Bình",
        recipients=consolidated.recipients,
    )
    data = printing.consolidated_data(period, ON)
    text = check_document(
        printing.consolidated_docx(data, services.consolidated_for(period)), "PNV" if issued_by == "owner" else "UBND"
    )
    if issued_by == Issuer.COMMITTEE:
        assert "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH" in text and "- Bộ Nội vụ (b/c);" not in text
        assert "- UBND tỉnh Bắc Kạn (b/c);" in text  # a district committee reports to its province
    else:
        assert "- UBND huyện Chợ Đồn (b/c);" in text and "Lãnh đạo UBND huyện Chợ Đồn" not in text
    # What the unit wrote reaches the consolidated report under its name.
    assert "Phòng Tư pháp: Kinh phí còn hạn chế." in text and "Phòng Tư pháp: Bổ sung kinh phí." in text
    check_workbook(printing.consolidated_xlsx(data))

    services.compute_scores(issued.owner, issued.plan, 2024, on=ON)
    scores = list(UnitScore.objects.filter(plan=issued.plan, year=2024).select_related("unit"))
    assert issued.plan.owner_unit_id not in {s.unit_id for s in scores}, "the scoring body does not rank itself"
    rubric = services.rubric_for(issued.plan)
    check_document(printing.ranking_docx(issued.plan, 2024, rubric, scores), "PNV")
    check_workbook(printing.ranking_xlsx(issued.plan, 2024, rubric, scores))


def test_issuing_without_a_register_symbol_or_a_signer_names_what_is_missing(
    issued: Any, period: ReportingPeriod
) -> None:
    unit = issued.officer_unit
    unit.symbol = ""
    unit.save(update_fields=["symbol"])
    report = services.open_report(issued.officer, period, unit)
    services.save_report(issued.officer, report, results="Đã thực hiện.")
    with pytest.raises(services.ReportingError) as error:
        services.submit_report(issued.officer, report)
    assert "ký hiệu viết tắt tên cơ quan" in str(error.value) and "(đề xuất: PTP)" in str(error.value)
    assert "họ tên người ký" in str(error.value)
    with pytest.raises(printing.PrintError, match="Chưa có ký hiệu viết tắt tên cơ quan của Phòng Tư pháp"):
        printing.unit_report_docx(report)
    # A deputy choosing TL. without his own position is refused with the reason.
    services.save_report(issued.officer, report, symbol="ptp", signer_authority="TL.", signer_name="Nguyễn Văn An")
    with pytest.raises(services.ReportingError, match="cần chức vụ của người ký"):
        services.submit_report(issued.officer, report)
    with pytest.raises(services.ReportingError, match="chữ in hoa và chữ số"):
        services.save_report(issued.officer, report, symbol="P T P")
    unit.refresh_from_db()
    assert unit.symbol == "PTP"
