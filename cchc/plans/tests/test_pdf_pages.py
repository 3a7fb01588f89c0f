"""A PDF's page furniture is not the plan's text: the page number printed at the top of each page (Decree 30) is
dropped, and a paragraph going on to the next page stays one paragraph."""

from __future__ import annotations

import io

import matplotlib
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from cchc.plans.importing.blocks import Paragraph
from cchc.plans.importing.readers import read_pdf


def pages_pdf(pages: list[list[str]]) -> bytes:
    buffer = io.BytesIO()
    with matplotlib.rc_context({"pdf.fonttype": 42}), PdfPages(buffer) as pdf:
        for lines in pages:
            figure = Figure(figsize=(8.27, 11.69))
            for k, line in enumerate(lines):
                figure.text(0.5 if line.isdigit() else 0.08, 0.96 - k * 0.02, line, fontsize=9, family="DejaVu Sans")
            pdf.savefig(figure)
    return buffer.getvalue()


def test_the_page_number_goes_and_a_paragraph_across_pages_stays_whole() -> None:
    data = pages_pdf(
        [
            [
                "2. Yêu cầu",
                "- Thông tin, tuyên truyền CCHC phải thực hiện thường xuyên, chính xác các chủ trương",
                "của Đảng, chính sách pháp luật của Nhà",
            ],
            ["2", "", "nước về CCHC với nhiều hình thức khác nhau.", "- Tuyên truyền công tác CCHC là nhiệm vụ chung."],
            ["3", "", "3. Kinh phí", "Kinh phí thực hiện từ ngân sách nhà nước 2 năm."],
        ]
    )
    texts = [b.text for b in read_pdf(data).blocks if isinstance(b, Paragraph)]
    assert (
        "- Thông tin, tuyên truyền CCHC phải thực hiện thường xuyên, chính xác các chủ trương của Đảng, chính "
        "sách pháp luật của Nhà nước về CCHC với nhiều hình thức khác nhau." in texts
    )
    assert "2" not in texts and "3" not in texts
    assert "Kinh phí thực hiện từ ngân sách nhà nước 2 năm." in texts
