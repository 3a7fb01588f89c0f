"""What the reporting documents share: wording, numbered sections, the issuing body's header and signature,
the tables of kinds and targets."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import Any

from cchc.core.calendar import AD_HOC
from cchc.core.dates import format_vn
from cchc.documents import formatting as fmt
from cchc.documents.signing import SigningBody, SigningError, signature_lines
from cchc.documents.spec import (
    Block,
    Bullet,
    CellValue,
    Column,
    DocumentHeader,
    Heading,
    Paragraph,
    Percent,
    Row,
    Signature,
    Table,
)
from cchc.feedback.selectors import Figures
from cchc.plans.models import Plan
from cchc.reporting import figures as fig
from cchc.reporting.models import ReportingPeriod
from cchc.reporting.services import proposed_symbol, registered_symbol
from cchc.units.models import Unit
from cchc.units.naming import head_of

_COMMITTEE = re.compile(r"^(UBND|[UỦ]Y BAN NHÂN DÂN)\s+", re.IGNORECASE)


class PrintError(ValueError):
    """A document that cannot be produced (no data yet …); the message is Vietnamese."""


def period_phrase(period: ReportingPeriod) -> str:
    """What the report covers, as running text: "6 tháng đầu năm 2025", "năm 2025", "quý III năm 2025",
    "phục vụ công tác kiểm tra CCHC" (an ad hoc period's own title without its leading "Báo cáo")."""
    phrase = re.sub(r"^Báo cáo\s+", "", fmt.clean(period.title), flags=re.IGNORECASE)
    if phrase == fmt.clean(period.title) and period.kind == AD_HOC:
        return f"theo yêu cầu «{phrase}»"
    return phrase[:1].lower() + phrase[1:] if phrase[:2] != phrase[:2].upper() else phrase


def report_title(period: ReportingPeriod) -> str:
    return f"Kết quả công tác thông tin, tuyên truyền cải cách hành chính {period_phrase(period)}"


def plan_reference(plan: Plan) -> str:
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


def paragraphs(text: str) -> list[Block]:
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


class Sections:
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


def short(text: str, limit: int = 220) -> str:
    """Long activity wording cut at a word boundary: tables show what the task is, the plan has the full text."""
    text = fmt.clean(text)
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:-") + "…"


def num(value: float | int | None) -> str:
    """A figure as the text prints it (1.234); nothing for None."""
    return fmt.number_text(value) if value is not None else ""


def share_cell(done: int, total: int) -> Percent | None:
    """The share as a table cell (a real percentage in workbooks); None when nothing was due: not a 0."""
    return Percent(done / total) if total else None


def share_text(done: int, total: int) -> str:
    return fmt.percent_text(done / total) if total else ""


def entrants_text(round_label: str, entrants: int, submitted: int) -> str:
    """ "Cuộc thi … – vòng 1: 120 người dự thi, 118 người nộp bài"."""
    return f"{fmt.clean(round_label)}: {num(entrants)} người dự thi, {num(submitted)} người nộp bài"


def feedback_sentence(subject: str, figures: Figures) -> str:
    """ "… tiếp nhận 12 phản ánh, kiến nghị; đã trả lời 10 (đúng hạn 9, đạt 90%; trễ hạn 1); …" and the ratings."""
    share = f", đạt {share_text(figures.on_time, figures.answered)}" if figures.answered else ""
    sentence = (
        f"{subject} tiếp nhận {num(figures.received)} phản ánh, kiến nghị; đã trả lời {num(figures.answered)}"
        f" (đúng hạn {num(figures.on_time)}{share}; trễ hạn {num(figures.late)}); {num(figures.overdue_open)} phản"
        " ánh quá hạn chưa trả lời."
    )
    rated = figures.satisfied + figures.not_satisfied
    if rated:
        sentence += (
            f" Trong {num(rated)} ý kiến đánh giá, {num(figures.satisfied)} hài lòng"
            f" ({share_text(figures.satisfied, rated)}), {num(figures.not_satisfied)} không hài lòng."
        )
    return sentence


def _report_symbol(unit: Unit) -> str:
    """ "BC-STP": the report kind and the body's registered symbol; never made up when the body has none."""
    symbol = registered_symbol(unit)
    if symbol is None:
        raise PrintError(
            f"Chưa có ký hiệu viết tắt tên cơ quan của {fmt.clean(unit.name)} (đề xuất: {proposed_symbol(unit)}):"
            " hãy nhập ký hiệu như sổ đăng ký văn bản đi của cơ quan trước khi in, nộp báo cáo."
        )
    return f"BC-{symbol}"


def signature_block(unit: Unit, authority: str, position: str, name: str) -> Signature:
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


def body_header(unit: Unit, plan: Plan, number: str | None, date: dt.date | None, year: int) -> DocumentHeader:
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


def unit_columns(name_width: float, *figures: Column | tuple[str, float]) -> tuple[Column, ...]:
    """The columns of a table with a line per unit: its number, its name, then its figures (a heading and a width
    for a centred figure, or a column of its own)."""
    return (
        Column("STT", 14, "center"),
        Column("Cơ quan, đơn vị", name_width),
        *(f if isinstance(f, Column) else Column(*f, "center") for f in figures),
    )


def unit_rows(lines: Iterable[tuple[str, Sequence[CellValue]]]) -> list[Row]:
    """A numbered row per unit (its name, its figures), for `unit_columns`."""
    return [Row((str(i), fmt.clean(name), *cells)) for i, (name, cells) in enumerate(lines, start=1)]


def kind_table(by_kind: dict[str, dict[str, int]], title: str | None = None) -> Table:
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


def figures_sentence(who: str, results: int, quantities: dict[str, int], kinds: int) -> str:
    if not results:
        return f"Trong kỳ, {who} chưa ghi nhận hoạt động tuyên truyền nào trên hệ thống."
    extra = [f"{num(quantities[q])} {fig.quantity_noun(q)}" for q in fig.SUMMED if quantities.get(q)]
    tail = f", với {', '.join(extra)}" if extra else ""
    return (
        f"Trong kỳ, {who} đã thực hiện {num(results)} hoạt động tuyên truyền bằng {num(kinds)} hình thức{tail}"
        " (chi tiết tại bảng dưới đây)."
    )


def target_table(rows: list[dict[str, Any]], title: str | None = None) -> Table:
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
