"""The HTML preview says what the .docx says: header lines, headings, text, bullets with their labels, tables with
Vietnamese numbers, the chart, signature, recipients and the appendix; every text escaped."""

from __future__ import annotations

import re
from dataclasses import replace

from cchc.documents.docx import render_docx
from cchc.documents.html import render_html
from cchc.documents.spec import Bullet, Paragraph
from cchc.documents.tests import docx_reading as read
from cchc.documents.tests.test_docx_rendering import _report


def _words(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_preview_carries_every_paragraph_the_docx_prints() -> None:
    spec = _report()
    html = str(render_html(spec))
    text = _words(html)
    document = read.open_docx(render_docx(spec))
    for paragraph in document.paragraphs:
        line = " ".join(paragraph.text.split())
        if line and not line.startswith("Trang"):
            assert line.upper() in text.upper(), line
    assert "Số: 07/BC-UBND" in text and "Tuyên Quang, ngày 03 tháng 02 năm 2025" in text
    assert "- Kết quả: Đăng 12 tin, bài trên Cổng TTĐT" in text
    assert "None" not in text and html.count("<img") == 1
    assert "Phụ lục: Biểu tổng hợp" in text and "HOÀNG GIA LONG" in text.upper()


def test_text_from_users_is_escaped() -> None:
    spec = _report()
    spec = replace(spec, body=(Paragraph("<script>alert(1)</script>"), Bullet("a & b", label="<b>x</b>")))
    html = str(render_html(spec))
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<em>&lt;b&gt;x&lt;/b&gt;:</em> a &amp; b" in html
