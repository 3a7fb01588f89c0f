"""Certificates (giấy chứng nhận) for a round's prize winners, as PDF drawn with fpdf2 in a Unicode font that has
every Vietnamese letter (Liberation Serif, from the fonts-liberation2 package the set-up installs)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from django.utils import timezone
from fpdf import FPDF

from cchc.contests import selectors
from cchc.contests.models import Attempt, Round

FONT_DIRS = (
    Path("/usr/share/fonts/truetype/liberation2"),
    Path("/usr/share/fonts/truetype/liberation"),
)


class CertificateError(ValueError):
    """No certificate for this attempt; the message is Vietnamese."""


def _font_dir() -> Path:
    for folder in FONT_DIRS:
        if (folder / "LiberationSerif-Regular.ttf").exists() and (folder / "LiberationSerif-Bold.ttf").exists():
            return folder
    raise CertificateError("Máy chủ thiếu phông chữ Liberation Serif: cài gói fonts-liberation2 rồi thử lại.")


def _pdf() -> FPDF:
    folder = _font_dir()
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_font("Serif", "", str(folder / "LiberationSerif-Regular.ttf"))
    pdf.add_font("Serif", "B", str(folder / "LiberationSerif-Bold.ttf"))
    pdf.add_font("Serif", "I", str(folder / "LiberationSerif-Italic.ttf"))
    pdf.set_title("Giấy chứng nhận")
    return pdf


def _page(pdf: FPDF, round_: Round, rank: int, attempt: Attempt) -> None:
    pdf.add_page()
    pdf.set_draw_color(160, 20, 20)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, 277, 190)
    pdf.set_line_width(0.4)
    pdf.rect(13, 13, 271, 184)
    organiser = round_.contest.organiser_unit.name
    pdf.set_font("Serif", "B", 13)
    pdf.set_xy(20, 22)
    pdf.cell(257, 7, organiser.upper(), align="C")
    pdf.set_font("Serif", "B", 34)
    pdf.set_text_color(160, 20, 20)
    pdf.set_xy(20, 48)
    pdf.cell(257, 16, "GIẤY CHỨNG NHẬN", align="C")
    pdf.set_text_color(0, 0, 0)
    pdf.set_font("Serif", "", 16)
    pdf.set_xy(20, 74)
    pdf.cell(257, 9, "Chứng nhận", align="C")
    pdf.set_font("Serif", "B", 24)
    pdf.set_xy(20, 86)
    pdf.cell(257, 12, attempt.full_name, align="C")
    pdf.set_font("Serif", "", 15)
    pdf.set_xy(20, 102)
    pdf.cell(257, 8, f"Đơn vị công tác: {attempt.unit.name}", align="C")
    pdf.set_xy(30, 116)
    pdf.multi_cell(
        237,
        8,
        f"Đạt giải, xếp hạng thứ {rank} tại vòng {round_.number} «{round_.contest.title}» "
        f"với {attempt.score}/{round_.question_count} câu trả lời đúng.",
        align="C",
    )
    day = timezone.localtime(round_.published_at or timezone.now())
    pdf.set_font("Serif", "I", 14)
    pdf.set_xy(150, 150)
    pdf.cell(120, 8, f"Ngày {day.day:02d} tháng {day.month:02d} năm {day.year}", align="C")
    pdf.set_font("Serif", "B", 14)
    pdf.set_xy(150, 158)
    pdf.cell(120, 8, "BAN TỔ CHỨC", align="C")


def _render(round_: Round, winners: Sequence[tuple[int, Attempt]]) -> bytes:
    pdf = _pdf()
    for rank, attempt in winners:
        _page(pdf, round_, rank, attempt)
    return bytes(pdf.output())


def certificate_pdf(attempt: Attempt) -> bytes:
    """One winner's certificate; refused for an attempt that won no prize or a round not yet published."""
    round_ = attempt.round
    for rank, winner in selectors.prize_winners(round_):
        if winner.pk == attempt.pk:
            return _render(round_, [(rank, winner)])
    raise CertificateError("Chỉ cấp giấy chứng nhận cho người đạt giải, sau khi kết quả vòng thi được công bố.")


def round_certificates_pdf(round_: Round) -> bytes:
    """Every prize winner's certificate in one PDF, a page each."""
    winners = selectors.prize_winners(round_)
    if not winners:
        raise CertificateError("Vòng thi chưa công bố kết quả hoặc chưa có người đạt giải.")
    return _render(round_, winners)
