"""The inspection report (Báo cáo kết quả kiểm tra) as a Decree 30 document: the owner office's header, the round,
each unit's checklist, the findings and the recommendations with their due dates and follow-up."""

from __future__ import annotations

import datetime as dt

from cchc.core.dates import format_vn
from cchc.documents.docx import render_docx
from cchc.documents.spec import (
    Block,
    Bullet,
    Column,
    DocumentHeader,
    DocumentSpec,
    Heading,
    Paragraph,
    Row,
    Signature,
    Table,
)
from cchc.inspections.models import InspectionRound, Verdict
from cchc.inspections.selectors import round_sections
from cchc.units.models import Unit
from cchc.units.naming import propose_symbol


def _header(owner: Unit, plan_locality: str, year: int) -> DocumentHeader:
    root = owner.territorial_root()
    symbol = owner.symbol or propose_symbol(owner.name, owner.kind, root.locality)
    return DocumentHeader(
        issuing_body=owner.name,
        symbol=f"BC-{symbol}",
        place=root.locality or plan_locality,
        issuer_name=owner.name,
        parent_body=root.name if root.pk != owner.pk else None,
        year=year,
    )


def inspection_report_spec(inspection: InspectionRound, today: dt.date) -> DocumentSpec:
    """The report of a round, as the owner office signs it (number and date left blank for the register)."""
    plan = inspection.plan
    owner = plan.owner_unit or plan.issuer_unit
    assert owner is not None
    sections = round_sections(inspection, None)
    plan_ref = f"Kế hoạch {'số ' + plan.number + ' ' if plan.number else ''}của {plan.issuer} về {plan.title}"
    body: list[Block] = [
        Paragraph(
            f"Thực hiện {plan_ref}, từ ngày {format_vn(inspection.start)} đến ngày {format_vn(inspection.end)}, "
            f"Đoàn kiểm tra đã kiểm tra công tác tuyên truyền cải cách hành chính tại {len(sections)} cơ quan, đơn "
            f"vị{' (chọn mẫu ngẫu nhiên)' if inspection.sampled else ''}. Kết quả như sau:"
        ),
        Heading("I. THÀNH PHẦN ĐOÀN KIỂM TRA VÀ ĐƠN VỊ ĐƯỢC KIỂM TRA"),
        *(Bullet(member) for member in inspection.team),
        Bullet("Đơn vị được kiểm tra: " + "; ".join(s.unit.name for s in sections) + "."),
        Heading("II. KẾT QUẢ KIỂM TRA"),
    ]
    for number, section in enumerate(sections, start=1):
        body.append(Heading(f"{number}. {section.unit.name}", level=2))
        body.append(Paragraph(f"Đạt {section.met}/{len(section.items)} nội dung kiểm tra."))
        body.append(
            Table(
                columns=(
                    Column("TT", 10, "center"),
                    Column("Nội dung kiểm tra", 75),
                    Column("Kết quả ghi nhận", 22, "center"),
                    Column("Tài liệu kiểm chứng", 22, "center"),
                    Column("Đánh giá", 28),
                ),
                rows=tuple(
                    Row((str(i), item.requirement, item.results, item.evidence, Verdict(item.verdict).label))
                    for i, item in enumerate(section.items, start=1)
                ),
                font_size=11,
            )
        )
    body.append(Heading("III. TỒN TẠI, HẠN CHẾ"))
    findings = [(s.unit, f) for s in sections for f in s.findings]
    body.extend(Bullet(f"{unit.name}: {f.text} (mức độ: {f.get_severity_display().lower()})") for unit, f in findings)
    if not findings:
        body.append(Paragraph("Đoàn kiểm tra không phát hiện tồn tại, hạn chế."))
    body.append(Heading("IV. KIẾN NGHỊ"))
    recs = [(unit, r) for unit, f in findings for r in f.recommendations.all()]
    body.extend(
        Bullet(
            f"Đề nghị {unit.name}: {r.text} Thời hạn khắc phục: trước ngày {format_vn(r.due)}"
            f" ({r.get_status_display().lower()}{', quá hạn' if r.overdue(today) else ''})."
        )
        for unit, r in recs
    )
    if not recs:
        body.append(Paragraph("Không có kiến nghị."))
    return DocumentSpec(
        header=_header(owner, plan.locality, inspection.end.year),
        kind="BÁO CÁO",
        title=f"Kết quả kiểm tra công tác tuyên truyền cải cách hành chính năm {inspection.end.year}",
        signature=Signature(position="TRƯỞNG ĐOÀN KIỂM TRA", name=None),
        body=tuple(body),
        recipients=(f"{plan.issuer} (để báo cáo);", *(f"{s.unit.name};" for s in sections), "Lưu: VT."),
    )


def inspection_report_docx(inspection: InspectionRound, today: dt.date) -> bytes:
    return render_docx(inspection_report_spec(inspection, today))
