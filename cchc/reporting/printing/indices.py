"""The indices a plan aims at, as the yearly consolidated report prints them: per index of the plan's locality a
line chart of the published totals and, beside it, the table of every year's value, rank and sub-indices, with the
plan's targets and the sources."""

from __future__ import annotations

from cchc.documents import formatting as fmt
from cchc.documents.charts import render_chart
from cchc.documents.spec import Block, ChartSpec, Column, Image, Paragraph, Row, Series, Table
from cchc.indices import selectors as index_selectors
from cchc.plans.models import Plan


def _table(trend: index_selectors.Trend) -> Table:
    columns = [Column("Năm", 16, "center"), Column("Giá trị", 26, "center"), Column("Xếp hạng", 22, "center")]
    width = max(24.0, 100.0 / max(1, len(trend.components))) if trend.components else 0
    aims = bool(trend.targets)
    columns += [Column("Mục tiêu", 22, "center")] if aims else []
    columns += [Column(fmt.clean(name), width, "center") for name in trend.components]
    rows = tuple(
        Row((str(r.year), r.value, r.rank, *([r.target or "—"] if aims else []), *r.parts)) for r in trend.table()
    )
    return Table(columns=tuple(columns), rows=rows, font_size=11 if trend.components else 12)


def index_blocks(plan: Plan) -> list[Block]:
    """Nothing when no value of the plan's locality is held and the plan aims at no index."""
    blocks: list[Block] = []
    number = 0
    for trend in index_selectors.trends(index_selectors.plan_localities(plan), plan):
        points = trend.points()
        sentence = f"{trend.info.short} ({trend.info.name}) của {fmt.clean(trend.locality)}"
        last = next((r.total for r in reversed(trend.rows) if r.total is not None and r.total.value is not None), None)
        if last is not None:
            sentence += f": năm {last.year} đạt {trend.value_text(last)}"
            sentence += f", xếp hạng {trend.rank_text(last)}" if last.rank else ""
            if trend.change is not None:
                sign = "tăng" if trend.change >= 0 else "giảm"
                unit = {"%": " điểm %", "điểm": " điểm"}.get(trend.unit, "")
                sentence += f"; {sign} {fmt.number_text(float(abs(trend.change)), 4)}{unit} so với năm {points[0][0]}"
        else:
            sentence += ": chưa có giá trị đã công bố (chỉ có thứ hạng hoặc mục tiêu)"
        aims = "; ".join(
            f"{t.component + ' ' if t.component else ''}năm {t.year}: {fmt.number_text(float(t.target))}"
            for t in trend.targets
        )
        blocks.append(Paragraph(sentence + (f". Mục tiêu của kế hoạch: {aims}." if aims else ".")))
        if len(points) > 1:
            number += 1
            png = render_chart(
                ChartSpec(
                    kind="line",
                    title=f"{trend.info.short} của {fmt.clean(trend.locality)}",
                    categories=tuple(str(y) for y, _ in points),
                    series=(Series(trend.info.short, tuple(float(v) for _, v in points)),),
                    width_in=6.0,
                    height_in=2.8,
                )
            )
            blocks.append(Image(png, width_mm=140, caption=f"Biểu đồ chỉ số {number}. {trend.info.short} qua các năm"))
        if trend.rows:
            blocks.append(_table(trend))
        sources = sorted({s for r in trend.rows for s in r.sources})
        if sources:
            blocks.append(Paragraph("Nguồn: " + "; ".join(sources) + ".", italic=True))
    return blocks
