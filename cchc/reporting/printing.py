"""Document specs of the reporting app: plan, unit report, consolidated report (+ .xlsx annex), scores and ranking."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from django.utils.text import slugify

from cchc.core.calendar import AD_HOC
from cchc.core.dates import format_vn
from cchc.core.text import fold
from cchc.documents import formatting as fmt
from cchc.documents.charts import render_chart
from cchc.documents.docx import render_docx
from cchc.documents.signing import SigningBody, SigningError, signature_lines
from cchc.documents.spec import (
    Appendix,
    Block,
    Bullet,
    ChartSpec,
    Column,
    DocumentHeader,
    DocumentSpec,
    Heading,
    Image,
    Paragraph,
    Percent,
    Row,
    Series,
    Signature,
    Table,
)
from cchc.documents.xlsx import render_xlsx
from cchc.plans.docx_export import PlanExportError, stored_plan_spec
from cchc.plans.models import Plan
from cchc.reporting import figures as fig
from cchc.reporting import scoring, services
from cchc.reporting.models import ConsolidatedReport, Issuer, ReportingPeriod, ReportStatus, UnitReport, UnitScore
from cchc.reporting.services import proposed_symbol, registered_symbol
from cchc.units.models import Unit
from cchc.units.naming import head_of

TOP_UNITS_IN_CHART = 15
_COMMITTEE = re.compile(r"^(UBND|[UỦ]Y BAN NHÂN DÂN)\s+", re.IGNORECASE)


class PrintError(ValueError):
    """A document that cannot be produced (no data yet …); the message is Vietnamese."""


def file_stem(text: str) -> str:
    """A file name from Vietnamese text: "Báo cáo 6 tháng đầu năm" → "bao-cao-6-thang-dau-nam"."""
    return slugify(fold(text)) or "bao-cao"


def _plan_spec(plan: Plan) -> DocumentSpec:
    """The plan's printed document, whose header block the reports of the same body re-use."""
    try:
        return stored_plan_spec(plan)
    except PlanExportError as exc:
        raise PrintError(str(exc)) from None


def _issuer_header(plan_spec: DocumentSpec, number: str | None, date: dt.date | None, year: int) -> DocumentHeader:
    """The plan's issuer block re-used for a report of the same body: symbol BC-…, its own number and date."""
    symbol = re.sub(r"^[A-ZĐ]+-", "BC-", plan_spec.header.symbol)
    return replace(
        plan_spec.header, symbol=symbol, number=fmt.clean(number) or None, date=date, year=date.year if date else year
    )


# --- shared wording -----------------------------------------------------------------------------------------------


def period_phrase(period: ReportingPeriod) -> str:
    """What the report covers, as running text: "6 tháng đầu năm 2025", "năm 2025", "quý III năm 2025",
    "phục vụ công tác kiểm tra CCHC" (an ad hoc period's own title without its leading "Báo cáo")."""
    phrase = re.sub(r"^Báo cáo\s+", "", fmt.clean(period.title), flags=re.IGNORECASE)
    if phrase == fmt.clean(period.title) and period.kind == AD_HOC:
        return f"theo yêu cầu «{phrase}»"
    return phrase[:1].lower() + phrase[1:] if phrase[:2] != phrase[:2].upper() else phrase


def report_title(period: ReportingPeriod) -> str:
    return f"Kết quả công tác thông tin, tuyên truyền cải cách hành chính {period_phrase(period)}"


def _plan_reference(plan: Plan) -> str:
    """ "Kế hoạch số 187/KH-UBND ngày 10/01/2025 của UBND thành phố Bắc Ninh về tuyên truyền …"."""
    title = fmt.clean(plan.title)
    title = title[:1].lower() + title[1:]
    parts = ["Kế hoạch"]
    if fmt.clean(plan.number):
        parts.append(f"số {fmt.clean(plan.number)}")
    if plan.issued_date:
        parts.append(f"ngày {format_vn(plan.issued_date)}")
    parts.append(f"của {fmt.clean(plan.issuer)} về {title}" if not title.startswith("về ") else title)
    return " ".join(parts)


