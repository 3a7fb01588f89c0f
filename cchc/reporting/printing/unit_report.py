"""The unit's report (Báo cáo of one unit for one reporting period) as a document."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from cchc.core.dates import format_vn
from cchc.documents import formatting as fmt
from cchc.documents.docx import render_docx
from cchc.documents.spec import (
    Block,
    Bullet,
    Column,
    DocumentHeader,
    DocumentSpec,
    Paragraph,
    Row,
    Signature,
    Table,
)
from cchc.feedback.selectors import Figures
from cchc.reporting.models import ReportStatus, UnitReport
from cchc.reporting.printing.common import (
    PrintError,
    Sections,
    body_header,
    entrants_text,
    feedback_sentence,
    figures_sentence,
    kind_table,
    num,
    paragraphs,
    period_phrase,
    plan_reference,
    report_title,
    share_text,
    short,
    signature_block,
    target_table,
)
from cchc.reporting.printing.funding import unit_funding_blocks


def _unit_header(report: UnitReport) -> DocumentHeader:
    submitted = report.first_submitted_on if report.status != ReportStatus.DRAFT else None
    return body_header(report.unit, report.period.plan, report.number, submitted, report.period.due.year)


def _unit_signature(report: UnitReport) -> Signature:
    return signature_block(report.unit, report.signer_authority, report.signer_position, report.signer_name)


def _assignment_blocks(figures: dict[str, Any]) -> list[Block]:
    total = figures.get("assignments_set", 0)
    done = figures.get("assignments_done", 0)
    progress = figures.get("assignments_in_progress", 0)
    rows = figures.get("assignment_rows") or []
    if not total and not rows:
        return []
    blocks: list[Block] = []
    if total:
        blocks.append(
            Paragraph(
                f"Số nhiệm vụ đến hạn trong kỳ: {num(total)}; đã hoàn thành {num(done)} nhiệm vụ, "
                f"đạt {share_text(done, total)}."
            )
        )
    if progress:
        blocks.append(Paragraph(f"Số nhiệm vụ chưa đến hạn nhưng đã có kết quả: {num(progress)}."))
    if rows:
        blocks.append(
            Table(
                columns=(
                    Column("STT", 14, "center"),
                    Column("Nhiệm vụ", 95, "justify"),
                    Column("Số kết quả", 22, "center"),
                    Column("Tình trạng", 36, "center"),
                ),
                rows=tuple(
                    Row((str(i), short(r["title"]), r["results"], r["status_label"]))
                    for i, r in enumerate(rows, start=1)
                ),
            )
        )
    return blocks


def _lower_first(text: str) -> str:
    """ "Tin, bài trên Cổng/Trang TTĐT" → "tin, bài trên Cổng/Trang TTĐT"; an abbreviation stays as it is."""
    first = text.split(" ", 1)[0]
    return text if first.isupper() and len(first) > 1 else text[:1].lower() + text[1:]


def _notable_blocks(items: list[dict[str, Any]]) -> list[Block]:
    lines: list[str] = []
    for item in items:
        day = format_vn(dt.date.fromisoformat(item["date"]))
        # The form's name inside the brackets: its own bracketed examples dropped, its capitals kept (Cổng TTĐT).
        kind = _lower_first(re.sub(r"\s*\(.*\)\s*$", "", fmt.clean(item["kind_label"])))
        text = f"{fmt.clean(item['title']).rstrip('.;')} ({kind}, ngày {day}"
        if item.get("quantities"):
            text += f"; {item['quantities']}"
        text += ")"
        if item.get("link"):
            text += f"; đường dẫn: {item['link']}"
        lines.append(text)
    return [Bullet(line) for line in fmt.listed(lines)]


def _feedback_blocks(unit_name: str, counts: dict[str, int] | None) -> list[Block]:
    """The feedback the unit received in the period, as frozen with the report (nothing when it received none)."""
    if not counts:
        return []
    return [Paragraph(feedback_sentence(unit_name, Figures(None, unit_name, **counts)))]


def _contest_blocks(rounds: list[dict[str, Any]]) -> list[Block]:
    """Its people's entries in each contest round of the period."""
    lines = [entrants_text(r["round"], r["entrants"], r["submitted"]) for r in rounds]
    return [Bullet(line) for line in fmt.listed(lines)]


