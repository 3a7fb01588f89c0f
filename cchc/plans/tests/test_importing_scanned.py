"""Scanned plans: the page cleaning steps on drawn pages (cheap), and one small stamped scan read end to end.

The recognition test reads two pages at 150 dpi (the committed fixture made by
tests/fixtures/importing/scanned/make_scans.py); the full measurements are bench/ingest.py's.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image, ImageDraw, ImageFont

from cchc.accounts.models import Role, User
from cchc.plans.importing import DocumentImportError, import_document, ocr
from cchc.plans.importing.services import create_import, run_import
from cchc.plans.models import PlanImport
from cchc.units.models import Unit, UnitKind

SCANNED = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "importing" / "scanned"
STAMPED = SCANNED / "seed000_first_and_signed_page.scan150.pdf"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None or shutil.which("pdftoppm") is None,
    reason="Tesseract (tesseract-ocr, tesseract-ocr-vie) and poppler-utils are installed by .ci/run",
)


def drawn_page(width: int = 900, height: int = 700) -> Image.Image:
    """A white page with lines of black text (the kind of page the steps are made for)."""
    page = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(FONT, 22) if Path(FONT).exists() else ImageFont.load_default()
    for k in range(14):
        draw.text((60, 40 + 45 * k), "Tuyên truyền cải cách hành chính năm 2025 " * 2, fill="black", font=font)
    return page


def test_red_stamp_and_blue_signature_ink_are_dropped_but_black_print_under_them_stays() -> None:
    page = drawn_page()
    draw = ImageDraw.Draw(page)
    draw.ellipse((300, 100, 600, 400), outline=(205, 35, 45), width=12)  # the stamp's ring, over the text
    draw.line((100, 600, 800, 520), fill=(30, 60, 200), width=6)  # a blue signature stroke
    before = np.asarray(drawn_page().convert("L")) < ocr.DARK
    grey = ocr.clean_ink(np.asarray(page))
    after = grey < ocr.DARK
    assert not after[100:400, 300:600][~before[100:400, 300:600]].any()  # no stamp ink left where no text was
    assert not after[520:606, 100:800][~before[520:606, 100:800]].any()
    kept = after[before]
    assert kept.mean() > 0.97  # the print (also where the stamp covers it) stays ink


def test_a_page_turned_by_two_degrees_is_measured_and_straightened() -> None:
    dark = np.asarray(drawn_page().convert("L")) < ocr.DARK
    turned = np.asarray(Image.fromarray(dark.astype(np.uint8) * 255).rotate(-2.0, fillcolor=0)) > 127
    assert ocr.skew_angle(turned) == pytest.approx(2.0, abs=0.25)
    assert ocr.skew_angle(dark) == pytest.approx(0.0, abs=0.25)


def test_a_ruled_table_gives_its_grid_and_each_word_lands_in_its_cell() -> None:
    page = Image.new("L", (1200, 600), 255)
    draw = ImageDraw.Draw(page)
    rows, columns = [100, 200, 300, 420], [80, 200, 700, 1100]
    for y in rows:
        draw.line((columns[0], y, columns[-1], y), fill=0, width=3)
    for x in columns:
        draw.line((x, rows[0], x, rows[-1]), fill=0, width=3)
    grid = ocr.find_grid(np.asarray(page), 200)
    assert grid is not None
    assert [abs(a - b) <= 3 for a, b in zip(grid.rows, rows, strict=True)] == [True] * 4
    assert [abs(a - b) <= 3 for a, b in zip(grid.columns, columns, strict=True)] == [True] * 4

    def word(text: str, x: int, y: int, line: int) -> ocr.Word:
        return ocr.Word(text, x, y, x + 60, y + 20, (1, 1, 1, line), 95.0)

    words = [word("STT", 100, 140, 1), word("Nội", 220, 140, 1), word("dung", 290, 140, 1),
             word("1", 110, 240, 2), word("Hội", 220, 230, 3), word("nghị", 290, 230, 3), word("Sở", 720, 240, 4),
             word("thêm", 220, 260, 5), word("Ghi", 60, 500, 6)]  # fmt: skip
    table, outside = ocr._cells(words, grid)
    assert table == [["STT", "Nội dung", ""], ["1", "Hội nghị\nthêm", "Sở"]]
    assert [w.text for w in outside] == ["Ghi"]
    numbered = [*words, word("2", 110, 340, 7), word("Tập", 220, 340, 8)]
    assert 0 not in ocr._sparse_columns(numbered, grid)  # the number column was read: no second reading
    specks = [word("_." if w.text in ("1", "2") else w.text, w.left, w.top, w.line[3]) for w in numbered]
    assert 0 in ocr._sparse_columns(specks, grid)  # '1', '2' read as '_.': the column is read again on its own


def test_a_group_title_across_the_columns_is_one_cell() -> None:
    page = Image.new("L", (1200, 600), 255)
    draw = ImageDraw.Draw(page)
    rows, columns = [100, 200, 300, 420], [80, 200, 700, 1100]
    for y in rows:
        draw.line((columns[0], y, columns[-1], y), fill=0, width=3)
    for x in columns:
        for top, bottom in ((100, 200), (300, 420)) if x in (200, 700) else ((100, 420),):
            draw.line((x, top, x, bottom), fill=0, width=3)  # the middle band's inner lines are missing
    grid = ocr.find_grid(np.asarray(page), 200)
    assert grid is not None and grid.merged == {(1, 1), (1, 2)}
    assert grid.cell_of(900, 250) == (1, 0)  # a word of the title in the last column belongs to its first cell
    assert grid.cell_of(900, 350) == (2, 2)


def test_a_heading_number_whose_dot_scanned_as_a_comma_is_mended_and_a_list_of_numbers_is_not() -> None:
    text = "5, Giao các sở, ban, ngành\nII, NỘI DUNG\n5, 6 tháng đầu năm\n2025, Ủy ban"
    assert ocr._mend_numbering(text) == "5. Giao các sở, ban, ngành\nII. NỘI DUNG\n5, 6 tháng đầu năm\n2025, Ủy ban"


def test_side_by_side_columns_are_read_one_after_the_other() -> None:
    def word(text: str, x: int, line: int) -> ocr.Word:
        return ocr.Word(text, x, 100 * line, x + 10 * len(text), 100 * line + 30, (1, 1, 1, line), 95.0)

    words = [word("Nơi", 100, 1), word("nhận:", 150, 1), word("TM.", 900, 1), word("UBND", 950, 1),
             word("-", 100, 2), word("Sở", 120, 2), word("CHỦ", 900, 2), word("TỊCH", 950, 2),
             word("-", 100, 3), word("Lưu", 120, 3)]  # fmt: skip
    assert ocr._lines_text(words, 200) == "Nơi nhận:\n- Sở\n- Lưu\n\nTM. UBND\nCHỦ TỊCH"


def pdf_with_image_header(width: int, height: int) -> bytes:
    """A one-page PDF whose image claims `width` × `height` pixels (the data is never decoded)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        f"<< /Type /XObject /Subtype /Image /Width {width} /Height {height} /ColorSpace /DeviceGray "
        "/BitsPerComponent 8 /Filter /DCTDecode /Length 4 >>\nstream\n\xff\xd8\xff\xd9\nendstream".encode("latin-1"),
        b"<< /Length 31 >>\nstream\nq 595 0 0 842 0 0 cm /Im0 Do Q\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def test_a_scan_of_20000_by_20000_pixels_is_refused_before_it_is_decoded() -> None:
    with pytest.raises(DocumentImportError, match=r"20000 × 20000 điểm ảnh, quá lớn"):
        import_document(pdf_with_image_header(20000, 20000), "ban-quet.pdf")