def _paragraphs(text: str) -> list[Block]:
    """The user's narrative: one paragraph per line; lines starting with "-" or "+" become list items."""
    blocks: list[Block] = []
    for line in (text or "").splitlines():
        line = fmt.clean(line)
        if not line:
            continue
        if line[0] in "-+•" and len(line) > 1:
            blocks.append(Bullet(line[1:].strip(), level=2 if line[0] == "+" else 1))
        else:
            blocks.append(Paragraph(line))
    return blocks


class _Sections:
    """Numbered headings I., II. … and 1., 2. … that skip empty parts, so no heading is ever left without text."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._top = 0
        self._sub = 0

    def top(self, title: str, parts: Sequence[tuple[str, list[Block]]]) -> None:
        kept = [(t, b) for t, b in parts if b]
        if not kept:
            return
        self._top += 1
        self.blocks.append(Heading(f"{fmt.roman(self._top)}. {title.upper()}", level=1))
        if len(kept) == 1 and not kept[0][0]:
            self.blocks.extend(kept[0][1])
            return
        for number, (sub_title, blocks) in enumerate(kept, start=1):
            if sub_title:
                self.blocks.append(Heading(f"{number}. {sub_title}", level=2))
            self.blocks.extend(blocks)


def _short(text: str, limit: int = 220) -> str:
    """Long activity wording cut at a word boundary: tables show what the task is, the plan has the full text."""
    text = fmt.clean(text)
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:-") + "…"


def _n(value: float | int | None) -> str:
    return fmt.number_text(value) if value is not None else ""


def _share(done: int, total: int) -> Percent | None:
    """The share as a table cell (a real percentage in workbooks); None when nothing was due: not a 0."""
    return Percent(done / total) if total else None


def _share_text(done: int, total: int) -> str:
    return fmt.percent_text(done / total) if total else ""


# --- unit report --------------------------------------------------------------------------------------------------


def _report_symbol(unit: Unit) -> str:
    """ "BC-STP": the report kind and the body's registered symbol; never made up when the body has none."""
    symbol = registered_symbol(unit)
    if symbol is None:
        raise PrintError(
            f"Chưa có ký hiệu viết tắt tên cơ quan của {fmt.clean(unit.name)} (đề xuất: {proposed_symbol(unit)}):"
            " hãy nhập ký hiệu như sổ đăng ký văn bản đi của cơ quan trước khi in, nộp báo cáo."
        )
    return f"BC-{symbol}"


def _signature(unit: Unit, authority: str, position: str, name: str) -> Signature:
    try:
        lines, position = signature_lines(SigningBody(*head_of(unit.name, unit.kind)), authority, position)
    except SigningError as exc:
        raise PrintError(str(exc)) from None
    return Signature(position=position, authority=lines, name=fmt.clean(name) or None)


def _issuing_body(name: str) -> str:
    committee = _COMMITTEE.match(name)
    return f"ỦY BAN NHÂN DÂN\n{name[committee.end() :]}" if committee else name


def _place(plan: Plan, unit: Unit) -> str:
    root = unit.territorial_root()
    return fmt.clean(root.locality) or fmt.clean(plan.locality) or fmt.clean(unit.locality)


def _body_header(unit: Unit, plan: Plan, number: str | None, date: dt.date | None, year: int) -> DocumentHeader:
    """The header of a document the unit issues: its parent committee above it, its registered symbol."""
    root = unit.territorial_root()
    return DocumentHeader(
        issuing_body=_issuing_body(fmt.clean(unit.name)),
        symbol=_report_symbol(unit),
        place=_place(plan, unit) or fmt.clean(plan.locality),
        issuer_name=fmt.clean(unit.name),
        parent_body=root.name if root.pk != unit.pk else None,
        number=fmt.clean(number) or None,
        date=date,
        year=date.year if date else year,
    )


