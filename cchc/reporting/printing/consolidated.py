"""The consolidated report of a reporting period (Báo cáo tổng hợp) and its .xlsx annex."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from django.utils.safestring import SafeString

from cchc.contests import selectors as contest_selectors
from cchc.core.dates import format_vn
from cchc.documents import formatting as fmt
from cchc.documents.charts import render_chart
from cchc.documents.docx import render_docx
from cchc.documents.html import render_html
from cchc.documents.spec import (
    Appendix,
    Block,
    Bullet,
    ChartSpec,
    Column,
    DocumentSpec,
    Image,
    Paragraph,
    Percent,
    Row,
    Series,
    Table,
)
from cchc.documents.xlsx import render_xlsx
from cchc.feedback import selectors as feedback_selectors
from cchc.plans.estimates import per_lead_table, plan_estimates
from cchc.plans.models import Plan
from cchc.reporting import figures as fig
from cchc.reporting import services
from cchc.reporting.models import ConsolidatedReport, PeriodKind, ReportingPeriod, UnitReport
from cchc.reporting.printing.common import (
    PrintError,
    Sections,
    body_header,
    feedback_sentence,
    figures_sentence,
    kind_table,
    num,
    paragraphs,
    period_phrase,
    plan_reference,
    report_title,
    share_cell,
    share_text,
    short,
    signature_block,
    target_table,
    unit_columns,
    unit_rows,
)
from cchc.reporting.printing.funding import spending_sentence, spending_table
from cchc.reporting.printing.indices import index_blocks
from cchc.units.models import Unit

TOP_UNITS_IN_CHART = 15


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
    feedback: list[feedback_selectors.Figures] = field(default_factory=list)
    contests: list[contest_selectors.Entrants] = field(default_factory=list)

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
    issuer = plan.issuer_unit
    territory = Unit.objects.filter(path__startswith=issuer.path) if issuer is not None else Unit.objects.none()
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
        feedback=feedback_selectors.territory_figures(plan.issuer_unit, period.start, period.end, on),
        contests=contest_selectors.entrants_by_round(territory, period.start, period.end),
    )


def unit_table(data: ConsolidatedData) -> Table:
    columns = unit_columns(
        62,
        ("Nhiệm vụ đến hạn", 22),
        ("Đã hoàn thành", 22),
        ("Tỷ lệ", 20),
        ("Số hoạt động", 22),
        ("Người tham dự", 24),
        ("Lượt tiếp cận", 26),
        ("Có tài liệu kiểm chứng", 24),
        ("Báo cáo", 22),
    )
    rows = unit_rows(
        (
            line.unit.name,
            (
                # Nothing due yet is shown as such, not as 0 of 0.
                f.assignments_set or "–",
                f.assignments_done if f.assignments_set else "–",
                share_cell(f.assignments_done, f.assignments_set),
                f.results,
                f.quantities["participants"],
                f.quantities["reach"],
                f.with_evidence,
                REPORT_STATE_LABELS[line.state],
            ),
        )
        for line in data.lines
        for f in (line.figures,)
    )
    t = data.totals
    rows.append(
        Row(
            (
                "",
                "Tổng cộng",
                t.assignments_set,
                t.assignments_done,
                share_cell(t.assignments_done, t.assignments_set),
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
        Row((str(i), fig.pillar_label(p), by_pillar[p], share_cell(by_pillar[p], total)))
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
        return format_vn(submitted), f"Nộp muộn {num((submitted - due).days)} ngày"
    return format_vn(submitted), REPORT_STATE_LABELS[line.state]


def reporting_table(data: ConsolidatedData, only_overdue: bool = False) -> Table:
    """Each unit that must report: due date, date first submitted, status (a report returned for completion and
    submitted again counts from its first submission). `only_overdue`: the late and missing ones only."""
    due = data.period.due
    lines = [li for li in data.must_report if not only_overdue or li.state in ("late", "missing")]
    rows = unit_rows((line.unit.name, (format_vn(due), *_submission_cells(line, due))) for line in lines)
    return Table(
        columns=unit_columns(90, ("Hạn nộp", 28), ("Ngày nộp", 28), ("Tình trạng", 36)),
        rows=tuple(rows),
        title="Đơn vị nộp báo cáo muộn, chưa nộp báo cáo" if only_overdue else "Tình hình nộp báo cáo",
    )


def consolidated_tables(data: ConsolidatedData) -> list[Table]:
    """The annex tables (also the sheets of the .xlsx annex)."""
    tables = [unit_table(data)]
    if data.totals.by_kind:
        tables.append(kind_table(data.totals.by_kind, "Kết quả theo hình thức tuyên truyền"))
    if data.totals.by_pillar:
        tables.append(pillar_table(data.totals.by_pillar))
    if data.targets:
        tables.append(target_table(data.targets, "Kết quả thực hiện chỉ tiêu"))
    funding = plan_estimates(data.period.plan)
    if funding.by_lead:
        tables.append(replace(per_lead_table(funding), title="Dự toán kinh phí"))
    if any(data.totals.spent.values()):
        tables.append(_spending_table(data))
    if data.contests:
        tables.append(contest_table(data.contests))
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
        f"Tổng số cơ quan, đơn vị phải báo cáo: {num(total)}; đã nộp đúng hạn: {num(len(on_time))}; nộp muộn: "
        f"{num(len(late))}; chưa nộp: {num(len(missing))}"
    )
    text += f"; chưa đến hạn nộp: {num(len(not_due))}" if not_due else ""
    text += f" (danh sách đơn vị nộp muộn, chưa nộp tại {overdue_appendix})." if overdue_appendix else "."
    blocks: list[Block] = [Paragraph(text)]
    requested = [li for li in data.lines if li.state == "requested" and li.report and li.report.first_submitted_at]
    if requested:
        blocks.append(
            Paragraph(
                f"Ngoài ra, {num(len(requested))} cơ quan, tổ chức được đề nghị phối hợp đã gửi báo cáo: "
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
            figures_sentence("các cơ quan, đơn vị trên địa bàn", totals.results, totals.quantities, len(totals.by_kind))
        )
    ]
    if totals.by_kind:
        general.append(kind_table(totals.by_kind))
    general.extend(_charts(data))
    done_blocks: list[Block] = []
    if totals.assignments_set:
        done_blocks.append(
            Paragraph(
                f"Tổng số nhiệm vụ đến hạn trong kỳ của các cơ quan, đơn vị: {num(totals.assignments_set)};"
                f" đã hoàn thành {num(totals.assignments_done)} nhiệm vụ,"
                f" đạt {share_text(totals.assignments_done, totals.assignments_set)}"
                " (chi tiết từng đơn vị tại Phụ lục kèm theo)."
            )
        )
    sections = Sections()
    sections.top(
        "Kết quả thực hiện",
        [
            ("Công tác chỉ đạo, triển khai", paragraphs(report.summary)),
            ("Kết quả chung", general),
            (
                "Kết quả theo lĩnh vực cải cách hành chính",
                [replace(pillar_table(totals.by_pillar), title=None)] if totals.by_pillar else [],
            ),
            ("Kết quả thực hiện nhiệm vụ của các cơ quan, đơn vị", done_blocks),
            ("Kết quả thực hiện chỉ tiêu", [target_table(data.targets)] if data.targets else []),
            ("Kinh phí thực hiện", _funding_blocks(plan) + _spending_blocks(data)),
            ("Các chỉ số đánh giá kế hoạch hướng tới", index_blocks(plan) if _closes_year(period) else []),
            ("Kết quả nổi bật", paragraphs(report.results)),
            ("Kết quả khảo sát mức độ hài lòng", _rate_blocks(data)),
            ("Tiếp nhận, trả lời phản ánh, kiến nghị", _feedback_blocks(data)),
            ("Cuộc thi tìm hiểu về cải cách hành chính", _contest_blocks(data)),
            ("Tình hình báo cáo của các cơ quan, đơn vị", _state_sentence(data, overdue_appendix)),
        ],
    )
    sections.top(
        "Tồn tại, hạn chế và nguyên nhân",
        [
            ("Tồn tại, hạn chế", paragraphs(report.limitations) + _from_units(data, "limitations")),
            ("Nguyên nhân", paragraphs(report.causes) + _from_units(data, "causes")),
        ],
    )
    sections.top("Nhiệm vụ, giải pháp thời gian tới", [("", paragraphs(report.next_tasks))])
    sections.top("Đề xuất, kiến nghị", [("", paragraphs(report.proposals) + _from_units(data, "proposals"))])
    opening = (
        f"Thực hiện {plan_reference(plan)}; trên cơ sở báo cáo của các cơ quan, đơn vị và số liệu cập nhật"
        f" trên hệ thống, {issuer} báo cáo kết quả thực hiện {period_phrase(period)} (số liệu từ ngày"
        f" {format_vn(period.start)} đến ngày {format_vn(period.end)}) như sau:"
    )
    closing = f"Trên đây là báo cáo kết quả công tác thông tin, tuyên truyền cải cách hành chính của {issuer}./."
    if issuing is None:
        raise PrintError("Kế hoạch chưa gắn với cơ quan ban hành trong danh mục đơn vị, chưa thể lập báo cáo tổng hợp.")
    signature = signature_block(issuing, report.signer_authority, report.signer_position, report.signer_name)
    recipients = [fmt.clean(r) for r in report.recipients if fmt.clean(r)] or ["Lưu: VT"]
    return DocumentSpec(
        header=body_header(issuing, plan, report.number, report.issued_date, period.due.year),
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


def _closes_year(period: ReportingPeriod) -> bool:
    """The yearly report, or the plan's last one (a half-year plan has no yearly report)."""
    later = ReportingPeriod.objects.filter(plan=period.plan_id, end__gt=period.end).exclude(kind=PeriodKind.AD_HOC)
    return period.kind == PeriodKind.ANNUAL or not later.exists()


