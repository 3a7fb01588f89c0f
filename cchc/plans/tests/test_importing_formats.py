"""Word and PDF plans read into the same draft as plain text: real tables, paragraphs, and a PDF text layer."""

from __future__ import annotations

import io
import shutil
import textwrap
from pathlib import Path

import docx
import matplotlib
import pytest
from docx.oxml import parse_xml

matplotlib.use("Agg")
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from cchc.plans.importing import DocumentImportError, import_document, readers
from cchc.plans.tests.test_importing_seeds import SEED_FILES, gold_for, micro_f1


def _date_vn(iso: str | None) -> str:
    if not iso:
        return ""
    year, month, day = iso.split("-")
    return f"{int(day)}/{int(month)}/{year}"


def plan_to_docx(plan: dict) -> bytes:
    """A Word plan laid out the way plans are printed, from a plan JSON (appendix activities as a real table)."""
    document = docx.Document()
    document.add_paragraph(f"Số: {plan['number'] or ''}")
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph(plan["title"])
    bases = "; ".join(
        f"{b['type']} số {b['number']}"
        + (f" ngày {_date_vn(b['date'])}" if b["date"] else "")
        + (f" của {b['issuer']}" if b["issuer"] else "")
        for b in plan["legal_bases"]
    )
    document.add_paragraph(f"Căn cứ {bases}, {plan['issuer']} ban hành Kế hoạch như sau:")
    document.add_paragraph("I. MỤC ĐÍCH, YÊU CẦU")
    for heading, key in (("1. Mục đích", "objectives"), ("2. Yêu cầu", "requirements")):
        document.add_paragraph(heading)
        for text in plan[key]:
            document.add_paragraph(f"- {text}")
    document.add_paragraph("II. TỔ CHỨC THỰC HIỆN")
    for k, item in enumerate(plan["responsibilities"], 1):
        verb = "Đề nghị " if item["mode"] == "requested" else ""
        document.add_paragraph(f"{k}. {verb}{'; '.join(item['units'])}")
        for duty in item["duties"]:
            document.add_paragraph(f"- {duty}")
    document.add_paragraph("Nơi nhận:")
    for recipient in plan["recipients"]:
        document.add_paragraph(f"- {recipient};")
    signer = plan["signer"]
    for line in (signer["authority"], signer["position"], signer["name"]):
        if line:
            document.add_paragraph(line)
    document.add_paragraph("PHỤ LỤC")
    rows = [a for a in plan["activities"] if a["source"] == "appendix"]
    table = document.add_table(rows=1, cols=7)
    header = ["STT", "Nội dung", "Hình thức", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện", "Kinh phí"]
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for k, activity in enumerate(rows, 1):
        cells = table.add_row().cells
        values = [
            str(k),
            activity["content"],
            "\n".join(f"- {f}" for f in activity["forms"]),
            "; ".join(activity["lead"]),
            "; ".join(activity["coordinators"]),
            activity["timing"]["text"],
            activity["funding"] or "",
        ]
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def text_to_pdf(text: str, lines_per_page: int = 55) -> bytes:
    """A PDF with a real text layer (TrueType glyphs), one wrapped line of the text after another."""
    wrapped: list[str] = []
    for line in text.replace("#", "").replace("*", "").splitlines():
        wrapped.extend(textwrap.wrap(line, 100) or [""])
    buffer = io.BytesIO()
    with matplotlib.rc_context({"pdf.fonttype": 42}), PdfPages(buffer) as pdf:
        for start in range(0, len(wrapped), lines_per_page):
            figure = Figure(figsize=(8.27, 11.69))
            for k, line in enumerate(wrapped[start : start + lines_per_page]):
                figure.text(0.05, 0.96 - k * 0.0165, line, fontsize=7.5, family="DejaVu Sans")
            pdf.savefig(figure)
    return buffer.getvalue()


def activities_pdf(plan: dict, preface: list[str]) -> bytes:
    """A PDF whose first page opens with `preface` lines, then a ruled table (drawn lines) of the activities."""
    header = ["STT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện"]
    widths = [0.06, 0.42, 0.2, 0.16, 0.12]
    rows = [header] + [
        [str(k), a["content"], "; ".join(a["lead"]), "; ".join(a["coordinators"]), a["timing"]["text"]]
        for k, a in enumerate(plan["activities"], 1)
    ]
    buffer = io.BytesIO()
    with matplotlib.rc_context({"pdf.fonttype": 42}), PdfPages(buffer) as pdf:
        for start in range(0, len(rows), 8):
            figure = Figure(figsize=(11.69, 8.27))
            top = 0.95
            for line in preface if start == 0 else []:
                figure.text(0.02, top, line, fontsize=9, family="DejaVu Sans")
                top -= 0.03
            page_rows = rows[start : start + 8] if start == 0 else [header, *rows[start : start + 8]]
            for row in page_rows:
                cells = [textwrap.wrap(text, int(w * 160)) or [""] for text, w in zip(row, widths, strict=True)]
                height = 0.022 * max(len(c) for c in cells) + 0.01
                x = 0.02
                for lines, width in zip(cells, widths, strict=True):
                    for k, line in enumerate(lines):
                        figure.text(x + 0.004, top - 0.02 - k * 0.022, line, fontsize=7, family="DejaVu Sans")
                    figure.add_artist(Rectangle((x, top - height), width, height, fill=False, linewidth=0.6))
                    x += width
                top -= height
            pdf.savefig(figure)
    return buffer.getvalue()


def test_a_ruled_table_in_a_pdf_gives_one_activity_per_row_with_its_units() -> None:
    path = next(p for p in SEED_FILES if p.name.startswith("004_"))
    gold = gold_for(path.stem)
    preface = ["KẾ HOẠCH", gold["title"], "I. MỤC ĐÍCH, YÊU CẦU", "II. TỔ CHỨC THỰC HIỆN", "PHỤ LỤC"]
    draft = import_document(activities_pdf(gold, preface), "ke-hoach.pdf")
    activities = draft.plan["activities"]
    assert [a["lead"] for a in activities] == [a["lead"] for a in gold["activities"] if a["group"] is not None]
    assert [a["timing"]["quarters"] for a in activities] == [a["timing"]["quarters"] for a in gold["activities"]]


def test_a_word_plan_built_from_the_answer_imports_back_with_a_high_score() -> None:
    path = next(p for p in SEED_FILES if p.name.startswith("004_"))
    gold = gold_for(path.stem)
    draft = import_document(plan_to_docx(gold), "ke-hoach.docx")
    assert micro_f1(gold, draft.plan) >= 0.9
    assert [a["lead"] for a in draft.plan["activities"]] == [a["lead"] for a in gold["activities"]]


def test_a_word_table_row_keeps_each_form_and_unit_as_its_own_item() -> None:
    path = next(p for p in SEED_FILES if p.name.startswith("001_"))
    gold = gold_for(path.stem)
    draft = import_document(plan_to_docx(gold), "ke-hoach.docx")
    first = draft.plan["activities"][0]
    assert first["forms"] == gold["activities"][0]["forms"]
    assert first["timing"]["kind"] == "ongoing"


def test_a_pdf_plan_with_a_text_layer_imports_like_its_text() -> None:
    path = next(p for p in SEED_FILES if p.name.startswith("000_"))
    data = text_to_pdf(path.read_text(encoding="utf-8"))
    draft = import_document(data, "ke-hoach.pdf")
    assert micro_f1(gold_for(path.stem), draft.plan) >= 0.9
    assert draft.plan["signer"]["name"] == "Nguyễn Đăng Bình"


FORMATS = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "importing" / "formats"
needs_libreoffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is installed by .ci/run")


@needs_libreoffice
@pytest.mark.parametrize("name", ["commune_plan.doc", "commune_plan.rtf", "commune_plan.odt"])
def test_old_word_rtf_and_opendocument_files_read_like_the_plan_text(name: str) -> None:
    expected = import_document((FORMATS.parent / "commune_plan.txt").read_bytes(), "commune_plan.txt").plan
    plan = import_document((FORMATS / name).read_bytes(), name).plan
    assert plan["title"] == expected["title"] and plan["legal_bases"] == expected["legal_bases"]
    assert plan["responsibilities"] == expected["responsibilities"]
    assert len(plan["activities"]) == len(expected["activities"]) > 0


def test_without_libreoffice_an_old_word_file_says_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers.shutil, "which", lambda name: None)
    with pytest.raises(DocumentImportError, match=r"Word cũ \(\.doc\) cần LibreOffice.*lưu lại thành \.docx"):
        import_document((FORMATS / "commune_plan.doc").read_bytes(), "commune_plan.doc")


