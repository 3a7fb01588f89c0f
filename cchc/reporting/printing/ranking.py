"""Scores and ranking of the units for a year: the rubric, the ranking table, the document and its workbook."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from cchc.documents import formatting as fmt
from cchc.documents.docx import render_docx
from cchc.documents.spec import (
    Appendix,
    Block,
    Bullet,
    Column,
    DocumentSpec,
    Paragraph,
    Row,
    Table,
)
from cchc.documents.xlsx import render_xlsx
from cchc.plans.models import Plan
from cchc.reporting import scoring, services
from cchc.reporting.models import Issuer, UnitScore
from cchc.reporting.printing.common import (
    PrintError,
    Sections,
    body_header,
    num,
    plan_reference,
    signature_block,
    unit_columns,
    unit_rows,
)


def rubric_table(rubric: scoring.Rubric) -> Table:
    rows = []
    for _, criterion in rubric.walk():
        how: list[str] = [f"Nguồn: {fmt.clean(criterion.source)}."] if criterion.source else []
        if not criterion.children:
            rule = scoring.RULES[criterion.rule]
            if criterion.rule in ("threshold", "at_least"):
                rule += f" (ngưỡng {fmt.number_text(round(criterion.threshold * 100, 1))}%)"
            how += [f"Căn cứ: {scoring.MEASURES[criterion.measure or '']}.", f"Cách tính: {rule}."]
        rows.append(
            Row(
                (
                    criterion.code,
                    fmt.clean(criterion.title),
                    criterion.points,
                    how,
                )
            )
        )
    rows.append(Row(("", "Tổng điểm", rubric.total, ""), total=True))
    return Table(
        columns=(
            Column("Mã", 18, "center"),
            Column("Tiêu chí", 75),
            Column("Điểm tối đa", 22, "center"),
            Column("Cách chấm", 70),
        ),
        rows=tuple(rows),
        title="Bộ tiêu chí chấm điểm",
    )


def ranking_table(rubric: scoring.Rubric, scores: Sequence[UnitScore]) -> Table:
    top = list(rubric.criteria)
    columns = [Column("Xếp hạng", 16, "center"), Column("Cơ quan, đơn vị", 70)]
    columns += [Column(f"Tiêu chí {c.code} ({num(c.points)} điểm)", 28, "center") for c in top]
    columns += [Column("Tổng điểm", 22, "center"), Column("Đề nghị khen thưởng", 26, "center")]
    rows = [
        Row(
            (
                s.rank,
                fmt.clean(s.unit.name),
                *[_points_cell(s.points.get(c.code, 0)) for c in top],
                s.total,
                "Đề nghị" if s.proposed else "",
            )
        )
        for s in scores
    ]
    return Table(columns=tuple(columns), rows=tuple(rows), title="Kết quả chấm điểm, xếp hạng")


def _points_cell(value: float | None) -> float | str:
    """Points of a criterion, or "–" where it could not be assessed yet (nothing was due): not a 0."""
    return "–" if value is None else float(value)


def detail_table(rubric: scoring.Rubric, scores: Sequence[UnitScore]) -> Table:
    """Points of every criterion and sub-criterion per unit (the .xlsx sheet auditors check)."""
    criteria = [c for _, c in rubric.walk()]
    columns = [Column("Cơ quan, đơn vị", 70)] + [Column(c.code, 16, "center") for c in criteria]
    columns.append(Column("Tổng điểm", 20, "center"))
    rows = [
        Row((fmt.clean(s.unit.name), *[_points_cell(s.points.get(c.code, 0)) for c in criteria], s.total))
        for s in scores
    ]
    return Table(columns=tuple(columns), rows=tuple(rows), title="Điểm chi tiết")


def _no_scores(plan: Plan, year: int, scores: Sequence[UnitScore]) -> None:
    if not scores:
        raise PrintError(f"Chưa có kết quả chấm điểm năm {year} của kế hoạch: hãy chấm điểm trước khi xuất.")


def ranking_spec(plan: Plan, year: int, rubric: scoring.Rubric, scores: Sequence[UnitScore]) -> DocumentSpec:
    """The owner's report of scores, ranking and award proposals."""
    _no_scores(plan, year, scores)
    scorer = services.issuing_unit(plan, Issuer.OWNER)
    if scorer is None:
        raise PrintError("Kế hoạch chưa gắn với cơ quan ban hành trong danh mục đơn vị, chưa thể in kết quả chấm điểm.")
    issuer = fmt.clean(scorer.name)
    header = body_header(scorer, plan, None, None, year)
    proposed = [s for s in scores if s.proposed]
    average = sum(s.total for s in scores) / len(scores)
    summary = (
        f"Tổng số cơ quan, đơn vị được chấm điểm: {num(len(scores))}; điểm tối đa {num(rubric.total)} điểm;"
        f" điểm bình quân {num(round(average, 2))} điểm; cao nhất {num(scores[0].total)} điểm."
    )
    award: list[Block]
    if proposed:
        award = [
            Paragraph(
                f"Căn cứ kết quả chấm điểm, đề nghị khen thưởng {num(len(proposed))} cơ quan, đơn vị đạt từ "
                f"{num(round(rubric.award_min_share * 100))}% số điểm tối đa trở lên và xếp hạng cao nhất:"
            )
        ]
        award += [
            Bullet(
                f"{fmt.clean(s.unit.name)}: {num(s.total)} điểm, xếp hạng {s.rank}"
                + ("." if i == len(proposed) else ";")
            )
            for i, s in enumerate(proposed, start=1)
        ]
    else:
        award = [
            Paragraph(
                f"Không có cơ quan, đơn vị nào đạt từ {num(round(rubric.award_min_share * 100))}% số điểm "
                "tối đa để đề nghị khen thưởng."
            )
        ]
    sections = Sections()
    sections.top("Tiêu chí chấm điểm", [("", [Paragraph(f"Áp dụng {fmt.clean(rubric.name)}."), rubric_table(rubric)])])
    sections.top(
        "Kết quả chấm điểm, xếp hạng",
        [
            (
                "",
                [
                    Paragraph(summary),
                    Paragraph("Kết quả chấm điểm, xếp hạng từng cơ quan, đơn vị tại Phụ lục kèm theo."),
                    Paragraph(
                        "Tiêu chí ghi «–» là tiêu chí chưa đến kỳ đánh giá (đơn vị chưa có nhiệm vụ, báo cáo đến hạn);"
                        " tổng điểm của đơn vị được quy đổi theo các tiêu chí đã đánh giá."
                    ),
                ],
            )
        ],
    )
    sections.top("Đề nghị khen thưởng", [("", award)])
    opening = (
        f"Thực hiện {plan_reference(plan)}, {issuer} báo cáo kết quả chấm điểm, xếp hạng công tác thông tin,"
        f" tuyên truyền cải cách hành chính năm {year} của các cơ quan, đơn vị như sau:"
    )
    return DocumentSpec(
        header=header,
        kind="BÁO CÁO",
        title=f"Kết quả chấm điểm, xếp hạng công tác thông tin, tuyên truyền cải cách hành chính năm {year}",
        signature=signature_block(scorer, "", "", ""),
        body=(
            Paragraph(opening),
            *sections.blocks,
            Paragraph(f"Trên đây là kết quả chấm điểm, xếp hạng của {issuer}./."),
        ),
        recipients=_ranking_recipients(plan),
        appendices=(
            Appendix(
                title=f"Kết quả chấm điểm, xếp hạng năm {year}",
                blocks=(replace(ranking_table(rubric, scores), title=None),),
            ),
        ),
    )


def _ranking_recipients(plan: Plan) -> tuple[str, ...]:
    *to, keep = services.default_recipients(plan, Issuer.OWNER)
    return (*to, "Các cơ quan, đơn vị được chấm điểm", keep)


def ranking_docx(plan: Plan, year: int, rubric: scoring.Rubric, scores: Sequence[UnitScore]) -> bytes:
    return render_docx(ranking_spec(plan, year, rubric, scores))


def ranking_xlsx(plan: Plan, year: int, rubric: scoring.Rubric, scores: Sequence[UnitScore]) -> bytes:
    _no_scores(plan, year, scores)
    proposed = [s for s in scores if s.proposed]
    awards = Table(
        columns=unit_columns(80, ("Tổng điểm", 22), ("Xếp hạng", 18)),
        rows=tuple(unit_rows((s.unit.name, (s.total, s.rank)) for s in proposed)),
        title="Đề nghị khen thưởng",
    )
    return render_xlsx([ranking_table(rubric, scores), detail_table(rubric, scores), rubric_table(rubric), awards])