def _unit_header(report: UnitReport) -> DocumentHeader:
    submitted = report.first_submitted_on if report.status != ReportStatus.DRAFT else None
    return _body_header(report.unit, report.period.plan, report.number, submitted, report.period.due.year)


def _unit_signature(report: UnitReport) -> Signature:
    return _signature(report.unit, report.signer_authority, report.signer_position, report.signer_name)


def _kind_table(by_kind: dict[str, dict[str, int]], title: str | None = None) -> Table:
    kinds = fig.ordered_kinds(by_kind)
    used = [q for q in fig.SUMMED if any(by_kind[k].get(q) for k in kinds)]
    columns = [
        Column("STT", 14, "center"),
        Column("Hình thức tuyên truyền", 70),
        Column("Số lượt, tin, bài", 25, "center"),
    ]
    columns += [Column(fig.quantity_label(q), 28, "center") for q in used]
    rows = [
        Row((str(i), fig.kind_label(k), by_kind[k]["count"], *[by_kind[k].get(q) or None for q in used]))
        for i, k in enumerate(kinds, start=1)
    ]
    total = Row(
        (
            "",
            "Tổng cộng",
            sum(by_kind[k]["count"] for k in kinds),
            *[sum(by_kind[k].get(q, 0) for k in kinds) or None for q in used],
        ),
        total=True,
    )
    return Table(columns=tuple(columns), rows=(*rows, total), title=title)


def _figures_sentence(who: str, results: int, quantities: dict[str, int], kinds: int) -> str:
    if not results:
        return f"Trong kỳ, {who} chưa ghi nhận hoạt động tuyên truyền nào trên hệ thống."
    extra = [f"{_n(quantities[q])} {fig.quantity_noun(q)}" for q in fig.SUMMED if quantities.get(q)]
    tail = f", với {', '.join(extra)}" if extra else ""
    return (
        f"Trong kỳ, {who} đã thực hiện {_n(results)} hoạt động tuyên truyền bằng {_n(kinds)} hình thức{tail}"
        " (chi tiết tại bảng dưới đây)."
    )


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
                f"Số nhiệm vụ đến hạn trong kỳ: {_n(total)}; đã hoàn thành {_n(done)} nhiệm vụ, "
                f"đạt {_share_text(done, total)}."
            )
        )
    if progress:
        blocks.append(Paragraph(f"Số nhiệm vụ chưa đến hạn nhưng đã có kết quả: {_n(progress)}."))
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
                    Row((str(i), _short(r["title"]), r["results"], r["status_label"]))
                    for i, r in enumerate(rows, start=1)
                ),
            )
        )
    return blocks