def test_tracked_changes_are_accepted_and_comments_ignored() -> None:
    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Tuyên truyền cải cách hành chính năm 2025")
    document.add_paragraph("I. MỤC ĐÍCH, YÊU CẦU")
    document.add_paragraph("1. Mục đích")
    aim = document.add_paragraph("- Nâng cao nhận thức của ")
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    aim._p.append(parse_xml(f'<w:ins {w} w:id="1" w:author="A"><w:r><w:t>cán bộ, công chức</w:t></w:r></w:ins>'))
    aim._p.append(parse_xml(f'<w:del {w} w:id="2" w:author="A"><w:r><w:delText>người dân</w:delText></w:r></w:del>'))
    aim._p.append(parse_xml(f"<w:r {w}><w:t> về cải cách hành chính.</w:t></w:r>"))
    document.add_comment(aim.runs[0], text="Xem lại câu này", author="B")
    buffer = io.BytesIO()
    document.save(buffer)
    source = readers.read_document(buffer.getvalue(), "ke-hoach.docx")
    assert "- Nâng cao nhận thức của cán bộ, công chức về cải cách hành chính." in source.text
    assert "người dân" not in source.text and "Xem lại" not in source.text


def test_ligatures_of_a_text_layer_are_read_as_their_letters() -> None:
    text = "Triển khai phần mềm quản lý văn bản iOﬃce; tải ﬁle lên Cổng thông tin điện tử."
    expected = "Triển khai phần mềm quản lý văn bản iOffice; tải file lên Cổng thông tin điện tử."
    assert expected in readers.read_document(text.encode(), "ke-hoach.txt").text
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    assert expected in readers.read_document(buffer.getvalue(), "ke-hoach.docx").text
