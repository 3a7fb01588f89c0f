"""Unusable files get a clear Vietnamese DocumentImportError, and no input whatsoever crashes the importer."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc.plans.importing import DocumentImportError, PlanDraft, import_document

FIXTURES = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "importing"
SEED = (Path(__file__).resolve().parents[1] / "seed_data" / "documents" / "000_ed1972a66e15ac5b.txt").read_text(
    encoding="utf-8"
)


def tiny_pdf(pages: int, encrypted: bool = False) -> bytes:
    """A minimal valid PDF with empty pages (optionally with a password the importer cannot know)."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{3 + i} 0 R" for i in range(pages))
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>")
    objects += ["<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * pages
    if encrypted:
        objects.append(f"<< /Filter /Standard /V 1 /R 2 /O <{'11' * 32}> /U <{'22' * 32}> /P -4 >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{body}\nendobj\n".encode())
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    trailer = f"<< /Size {len(objects) + 1} /Root 1 0 R"
    if encrypted:
        trailer += f" /Encrypt {len(objects)} 0 R /ID [<{'ab' * 16}><{'ab' * 16}>]"
    out.write(f"trailer\n{trailer} >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def message_for(data: bytes, filename: str) -> str:
    with pytest.raises(DocumentImportError) as caught:
        import_document(data, filename)
    return str(caught.value)


def test_an_empty_file_is_refused_as_empty() -> None:
    assert "rỗng" in message_for(b"", "ke-hoach.txt")
    assert "rỗng" in message_for(b"  \n\t ", "ke-hoach.txt")


def test_an_image_renamed_docx_is_refused_as_an_image() -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    assert "ảnh" in message_for(png, "ke-hoach.docx")


def test_a_zip_bomb_disguised_as_docx_is_refused_before_it_is_unpacked() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\x00" * (8 * 1024 * 1024))
    assert len(buffer.getvalue()) < 100_000
    assert "bom nén" in message_for(buffer.getvalue(), "ke-hoach.docx")


def test_a_word_file_of_endless_paragraphs_is_refused_once_past_any_plans_length(monkeypatch: Any) -> None:
    """Plain stored XML passes the bomb check; its length is what gives it away, and reading stops there."""
    from cchc.plans.importing import readers

    monkeypatch.setattr(readers, "MAX_PARAGRAPHS", 300)
    document = docx.Document()
    for n in range(400):
        document.add_paragraph(f"Hoạt động {n}")
    buffer = io.BytesIO()
    document.save(buffer)
    assert "hơn 300 đoạn văn" in message_for(buffer.getvalue(), "ke-hoach.docx")


def test_a_zip_that_is_not_a_word_document_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    assert "word/document.xml" in message_for(buffer.getvalue(), "ke-hoach.docx")


def test_a_pdf_over_the_page_limit_is_refused() -> None:
    assert "vượt giới hạn 100 trang" in message_for(tiny_pdf(101), "ke-hoach.pdf")


def test_an_encrypted_pdf_is_refused_with_advice_to_remove_the_password() -> None:
    assert "mật khẩu" in message_for(tiny_pdf(1, encrypted=True), "ke-hoach.pdf")


def test_a_pdf_without_text_is_refused_or_sent_to_ocr() -> None:
    assert "không có chữ" in message_for(tiny_pdf(2), "ke-hoach.pdf")


def test_a_broken_pdf_or_docx_is_refused() -> None:
    assert "PDF" in message_for(b"%PDF-1.4\ngarbage", "ke-hoach.pdf")
    assert ".docx" in message_for(b"PK\x03\x04garbage", "ke-hoach.docx")
    assert ".doc" in message_for(b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "ke-hoach.doc")


def test_a_decision_is_refused_as_not_a_plan() -> None:
    text = "ỦY BAN NHÂN DÂN TỈNH X\nQUYẾT ĐỊNH\nVề việc ban hành Quy chế\nĐiều 1. Ban hành kèm theo Quyết định này.\n"
    assert "quyết định, không phải kế hoạch" in message_for(text.encode(), "qd.txt")


def test_a_report_is_refused_as_not_a_plan() -> None:
    text = "BÁO CÁO\nKết quả công tác cải cách hành chính năm 2024\nI. KẾT QUẢ ĐẠT ĐƯỢC\n1. Công tác chỉ đạo\n"
    assert "báo cáo, không phải kế hoạch" in message_for(text.encode(), "bc.txt")


def test_a_text_without_any_plan_structure_is_refused() -> None:
    assert "Không nhận ra" in message_for("Xin chào, đây là một lá thư.".encode(), "thu.txt")


def test_an_import_over_the_time_limit_is_stopped() -> None:
    with pytest.raises(DocumentImportError, match="thời gian"):
        import_document(SEED.encode(), "ke-hoach.txt", time_limit=0.0)


def test_a_long_import_is_interrupted_at_the_time_limit() -> None:
    slow = ("KẾ HOẠCH\nI. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\n" + "- Nâng cao nhận thức;\n" * 60000).encode()
    with pytest.raises(DocumentImportError, match="vượt thời gian"):
        import_document(slow, "ke-hoach.txt", time_limit=0.2)


def test_the_small_committed_fixture_imports() -> None:
    draft = import_document((FIXTURES / "commune_plan.txt").read_bytes(), "commune_plan.txt")
    assert draft.plan["level"] == "commune"


def _never_crashes(data: bytes, filename: str) -> None:
    try:
        result = import_document(data, filename)
    except DocumentImportError as exc:
        assert str(exc)
    else:
        assert isinstance(result, PlanDraft)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".txt", ".docx", ".pdf", ".doc", ""]))
def test_random_bytes_never_crash_the_importer(data: bytes, suffix: str) -> None:
    _never_crashes(data, f"tep{suffix}")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cuts=st.lists(st.tuples(st.integers(0, len(SEED)), st.integers(0, 400)), max_size=6),
    noise=st.text(max_size=60),
    prefix=st.sampled_from([b"", b"%PDF-1.7\n", b"PK\x03\x04", b"\xff\xfe"]),
)
def test_mutated_plans_never_crash_the_importer(cuts: list[tuple[int, int]], noise: str, prefix: bytes) -> None:
    text = SEED
    for start, length in cuts:
        text = text[:start] + noise + text[start + length :]
    _never_crashes(prefix + text.encode("utf-8", errors="replace"), "ke-hoach.txt")


def _small_docx() -> bytes:
    document = docx.Document()
    for line in SEED.splitlines()[:40]:
        document.add_paragraph(line.replace("#", "").replace("*", ""))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


DOCX = _small_docx()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(flips=st.lists(st.tuples(st.integers(0, len(DOCX) - 1), st.integers(0, 255)), min_size=1, max_size=8))
def test_a_damaged_word_file_never_crashes_the_importer(flips: list[tuple[int, int]]) -> None:
    data = bytearray(DOCX)
    for position, value in flips:
        data[position] = value
    _never_crashes(bytes(data), "ke-hoach.docx")