def unit_report_spec(report: UnitReport) -> DocumentSpec:
    """The unit's report as an administrative document (Báo cáo) from its frozen figures and narrative."""
    period, unit = report.period, report.unit
    plan = period.plan
    figures = report.figures or {}
    results = int(figures.get("results") or 0)
    has_narrative = any(fmt.clean(getattr(report, f)) for f in ("results", "limitations", "causes", "proposals"))
    if not results and not has_narrative and not figures.get("assignments_set"):
        raise PrintError(
            f"Báo cáo của {unit.name} kỳ «{period.title}» chưa có số liệu: đơn vị chưa ghi nhận kết quả nào trong kỳ"
            " và chưa viết nội dung báo cáo."
        )
    unit_name = fmt.clean(unit.name)
    by_kind = figures.get("by_kind") or {}
    quantities = figures.get("quantities") or {}
    sections = Sections()
    kind_blocks: list[Block] = [Paragraph(figures_sentence(unit_name, results, quantities, len(by_kind)))]
    if by_kind:
        kind_blocks.append(kind_table(by_kind))
    targets = figures.get("targets") or []
    sections.top(
        "Kết quả thực hiện",
        [
            ("Công tác chỉ đạo, triển khai và kết quả nổi bật", paragraphs(report.results)),
            ("Kết quả theo hình thức tuyên truyền", kind_blocks),
            ("Kết quả thực hiện nhiệm vụ được giao", _assignment_blocks(figures)),
            ("Kết quả thực hiện chỉ tiêu", [target_table(targets)] if targets else []),
            ("Kinh phí thực hiện", unit_funding_blocks(figures)),
            ("Một số hoạt động tiêu biểu", _notable_blocks(figures.get("notable") or [])),
            ("Tiếp nhận, trả lời phản ánh, kiến nghị", _feedback_blocks(unit_name, figures.get("feedback"))),
            ("Tham gia cuộc thi tìm hiểu về cải cách hành chính", _contest_blocks(figures.get("contests") or [])),
        ],
    )
    sections.top(
        "Tồn tại, hạn chế và nguyên nhân",
        [
            ("Tồn tại, hạn chế", paragraphs(report.limitations)),
            ("Nguyên nhân", paragraphs(report.causes)),
        ],
    )
    sections.top("Đề xuất, kiến nghị", [("", paragraphs(report.proposals))])
    opening = (
        f"Thực hiện {plan_reference(plan)}, {unit_name} báo cáo kết quả thực hiện {period_phrase(period)}"
        f" (số liệu từ ngày {format_vn(period.start)} đến ngày {format_vn(period.end)}) như sau:"
    )
    closing = f"Trên đây là báo cáo kết quả công tác thông tin, tuyên truyền cải cách hành chính của {unit_name}./."
    recipients = [f"{fmt.clean(plan.issuer)} (b/c)"]
    if plan.owner_unit is not None and plan.owner_unit.pk != plan.issuer_unit_id:
        recipients.append(f"{fmt.clean(plan.owner_unit.name)} (tổng hợp)")
    recipients.append("Lưu: VT")
    return DocumentSpec(
        header=_unit_header(report),
        kind="BÁO CÁO",
        title=report_title(period),
        signature=_unit_signature(report),
        body=(Paragraph(opening), *sections.blocks, Paragraph(closing)),
        recipients=tuple(recipients),
    )


def unit_report_docx(report: UnitReport) -> bytes:
    return render_docx(unit_report_spec(report))