def test_without_tesseract_a_scan_asks_for_the_packages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr.shutil, "which", lambda name: None)
    with pytest.raises(DocumentImportError, match="tesseract-ocr-vie"):
        import_document(pdf_with_image_header(1200, 1700), "ban-quet.pdf")


@pytest.fixture
def owner(db: Any) -> User:
    office = Unit.objects.create(name="Sở Nội vụ", kind=UnitKind.DEPARTMENT, locality="Bắc Kạn")
    return User.objects.create_user(username="noivu", role=Role.OWNER, unit=office)


@needs_tesseract
def test_a_stamped_scan_is_read_in_the_background_page_by_page(owner: User, client: Client) -> None:
    record = create_import(owner, STAMPED.name, STAMPED.read_bytes())
    run_import(record.pk)
    record.refresh_from_db()
    assert record.status == PlanImport.Status.READY, record.error
    assert (record.pages_done, record.pages_total) == (2, 2)
    plan = record.draft
    assert plan["title"] == "Tuyên truyền công tác cải cách hành chính tỉnh Bắc Kạn năm 2025"
    assert {b["number"] for b in plan["legal_bases"]} >= {"1814/QĐ-UBND", "76/NQ-CP", "08-NQ/TU", "893/KH-UBND"}
    assert plan["signer"]["name"] == "Nguyễn Đăng Bình"  # read under the red stamp's reach
    assert "- Lưu: VT, NCPC (Vân)." not in plan["recipients"] and len(plan["recipients"]) >= 15
    assert any("OCR" in w for w in record.warnings)


def test_the_waiting_screen_shows_page_n_of_n(owner: User, client: Client) -> None:
    record = create_import(owner, "ban-quet.pdf", b"%PDF-1.4")
    PlanImport.objects.filter(pk=record.pk).update(status=PlanImport.Status.RUNNING, pages_done=3, pages_total=9)
    client.force_login(owner)
    html = client.get(reverse("plans:import_status", args=[record.pk])).content.decode()
    assert "Đã nhận dạng chữ 3/9 trang quét" in html and 'value="3" max="9"' in html


@needs_tesseract
def test_an_upside_down_or_sideways_scan_is_turned_and_a_photo_taken_at_an_angle_is_refused() -> None:
    tesseract = ocr.tesseract_command()
    page = ocr.render_page(STAMPED, 0, 150)
    top = page[: page.shape[0] // 2]  # the letterhead, title and legal bases: enough lines, half the cost
    turned = ocr.read_page(tesseract, np.rot90(top, 2).copy(), 150, 0)
    assert "KẾ HOẠCH" in turned.text and "1814/QĐ-UBND" in turned.text
    assert turned.notes == [ocr.TURNED]
    sideways = ocr.read_page(tesseract, np.rot90(top, 1).copy(), 150, 0)
    assert "KẾ HOẠCH" in sideways.text and sideways.notes == [ocr.TURNED]
    photo = Image.fromarray(page).transform(
        (page.shape[1], page.shape[0]),
        Image.Transform.PERSPECTIVE,
        (1.0, 0.25, -150, 0.05, 1.0, -80, 0.00025, 0.0002),  # a phone held at an angle over the page
        Image.Resampling.BILINEAR,
        fillcolor=(90, 90, 90),
    )
    with pytest.raises(DocumentImportError, match=r"Trang 1 không đọc được rõ.*quét lại"):
        ocr.read_page(tesseract, np.asarray(photo), 150, 0)