def _funding_blocks(plan: Plan) -> list[Block]:
    """The estimates the plan's activities carry, per lead unit and source (nothing when none was entered)."""
    summary = plan_estimates(plan)
    if not summary.by_lead:
        return []
    return [
        Paragraph(
            f"Dự toán kinh phí các nhiệm vụ của kế hoạch: {num(int(summary.total))} đồng, theo đơn vị chủ trì và"
            " nguồn kinh phí như sau:"
        ),
        replace(per_lead_table(summary), title=None),
    ]


def _spending_table(data: ConsolidatedData) -> Table:
    return spending_table([(line.unit.name, line.figures.estimate, line.figures.spent) for line in data.lines])


def _spending_blocks(data: ConsolidatedData) -> list[Block]:
    """What the units' results of the period spent, per unit and source (nothing when none was logged)."""
    if not any(data.totals.spent.values()):
        return []
    return [Paragraph(spending_sentence(0, data.totals.spent)), replace(_spending_table(data), title=None)]


def _rate_blocks(data: ConsolidatedData) -> list[Block]:
    """Every satisfaction rate a unit logged in the period: a rate does not add up, so each is listed."""
    rows = unit_rows(
        (r["unit"], (short(r["title"], 160), format_vn(r["date"]), Percent(r["rate"] / 100))) for r in data.rates
    )
    if not rows:
        return []
    columns = unit_columns(45, Column("Nội dung khảo sát", 56), ("Ngày", 26), ("Tỷ lệ hài lòng", 24))
    return [Table(columns=columns, rows=tuple(rows))]