def _target_table(rows: list[dict[str, Any]], title: str | None = None) -> Table:
    return Table(
        columns=(
            Column("STT", 14, "center"),
            Column("Chỉ tiêu", 70, "justify"),
            Column("Kế hoạch", 32, "center"),
            Column("Thực hiện", 32, "center"),
            Column("Đánh giá", 22, "center"),
        ),
        rows=tuple(
            Row((str(i), fmt.clean(r["description"]), r["target"], r["actual_text"], "Đạt" if r["met"] else "Chưa đạt"))
            for i, r in enumerate(rows, start=1)
        ),
        title=title,
    )


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
    sections = _Sections()
    kind_blocks: list[Block] = [Paragraph(_figures_sentence(unit_name, results, quantities, len(by_kind)))]
    if by_kind:
        kind_blocks.append(_kind_table(by_kind))
    targets = figures.get("targets") or []
    sections.top(
        "Kết quả thực hiện",
        [
            ("Công tác chỉ đạo, triển khai và kết quả nổi bật", _paragraphs(report.results)),
            ("Kết quả theo hình thức tuyên truyền", kind_blocks),
            ("Kết quả thực hiện nhiệm vụ được giao", _assignment_blocks(figures)),
            ("Kết quả thực hiện chỉ tiêu", [_target_table(targets)] if targets else []),
            ("Một số hoạt động tiêu biểu", _notable_blocks(figures.get("notable") or [])),
        ],
    )
    sections.top(
        "Tồn tại, hạn chế và nguyên nhân",
        [
            ("Tồn tại, hạn chế", _paragraphs(report.limitations)),
            ("Nguyên nhân", _paragraphs(report.causes)),
        ],
    )
    sections.top("Đề xuất, kiến nghị", [("", _paragraphs(report.proposals))])
    opening = (
        f"Thực hiện {_plan_reference(plan)}, {unit_name} báo cáo kết quả thực hiện {period_phrase(period)}"
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


# --- consolidated report ------------------------------------------------------------------------------------------


REPORT_STATE_LABELS = {
    "on_time": "Đúng hạn",
    "late": "Nộp muộn",
    "missing": "Chưa nộp",
    "not_due": "Chưa đến hạn",
    "requested": "Không bắt buộc",
    "owner": "Cơ quan tổng hợp",
}
MUST_REPORT = ("on_time", "late", "missing", "not_due")


@dataclass
class UnitLine:
    unit: Unit
    figures: fig.UnitFigures
    state: str
    report: UnitReport | None


@dataclass
class ConsolidatedData:
    """Everything the consolidated report prints, computed once."""

    period: ReportingPeriod
    lines: list[UnitLine]
    totals: fig.Totals
    targets: list[dict[str, Any]] = field(default_factory=list)
    rates: list[dict[str, Any]] = field(default_factory=list)

    def units_in(self, state: str) -> list[Unit]:
        return [line.unit for line in self.lines if line.state == state]

    @property
    def must_report(self) -> list[UnitLine]:
        """The units the plan assigns work to: only they can be late or missing."""
        return [line for line in self.lines if line.state in MUST_REPORT]

    @property
    def has_data(self) -> bool:
        return self.totals.results > 0 or any(
            line.report is not None and line.report.first_submitted_at for line in self.lines
        )


def consolidated_data(period: ReportingPeriod, on: dt.date) -> ConsolidatedData:
    """Figures of every reporting unit in the period, added up, with each unit's reporting state as of `on`."""
    plan = period.plan
    who = fig.reporting_units(plan)
    if not who.required:
        raise PrintError("Kế hoạch chưa giao nhiệm vụ cho đơn vị nào, chưa thể tổng hợp báo cáo.")
    owner = [plan.owner_unit] if plan.owner_unit is not None else []
    reports = {r.unit_id: r for r in UnitReport.objects.filter(period=period)}
    reported = {pk: r.is_late(on) for pk, r in reports.items() if r.first_submitted_at is not None}
    figures = fig.collect(plan, period.start, period.end, who.all + owner, reported=reported)
    lines = []
    for unit in who.required:
        report = reports.get(unit.pk)
        if report is not None and report.first_submitted_at is not None:
            state = "late" if report.is_late(on) else "on_time"
        else:
            state = "missing" if on > period.due else "not_due"
        lines.append(UnitLine(unit=unit, figures=figures[unit.pk], state=state, report=report))
    # Bodies the plan only asks, and the owner itself: their work counts, they are never late or missing.
    for state, others in (("requested", who.requested), ("owner", owner)):
        for unit in others:
            report = reports.get(unit.pk)
            if figures[unit.pk].results or (report is not None and report.first_submitted_at is not None):
                lines.append(UnitLine(unit=unit, figures=figures[unit.pk], state=state, report=report))
    return ConsolidatedData(
        period=period,
        lines=lines,
        totals=fig.add_up(line.figures for line in lines),
        targets=fig.target_rows(plan, period.start, period.end),
        rates=fig.rate_rows(plan, period.start, period.end, [line.unit for line in lines]),
    )


def unit_table(data: ConsolidatedData) -> Table:
    columns = (
        Column("STT", 14, "center"),
        Column("Cơ quan, đơn vị", 62),
        Column("Nhiệm vụ đến hạn", 22, "center"),
        Column("Đã hoàn thành", 22, "center"),
        Column("Tỷ lệ", 20, "center"),
        Column("Số hoạt động", 22, "center"),
        Column("Người tham dự", 24, "center"),
        Column("Lượt tiếp cận", 26, "center"),
        Column("Có tài liệu kiểm chứng", 24, "center"),
        Column("Báo cáo", 22, "center"),
    )
    rows = []
    for i, line in enumerate(data.lines, start=1):
        f = line.figures
        rows.append(
            Row(
                (
                    str(i),
                    fmt.clean(line.unit.name),
                    # Nothing due yet is shown as such, not as 0 of 0.
                    f.assignments_set or "–",
                    f.assignments_done if f.assignments_set else "–",
                    _share(f.assignments_done, f.assignments_set),
                    f.results,
                    f.quantities["participants"],
                    f.quantities["reach"],
                    f.with_evidence,
                    REPORT_STATE_LABELS[line.state],
                )
            )
        )
    t = data.totals
    rows.append(
        Row(
            (
                "",
                "Tổng cộng",
                t.assignments_set,
                t.assignments_done,
                _share(t.assignments_done, t.assignments_set),
                t.results,
                t.quantities["participants"],
                t.quantities["reach"],
                t.with_evidence,
                "",
            ),
            total=True,
        )
    )
    return Table(columns=columns, rows=tuple(rows), title="Kết quả thực hiện của các cơ quan, đơn vị", font_size=11)


def pillar_table(by_pillar: dict[str, int]) -> Table:
    pillars = fig.ordered_pillars(by_pillar)
    total = sum(by_pillar.values())
    rows = [
        Row((str(i), fig.pillar_label(p), by_pillar[p], _share(by_pillar[p], total)))
        for i, p in enumerate(pillars, start=1)
    ]
    rows.append(Row(("", "Tổng cộng", total, Percent(1.0) if total else None), total=True))
    return Table(
        columns=(
            Column("STT", 14, "center"),
            Column("Lĩnh vực cải cách hành chính", 95),
            Column("Số hoạt động", 28, "center"),
            Column("Tỷ lệ", 25, "center"),
        ),
        rows=tuple(rows),
        title="Kết quả theo lĩnh vực cải cách hành chính",
    )


def _submission_cells(line: UnitLine, due: dt.date) -> tuple[str, str]:
    report = line.report
    submitted = report.first_submitted_on if report is not None else None
    if submitted is None:
        return "", REPORT_STATE_LABELS[line.state]
    if line.state == "late":
        return format_vn(submitted), f"Nộp muộn {_n((submitted - due).days)} ngày"
    return format_vn(submitted), REPORT_STATE_LABELS[line.state]


def reporting_table(data: ConsolidatedData, only_overdue: bool = False) -> Table:
    """Each unit that must report: due date, date first submitted, status (a report returned for completion and
    submitted again counts from its first submission). `only_overdue`: the late and missing ones only."""
    due = data.period.due
    lines = [li for li in data.must_report if not only_overdue or li.state in ("late", "missing")]
    rows = []
    for i, line in enumerate(lines, start=1):
        submitted, status = _submission_cells(line, due)
        rows.append(Row((str(i), fmt.clean(line.unit.name), format_vn(due), submitted, status)))
    return Table(
        columns=(
            Column("STT", 14, "center"),
            Column("Cơ quan, đơn vị", 90),
            Column("Hạn nộp", 28, "center"),
            Column("Ngày nộp", 28, "center"),
            Column("Tình trạng", 36, "center"),
        ),
        rows=tuple(rows),
        title="Đơn vị nộp báo cáo muộn, chưa nộp báo cáo" if only_overdue else "Tình hình nộp báo cáo",
    )


def consolidated_tables(data: ConsolidatedData) -> list[Table]:
    """The annex tables (also the sheets of the .xlsx annex)."""
    tables = [unit_table(data)]
    if data.totals.by_kind:
        tables.append(_kind_table(data.totals.by_kind, "Kết quả theo hình thức tuyên truyền"))
    if data.totals.by_pillar:
        tables.append(pillar_table(data.totals.by_pillar))
    if data.targets:
        tables.append(_target_table(data.targets, "Kết quả thực hiện chỉ tiêu"))
    tables.append(reporting_table(data))
    return tables


def _charts(data: ConsolidatedData) -> list[Block]:
    charts: list[Block] = []
    kinds = fig.ordered_kinds(data.totals.by_kind)
    if kinds:
        png = render_chart(
            ChartSpec(
                kind="barh",
                title="Theo hình thức tuyên truyền",
                categories=tuple(fig.kind_label(k) for k in kinds),
                series=(Series("Số hoạt động", tuple(float(data.totals.by_kind[k]["count"]) for k in kinds)),),
                width_in=7.0,
                height_in=max(2.2, 0.32 * len(kinds) + 1.0),
            )
        )
        charts.append(Image(png, width_mm=160, caption="Biểu đồ 1. Số hoạt động tuyên truyền theo hình thức"))
    ranked = sorted((line for line in data.lines if line.figures.results), key=lambda li: -li.figures.results)
    top = ranked[:TOP_UNITS_IN_CHART]
    if len(top) > 1:
        png = render_chart(
            ChartSpec(
                kind="barh",
                title="Theo cơ quan, đơn vị",
                categories=tuple(fmt.clean(line.unit.name) for line in reversed(top)),
                series=(Series("Số hoạt động", tuple(float(line.figures.results) for line in reversed(top))),),
                width_in=7.0,
                height_in=max(2.2, 0.28 * len(top) + 1.0),
            )
        )
        charts.append(Image(png, width_mm=160, caption=f"Biểu đồ 2. {len(top)} đơn vị có nhiều hoạt động nhất"))
    return charts


def _state_sentence(data: ConsolidatedData, overdue_appendix: str | None) -> list[Block]:
    total = len(data.must_report)
    on_time, late, missing = (data.units_in(s) for s in ("on_time", "late", "missing"))
    not_due = data.units_in("not_due")
    text = (
        f"Tổng số cơ quan, đơn vị phải báo cáo: {_n(total)}; đã nộp đúng hạn: {_n(len(on_time))}; nộp muộn: "
        f"{_n(len(late))}; chưa nộp: {_n(len(missing))}"
    )
    text += f"; chưa đến hạn nộp: {_n(len(not_due))}" if not_due else ""
    text += f" (danh sách đơn vị nộp muộn, chưa nộp tại {overdue_appendix})." if overdue_appendix else "."
    blocks: list[Block] = [Paragraph(text)]
    requested = [li for li in data.lines if li.state == "requested" and li.report and li.report.first_submitted_at]
    if requested:
        blocks.append(
            Paragraph(
                f"Ngoài ra, {_n(len(requested))} cơ quan, tổ chức được đề nghị phối hợp đã gửi báo cáo: "
                + ", ".join(fmt.clean(li.unit.name) for li in requested)
                + "."
            )
        )
    return blocks


def consolidated_spec(data: ConsolidatedData, report: ConsolidatedReport) -> DocumentSpec:
    """The owner's consolidated report: totals, tables and charts, units that did not report, and the narrative."""
    period = data.period
    plan = period.plan
    if not data.has_data:
        raise PrintError(
            f"Kỳ «{period.title}» chưa có số liệu: chưa đơn vị nào ghi nhận kết quả từ ngày {format_vn(period.start)}"
            f" đến ngày {format_vn(period.end)} hoặc nộp báo cáo."
        )
    issuing = services.issuing_unit(plan, report.issued_by)
    issuer = fmt.clean(issuing.name if issuing is not None else plan.issuer)
    totals = data.totals
    overdue = data.units_in("late") + data.units_in("missing")
    overdue_appendix = "Phụ lục II" if overdue else None
    general: list[Block] = [
        Paragraph(
            _figures_sentence(
                "các cơ quan, đơn vị trên địa bàn", totals.results, totals.quantities, len(totals.by_kind)
            )
        )
    ]
    if totals.by_kind:
        general.append(_kind_table(totals.by_kind))
    general.extend(_charts(data))
    done_blocks: list[Block] = []
    if totals.assignments_set:
        done_blocks.append(
            Paragraph(
                f"Tổng số nhiệm vụ đến hạn trong kỳ của các cơ quan, đơn vị: {_n(totals.assignments_set)};"
                f" đã hoàn thành {_n(totals.assignments_done)} nhiệm vụ,"
                f" đạt {_share_text(totals.assignments_done, totals.assignments_set)}"
                " (chi tiết từng đơn vị tại Phụ lục kèm theo)."
            )
        )
    sections = _Sections()
    sections.top(
        "Kết quả thực hiện",
        [
            ("Công tác chỉ đạo, triển khai", _paragraphs(report.summary)),
            ("Kết quả chung", general),
            (
                "Kết quả theo lĩnh vực cải cách hành chính",
                [replace(pillar_table(totals.by_pillar), title=None)] if totals.by_pillar else [],
            ),
            ("Kết quả thực hiện nhiệm vụ của các cơ quan, đơn vị", done_blocks),
            ("Kết quả thực hiện chỉ tiêu", [_target_table(data.targets)] if data.targets else []),
            ("Kết quả nổi bật", _paragraphs(report.results)),
            ("Kết quả khảo sát mức độ hài lòng", _rate_blocks(data)),
            ("Tình hình báo cáo của các cơ quan, đơn vị", _state_sentence(data, overdue_appendix)),
        ],
    )
    sections.top(
        "Tồn tại, hạn chế và nguyên nhân",
        [
            ("Tồn tại, hạn chế", _paragraphs(report.limitations) + _from_units(data, "limitations")),
            ("Nguyên nhân", _paragraphs(report.causes) + _from_units(data, "causes")),
        ],
    )
    sections.top("Nhiệm vụ, giải pháp thời gian tới", [("", _paragraphs(report.next_tasks))])
    sections.top("Đề xuất, kiến nghị", [("", _paragraphs(report.proposals) + _from_units(data, "proposals"))])
    opening = (
        f"Thực hiện {_plan_reference(plan)}; trên cơ sở báo cáo của các cơ quan, đơn vị và số liệu cập nhật"
        f" trên hệ thống, {issuer} báo cáo kết quả thực hiện {period_phrase(period)} (số liệu từ ngày"
        f" {format_vn(period.start)} đến ngày {format_vn(period.end)}) như sau:"
    )
    closing = f"Trên đây là báo cáo kết quả công tác thông tin, tuyên truyền cải cách hành chính của {issuer}./."
    if issuing is None:
        raise PrintError("Kế hoạch chưa gắn với cơ quan ban hành trong danh mục đơn vị, chưa thể lập báo cáo tổng hợp.")
    signature = _signature(issuing, report.signer_authority, report.signer_position, report.signer_name)
    recipients = [fmt.clean(r) for r in report.recipients if fmt.clean(r)] or ["Lưu: VT"]
    return DocumentSpec(
        header=_body_header(issuing, plan, report.number, report.issued_date, period.due.year),
        kind="BÁO CÁO",
        title=report_title(period),
        signature=signature,
        body=(Paragraph(opening), *sections.blocks, Paragraph(closing)),
        recipients=tuple(recipients),
        appendices=tuple(
            Appendix(title=title, blocks=(replace(table, title=None),))
            for title, table in (
                ("Kết quả thực hiện của các cơ quan, đơn vị", unit_table(data)),
                ("Các cơ quan, đơn vị nộp báo cáo muộn, chưa nộp báo cáo", reporting_table(data, only_overdue=True)),
            )
            if table.rows
        ),
    )


def _rate_blocks(data: ConsolidatedData) -> list[Block]:
    """Every satisfaction rate a unit logged in the period: a rate does not add up, so each is listed."""
    rows = [
        Row((str(i), fmt.clean(r["unit"]), _short(r["title"], 160), format_vn(r["date"]), Percent(r["rate"] / 100)))
        for i, r in enumerate(data.rates, start=1)
    ]
    if not rows:
        return []
    columns = (
        Column("STT", 14, "center"),
        Column("Cơ quan, đơn vị", 45),
        Column("Nội dung khảo sát", 56),
        Column("Ngày", 26, "center"),
        Column("Tỷ lệ hài lòng", 24, "center"),
    )
    return [Table(columns=columns, rows=tuple(rows))]


def _from_units(data: ConsolidatedData, field_name: str) -> list[Block]:
    """What each unit wrote in its submitted report under the same heading, under its name."""
    blocks: list[Block] = []
    for line in data.lines:
        report = line.report
        text = fmt.clean(getattr(report, field_name, "")) if report and report.first_submitted_at else ""
        if text:
            lines = [fmt.clean(x).lstrip("-+• ").rstrip(" .;") for x in getattr(report, field_name).splitlines()]
            blocks.append(Bullet("; ".join(x for x in lines if x) + ".", label=fmt.clean(line.unit.name)))
    return blocks


def consolidated_docx(data: ConsolidatedData, report: ConsolidatedReport) -> bytes:
    return render_docx(consolidated_spec(data, report))


def consolidated_xlsx(data: ConsolidatedData) -> bytes:
    if not data.has_data:
        raise PrintError(f"Kỳ «{data.period.title}» chưa có số liệu để lập phụ lục.")
    return render_xlsx(consolidated_tables(data))


# --- scores and ranking -------------------------------------------------------------------------------------------


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
    columns += [Column(f"Tiêu chí {c.code} ({_n(c.points)} điểm)", 28, "center") for c in top]
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
    header = _body_header(scorer, plan, None, None, year)
    proposed = [s for s in scores if s.proposed]
    average = sum(s.total for s in scores) / len(scores)
    summary = (
        f"Tổng số cơ quan, đơn vị được chấm điểm: {_n(len(scores))}; điểm tối đa {_n(rubric.total)} điểm;"
        f" điểm bình quân {_n(round(average, 2))} điểm; cao nhất {_n(scores[0].total)} điểm."
    )
    award: list[Block]
    if proposed:
        award = [
            Paragraph(
                f"Căn cứ kết quả chấm điểm, đề nghị khen thưởng {_n(len(proposed))} cơ quan, đơn vị đạt từ "
                f"{_n(round(rubric.award_min_share * 100))}% số điểm tối đa trở lên và xếp hạng cao nhất:"
            )
        ]
        award += [
            Bullet(
                f"{fmt.clean(s.unit.name)}: {_n(s.total)} điểm, xếp hạng {s.rank}"
                + ("." if i == len(proposed) else ";")
            )
            for i, s in enumerate(proposed, start=1)
        ]
    else:
        award = [
            Paragraph(
                f"Không có cơ quan, đơn vị nào đạt từ {_n(round(rubric.award_min_share * 100))}% số điểm "
                "tối đa để đề nghị khen thưởng."
            )
        ]
    sections = _Sections()
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
        f"Thực hiện {_plan_reference(plan)}, {issuer} báo cáo kết quả chấm điểm, xếp hạng công tác thông tin,"
        f" tuyên truyền cải cách hành chính năm {year} của các cơ quan, đơn vị như sau:"
    )
    return DocumentSpec(
        header=header,
        kind="BÁO CÁO",
        title=f"Kết quả chấm điểm, xếp hạng công tác thông tin, tuyên truyền cải cách hành chính năm {year}",
        signature=_signature(scorer, "", "", ""),
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
        columns=(
            Column("STT", 14, "center"),
            Column("Cơ quan, đơn vị", 80),
            Column("Tổng điểm", 22, "center"),
            Column("Xếp hạng", 18, "center"),
        ),
        rows=tuple(Row((str(i), fmt.clean(s.unit.name), s.total, s.rank)) for i, s in enumerate(proposed, start=1)),
        title="Đề nghị khen thưởng",
    )
    return render_xlsx([ranking_table(rubric, scores), detail_table(rubric, scores), rubric_table(rubric), awards])