def _feedback_blocks(data: ConsolidatedData) -> list[Block]:
    """Citizens' feedback received in the period across the territory: answered on time, late, satisfaction."""
    if not data.feedback:
        return []
    sentence = feedback_sentence("Các cơ quan, đơn vị", feedback_selectors.total(data.feedback))
    columns = unit_columns(
        53, ("Tiếp nhận", 20), ("Đúng hạn", 20), ("Trễ hạn", 18), ("Quá hạn chưa trả lời", 24), ("Không hài lòng", 22)
    )
    counts = ("received", "on_time", "late", "overdue_open", "not_satisfied")
    rows = unit_rows((f.unit_name, tuple(num(getattr(f, c)) for c in counts)) for f in data.feedback)
    return [Paragraph(sentence), Table(columns=columns, rows=tuple(rows))]


def contest_table(entries: list[contest_selectors.Entrants]) -> Table:
    """People of each unit who took each contest round (a column per round) and in all rounds."""
    rounds = list(dict.fromkeys(e.round_label for e in entries))
    units: dict[int, tuple[str, dict[str, int]]] = {}
    for e in entries:
        units.setdefault(e.unit_id, (e.unit_name, {}))[1][e.round_label] = e.entrants
    width = max(18.0, 96 / len(rounds))
    columns = unit_columns(50, *((label, width) for label in rounds), ("Tổng số lượt dự thi", 22))
    ranked = sorted(units.values(), key=lambda u: -sum(u[1].values()))
    rows = unit_rows(
        (name, (*(by_round.get(label, 0) for label in rounds), sum(by_round.values()))) for name, by_round in ranked
    )
    totals = [sum(e.entrants for e in entries if e.round_label == label) for label in rounds]
    rows.append(Row(("", "Tổng cộng", *totals, sum(totals)), total=True))
    return Table(columns=columns, rows=tuple(rows), title="Số người dự thi tìm hiểu về cải cách hành chính")


def _contest_blocks(data: ConsolidatedData) -> list[Block]:
    """Contest rounds taken in the period by people of the territory's units: how many, per round and per unit."""
    if not data.contests:
        return []
    rounds: dict[str, list[int]] = {}
    for e in data.contests:
        counts = rounds.setdefault(e.round_label, [0, 0])
        counts[0] += e.entrants
        counts[1] += e.submitted
    parts = [
        f"{fmt.clean(label)}: {num(n)} người dự thi, {num(done)} người nộp bài" for label, (n, done) in rounds.items()
    ]
    units = len({e.unit_id for e in data.contests})
    sentence = (
        f"Cán bộ, công chức, viên chức và người dân của {num(units)} cơ quan, đơn vị tham gia cuộc thi tìm hiểu về"
        f" cải cách hành chính ({'; '.join(parts)})."
    )
    return [Paragraph(sentence), replace(contest_table(data.contests), title=None)]


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


def consolidated_html(data: ConsolidatedData, report: ConsolidatedReport) -> SafeString:
    """The on-screen preview: what the .docx will say, as HTML."""
    return render_html(consolidated_spec(data, report))


def consolidated_xlsx(data: ConsolidatedData) -> bytes:
    if not data.has_data:
        raise PrintError(f"Kỳ «{data.period.title}» chưa có số liệu để lập phụ lục.")
    return render_xlsx(consolidated_tables(data))
