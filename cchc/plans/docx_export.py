"""The one plan printer: plan JSON → DocumentSpec of the printed Kế hoạch → .docx.

A plan with a body (plan JSON version 2) prints its body as written: every section, number, paragraph and list item
in order, the appendix with its own title and columns. A plan without one (version 1) is written out from its
structured parts in the conventional shape the importer reads back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from cchc.core import calendar
from cchc.core.dates import DateError, format_vn, parse_date
from cchc.core.text import fold
from cchc.documents import formatting as fmt
from cchc.documents.docx import render_docx
from cchc.documents.spec import (
    Appendix,
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
from cchc.plans.importing.textlayout import column_kinds
from cchc.plans.models import Plan
from cchc.plans.services import export_plan_json

KIND_NAMES = {"KH": "KẾ HOẠCH", "BC": "BÁO CÁO", "QĐ": "QUYẾT ĐỊNH", "CTr": "CHƯƠNG TRÌNH", "HD": "HƯỚNG DẪN"}
APPENDIX_TITLE = "Nội dung, hình thức, thời gian và phân công thực hiện"
APPENDIX_NOTE = "(Có Phụ lục kèm theo)"
APPENDIX_ONLY_NOTE = (
    "Nội dung, hình thức, thời gian thực hiện và phân công nhiệm vụ cụ thể tại Phụ lục kèm theo Kế hoạch này."
)
FORMS_HEADING = "Hình thức tuyên truyền"
MODE_VERBS = {"assigned": "Giao", "requested": "Đề nghị"}
#: Labels of the lines under a numbered activity in section II (shared with the importer: docs/document-format.md).
LABEL_CONTENT = "Nội dung"
LABEL_FORMS = "Hình thức"
LABEL_LEAD = "Đơn vị thực hiện"
LABEL_COORDINATORS = "Đơn vị phối hợp"
LABEL_TIMING = "Thời gian thực hiện"
LABEL_FUNDING = "Kinh phí"

_PEOPLES_COMMITTEE = re.compile(r"^(UBND|[UỦ]Y BAN NHÂN DÂN)\s+", re.IGNORECASE)
_LEVEL_WORDS = re.compile(r"^(tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn|đặc khu)\s+", re.IGNORECASE)
_GROUPED_REF = re.compile(r"^([IVXLC]+)\.(\S+)$")
_LOWER_FIRST_WORDS = {"Các", "Cơ", "Đơn", "Những", "Toàn", "Tất"}


class PlanExportError(ValueError):
    """A plan that cannot be printed; the message is Vietnamese."""


def plan_docx(plan: Mapping[str, Any]) -> bytes:
    """The plan printed as .docx bytes."""
    return render_docx(plan_document_spec(plan))


def stored_plan_spec(plan: Plan) -> DocumentSpec:
    """The printed document of a stored plan."""
    return plan_document_spec(export_plan_json(plan))


def print_plan(plan: Plan) -> bytes:
    """A stored plan printed as .docx bytes (PlanExportError, in Vietnamese, when it cannot be)."""
    return render_docx(stored_plan_spec(plan))


def plan_document_spec(plan: Mapping[str, Any]) -> DocumentSpec:
    """The printed Kế hoạch for a plan JSON dict (see docs/plan-json-schema.md); a plan issued by a decision
    prints the decision first and the plan after it, «ban hành kèm theo» the decision."""
    if not isinstance(plan, Mapping):
        raise PlanExportError("Dữ liệu kế hoạch phải là một đối tượng JSON.")
    spec = _plan_spec(plan)
    carrier = plan.get("carrier")
    return _decision_spec(carrier, spec) if isinstance(carrier, Mapping) and carrier else spec


def _plan_spec(plan: Mapping[str, Any]) -> DocumentSpec:
    issuer = fmt.clean(plan.get("issuer"))
    if not issuer:
        raise PlanExportError("Kế hoạch thiếu cơ quan ban hành (issuer).")
    title = fmt.clean(plan.get("title"))
    if not title:
        raise PlanExportError("Kế hoạch thiếu tên (title).")
    doc_type = fmt.clean(plan.get("doc_type")) or "KH"
    activities = [a for a in _dicts(plan.get("activities")) if fmt.clean(a.get("content")) or _texts(a.get("forms"))]
    body_activities = [a for a in activities if a.get("source") != "appendix"]
    appendix_activities = [a for a in activities if a.get("source") == "appendix"]

    kind = KIND_NAMES.get(doc_type, doc_type.upper())
    if written := _dicts(plan.get("body")):
        return _body_spec(plan, issuer, title, doc_type, kind, written)
    sections = _Sections()
    sections.add("MỤC ĐÍCH, YÊU CẦU" + (" VÀ ĐỐI TƯỢNG" if _texts(plan.get("audiences")) else ""), _aims(plan))
    sections.add("NỘI DUNG, HÌNH THỨC TUYÊN TRUYỀN", _activities_body(body_activities, bool(appendix_activities)))
    sections.add("TỔ CHỨC THỰC HIỆN", _responsibilities(plan.get("responsibilities")))
    sections.add("CHẾ ĐỘ BÁO CÁO", _reporting(plan.get("reporting")))

    body: list[Block] = [Paragraph(_opening(issuer, kind, title)), *sections.blocks, Paragraph(_closing(issuer, title))]
    appendices = (
        (Appendix(title=APPENDIX_TITLE, blocks=(activities_table(appendix_activities),)),)
        if appendix_activities
        else ()
    )
    return DocumentSpec(
        header=_header(plan, issuer, doc_type),
        kind=kind,
        title=title,
        legal_basis=tuple(_legal_basis_line(basis) for basis in _dicts(plan.get("legal_bases"))),
        body=tuple(body),
        signature=_signature(plan.get("signer"), issuer),
        recipients=_recipients(plan.get("recipients")),
        appendices=appendices,
    )


# --- small readers --------------------------------------------------------------------------------------------------


def _dicts(value: Any) -> list[Mapping[str, Any]]:
    return [item for item in value if isinstance(item, Mapping)] if isinstance(value, list) else []


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return []
    return [fmt.clean(item) for item in value if fmt.clean(item)]


def _date(value: Any, what: str) -> Any:
    try:
        return parse_date(fmt.clean(value) or None)
    except DateError as error:
        raise PlanExportError(f"{what}: {error}") from None


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def _units(units: Sequence[str]) -> str:
    return "; ".join(units)


class _Sections:
    """Top-level sections numbered I, II, III … in the order they are added; empty sections are left out."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._count = 0

    def add(self, title: str, blocks: list[Block]) -> None:
        if blocks:
            self._count += 1
            self.blocks.append(Heading(f"{fmt.roman(self._count)}. {title}", level=1))
            self.blocks.extend(blocks)


# --- the decision that issues the plan ------------------------------------------------------------------------------


def _decision_spec(carrier: Mapping[str, Any], plan: DocumentSpec) -> DocumentSpec:
    """The decision as Decree 30 prints it (authority, «Căn cứ …» lines, «QUYẾT ĐỊNH:», articles, signer), the plan
    attached with the line «(Ban hành kèm theo Quyết định số … ngày … của …)» under its title."""
    number_text = fmt.clean(carrier.get("number"))
    number, _, symbol = number_text.partition("/")
    issued = _date(carrier.get("issued_date"), "Ngày ban hành quyết định")
    issuing_body = "\n".join(fmt.clean(line) for line in str(carrier.get("issuer") or "").split("\n") if line.strip())
    header = DocumentHeader(
        issuing_body=issuing_body or plan.header.issuing_body,
        symbol=symbol or "QĐ-UBND",
        place=fmt.clean(carrier.get("place")) or plan.header.place,
        issuer_name=plan.header.issuer_name,
        number=number.strip() or None,
        date=issued,
        year=issued.year if issued else plan.header.year,
    )
    body: list[Block] = []
    if authority := fmt.clean(carrier.get("authority")):
        body.append(Paragraph(authority.upper(), bold=True, align="center"))
    body.extend(Paragraph(line, italic=True) for line in _texts(carrier.get("preamble")))
    body.append(Paragraph("QUYẾT ĐỊNH:", bold=True, align="center"))
    for article in _dicts(carrier.get("articles")):
        first, *rest = [fmt.clean(line) for line in str(article.get("text") or "").split("\n") if line.strip()] or [""]
        body.append(Paragraph(first, lead=fmt.clean(article.get("label")) or None))
        body.extend(Paragraph(line) for line in rest)
    note = fmt.clean(carrier.get("plan_note")) or (
        f"(Ban hành kèm theo Quyết định số {number_text or '…'}"
        f" ngày {format_vn(issued) if issued else '…'} của {plan.header.issuer_name})"
    )
    attached = replace(plan, header=replace(plan.header, numbered=False), title_note=note)
    return DocumentSpec(
        header=header,
        kind=KIND_NAMES["QĐ"],
        title=fmt.clean(carrier.get("title")),
        body=tuple(body),
        signature=_signature(carrier.get("signer"), plan.header.issuer_name),
        recipients=tuple(_texts(carrier.get("recipients"))),
        attached=(attached,),
    )


# --- header, opening and closing ------------------------------------------------------------------------------------


def _header(plan: Mapping[str, Any], issuer: str, doc_type: str) -> DocumentHeader:
    number_text = fmt.clean(plan.get("number"))
    number, _, symbol = number_text.partition("/")
    committee = _PEOPLES_COMMITTEE.match(issuer)
    if committee:
        issuing_body = "ỦY BAN NHÂN DÂN\n" + issuer[committee.end() :]
        symbol = symbol or f"{doc_type}-UBND"
    else:
        issuing_body = issuer
        symbol = symbol or f"{doc_type}-" + "".join(word[0] for word in issuer.split() if word[0].isalpha()).upper()
    issued = _date(plan.get("issued_date"), "Ngày ban hành")
    period = plan.get("period") if isinstance(plan.get("period"), Mapping) else {}
    start = _date(period.get("start"), "Ngày bắt đầu kỳ kế hoạch") if period else None
    place = fmt.clean(plan.get("locality")) or _LEVEL_WORDS.sub("", issuer[committee.end() :] if committee else "")
    if not place:
        place = "Hà Nội" if plan.get("level") == "ministry" else ""
    if not place:
        raise PlanExportError("Kế hoạch thiếu địa danh (locality) để ghi ngày tháng ban hành.")
    return DocumentHeader(
        issuing_body=issuing_body,
        symbol=symbol,
        place=place,
        issuer_name=issuer,
        number=number.strip() or None,
        date=issued,
        year=issued.year if issued else (start.year if start else None),
        date_text=fmt.clean(plan.get("issued_date_text")),
    )


def _opening(issuer: str, kind: str, title: str) -> str:
    return f"{_full_issuer(issuer)} ban hành {kind.lower().capitalize()} {_lower_first(title)}, cụ thể như sau:"


def _closing(issuer: str, title: str) -> str:
    return (
        f"Trên đây là Kế hoạch {_lower_first(title)} của {issuer}. Trong quá trình tổ chức thực hiện, nếu có khó khăn,"
        f" vướng mắc, các cơ quan, đơn vị, địa phương phản ánh về {issuer} để xem xét, giải quyết./."
    )


def _full_issuer(issuer: str) -> str:
    committee = _PEOPLES_COMMITTEE.match(issuer)
    return f"Ủy ban nhân dân {issuer[committee.end() :]}" if committee else issuer


def _legal_basis_line(basis: Mapping[str, Any]) -> str:
    parts = ["Căn cứ", fmt.clean(basis.get("type")) or "văn bản"]
    if number := fmt.clean(basis.get("number")):
        parts.append(f"số {number}")
    if date := _date(basis.get("date"), f"Ngày của căn cứ {number}"):
        parts.append(f"ngày {format_vn(date)}")
    if issuer := fmt.clean(basis.get("issuer")):
        parts.append(f"của {issuer}")
    return " ".join(parts)


# --- sections -------------------------------------------------------------------------------------------------------


def _aims(plan: Mapping[str, Any]) -> list[Block]:
    blocks: list[Block] = []
    parts = (("Mục đích", "objectives"), ("Yêu cầu", "requirements"), ("Đối tượng", "audiences"))
    number = 0
    for title, key in parts:
        items = _texts(plan.get(key))
        if items:
            number += 1
            blocks.append(Heading(f"{number}. {title}", level=2))
            blocks.extend(Bullet(item) for item in items)
    return blocks


def _activities_body(activities: list[Mapping[str, Any]], has_appendix: bool) -> list[Block]:
    blocks: list[Block] = []
    parent_printed: set[str] = set()
    for index, activity in enumerate(activities, start=1):
        ref = fmt.clean(activity.get("ref")) or str(index)
        parent, dot, _ = ref.rpartition(".")
        if dot and parent not in parent_printed:
            parent_printed.add(parent)
            blocks.append(Heading(f"{parent}. {FORMS_HEADING}", level=2))
        blocks.extend(_activity_blocks(activity, ref, level=3 if dot else 2))
    if has_appendix:
        blocks.append(Paragraph(APPENDIX_NOTE if blocks else APPENDIX_ONLY_NOTE))
    return blocks


def _activity_blocks(activity: Mapping[str, Any], ref: str, level: int) -> list[Block]:
    """ "2.1. <form>" then "- Nội dung: …", "- Đơn vị thực hiện: …" …; several forms go under "- Hình thức:"."""
    content = fmt.clean(activity.get("content"))
    forms = _texts(activity.get("forms"))
    heading = forms[0] if len(forms) == 1 else content
    blocks: list[Block] = [Heading(f"{ref}. {heading}", level=level)]
    if heading != content and content:
        blocks.append(Bullet(content, label=LABEL_CONTENT))
    if len(forms) > 1:
        blocks.append(Bullet("", label=LABEL_FORMS))
        blocks.extend(Bullet(form, level=2) for form in forms)
    for label, value in (
        (LABEL_LEAD, _units(_texts(activity.get("lead")))),
        (LABEL_COORDINATORS, _units(_texts(activity.get("coordinators")))),
        (LABEL_TIMING, _timing_text(activity.get("timing"))),
        (LABEL_FUNDING, fmt.clean(activity.get("funding"))),
    ):
        if value:
            blocks.append(Bullet(value, label=label))
    return blocks


def _timing_text(timing: Any) -> str:
    return fmt.clean(timing.get("text")) if isinstance(timing, Mapping) else fmt.clean(timing)


def _responsibilities(value: Any) -> list[Block]:
    blocks: list[Block] = []
    for index, item in enumerate(_dicts(value), start=1):
        units = _texts(item.get("units"))
        duties = _texts(item.get("duties"))
        if not units and not duties:
            continue
        ref = fmt.clean(item.get("ref")) or str(index)
        verb = MODE_VERBS.get(fmt.clean(item.get("mode")), "")
        named = _units(units)
        if verb and units and units[0].split(" ", 1)[0] in _LOWER_FIRST_WORDS:
            named = _lower_first(named)
        blocks.append(Heading(" ".join(part for part in (f"{ref}.", verb, named) if part), level=2))
        blocks.extend(Bullet(duty) for duty in duties)
    return blocks


def _frequency_words(frequency: Any) -> str:
    codes = [frequency] if isinstance(frequency, str) else frequency if isinstance(frequency, list) else []
    words = [calendar.FREQUENCY_WORDS.get(str(code), fmt.clean(code)) for code in codes if fmt.clean(code)]
    if not words:
        return ""
    if words == ["định kỳ"]:
        return " (định kỳ)"
    return " (định kỳ: " + ", ".join(word for word in words if word != "định kỳ") + ")"


def _reporting(value: Any) -> list[Block]:
    """ "- <what> (định kỳ: …); gửi <to>; thời hạn: trước ngày dd/mm/yyyy."."""
    blocks: list[Block] = []
    for report in _dicts(value):
        what = fmt.clean(report.get("what"))
        if not what:
            continue
        line = what.rstrip(" .;") + _frequency_words(report.get("frequency"))
        if to := fmt.clean(report.get("to")):
            line += f"; gửi {to}"
        if due := _date(report.get("due"), f"Hạn báo cáo «{what}»"):
            line += f"; thời hạn: trước ngày {format_vn(due)}"
        blocks.append(Bullet(line + "."))
    return blocks


# --- signature, recipients, appendix ------------------------------------------------------------------------------


def _signature(value: Any, issuer: str) -> Signature:
    signer = value if isinstance(value, Mapping) else {}
    authority = fmt.clean(signer.get("authority")).upper()
    lines: list[str] = []
    if _PEOPLES_COMMITTEE.match(issuer) and authority and not authority.startswith("TM."):
        lines.append("TM. ỦY BAN NHÂN DÂN")
    if authority:
        lines.append(authority)
    return Signature(
        position=fmt.clean(signer.get("position")).upper(),
        authority=tuple(lines),
        name=fmt.clean(signer.get("name")) or None,
    )


def _recipients(value: Any) -> tuple[str, ...]:
    recipients = _texts(value)
    if not recipients or not recipients[-1].lower().startswith("lưu"):
        recipients.append("Lưu: VT")
    return tuple(recipients)


def _lines(items: Iterable[str]) -> list[str]:
    """Cell lines: one item as is, several items each with a leading dash."""
    items = list(items)
    return items if len(items) <= 1 else [f"- {item}" for item in items]


def activities_table(activities: Sequence[Mapping[str, Any]]) -> Table:
    """The appendix table of activities (also fit for ``render_xlsx``): STT, Nội dung … and group rows."""
    with_funding = any(fmt.clean(a.get("funding")) for a in activities)
    columns = [
        Column("STT", 14, "center"),
        Column("Nội dung", 80, "justify"),
        Column("Hình thức", 55),
        Column("Cơ quan chủ trì", 42),
        Column("Cơ quan phối hợp", 38),
        Column("Thời gian thực hiện", 30, "center"),
    ]
    if with_funding:
        columns.append(Column("Kinh phí", 26, "center"))
    rows: list[Row] = []
    groups: list[str] = []
    for index, activity in enumerate(activities, start=1):
        group = fmt.clean(activity.get("group"))
        ref = fmt.clean(activity.get("ref")) or str(index)
        grouped = _GROUPED_REF.match(ref)
        if group and group not in groups:
            groups.append(group)
            rows.append(Row((grouped.group(1) if grouped else fmt.roman(len(groups)), group), group=True))
        cells = [
            grouped.group(2) if grouped else ref,
            fmt.clean(activity.get("content")),
            _lines(_texts(activity.get("forms"))),
            _lines(_texts(activity.get("lead"))),
            _lines(_texts(activity.get("coordinators"))),
            _timing_text(activity.get("timing")),
        ]
        if with_funding:
            cells.append(fmt.clean(activity.get("funding")))
        rows.append(Row(tuple(cells)))
    return Table(columns=tuple(columns), rows=tuple(rows))


# --- printing the body as written -----------------------------------------------------------------------------------

_BULLET_LEVELS = {"-": 1, "–": 1, "•": 1, "●": 1, "▪": 1, "*": 1, "+": 2, "○": 2, "∙": 2, "·": 2}
_COLUMN_WEIGHTS = {"ref": 0.0, "content": 3.0, "content_forms": 3.4, "forms": 2.2}
_APPENDIX_WIDTH_MM = 250


def _body_spec(
    plan: Mapping[str, Any], issuer: str, title: str, doc_type: str, kind: str, body: list[Mapping[str, Any]]
) -> DocumentSpec:
    blocks: list[Block] = []
    appendices: list[Appendix] = []
    for node in body:
        if node.get("type") == "appendix":
            appendices.append(_appendix(node))
        else:
            blocks.extend(_node_blocks(node, 1))
    return DocumentSpec(
        header=_header(plan, issuer, doc_type),
        kind=kind,
        title=title,
        body=tuple(blocks),
        signature=_signature(plan.get("signer"), issuer),
        recipients=tuple(_texts(plan.get("recipients"))),
        recipient_headings=tuple(
            (int(h.get("at") or 0), str(h.get("text") or "")) for h in _dicts(plan.get("recipient_headings"))
        ),
        appendices=tuple(appendices),
    )


def _heading_like(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    upper = bool(letters) and sum(ch.isupper() for ch in letters) >= 0.8 * len(letters)
    return upper or (len(text) <= 160 and not text.rstrip().endswith((".", ";", "./.")))


def _node_blocks(node: Mapping[str, Any], depth: int) -> list[Block]:
    """A node and what it holds, as printed: a numbered heading or paragraph, a list item, a table."""
    kind = node.get("type")
    label, text = fmt.clean(node.get("label")), fmt.clean(node.get("text"))
    children = _dicts(node.get("children"))
    if kind == "table":
        return [_body_table(node)]
    if kind == "appendix":
        return list(_appendix(node).blocks)
    blocks: list[Block] = []
    marks = tuple(
        (fmt.clean(m.get("text")), bool(m.get("bold")), bool(m.get("italic"))) for m in _dicts(node.get("emphasis"))
    )
    if kind == "section":
        line = " ".join(part for part in (label, text) if part)
        heading = _heading_like(text)
        blocks.append(Heading(line, min(depth, 3), marks) if heading else Paragraph(line, emphasis=marks))
        for child in children:
            blocks.extend(_node_blocks(child, depth + 1))
        return blocks
    if label in _BULLET_LEVELS:
        blocks.append(Bullet(text, level=_BULLET_LEVELS[label], emphasis=marks))
    elif text or label:
        blocks.append(Paragraph(" ".join(part for part in (label, text) if part), emphasis=marks))
    for child in children:
        blocks.extend(_node_blocks(child, depth + 1))
    return blocks


def _cell(text: str) -> list[str]:
    """A cell's paragraphs: each list item on its own line; a line the source wrapped (the next one goes on in lower
    case or with a date, the line ends inside a number such as '28/2015/QĐ-', or it is left open in the middle of a
    name or phrase: see _LEFT_OPEN) joined back to the one before."""
    joined: list[str] = []
    for line in (fmt.clean(part) for part in str(text or "").split("\n")):
        if not line:
            continue
        if joined and re.search(r"[-/]$", joined[-1]) and not _ITEM_START.match(line):
            joined[-1] += line
        elif joined and _goes_on(joined[-1], line):
            joined[-1] += " " + line
        else:
            joined.append(line)
    lines: list[str] = []
    for line in joined:
        parts = re.split(r"(?<=[.;:])\s+(?=[-–+•]\s)", line)
        lines.extend(fmt.clean(part) for part in parts if fmt.clean(part))
    return lines


_ITEM_START = re.compile(r"^(?:[-–+•]\s|\d{1,2}[.)]\s)")
# A line of a cell left open: it ends with a comma or a dash, with a word that joins what follows (và, của, về …),
# or with the head of an organisation's name that needs the rest (Văn phòng, Trung tâm, Sở …): a PDF's text reader
# broke it where the column was full («Trung tâm» / «Văn hóa, thể thao và» / «Truyền thông huyện»), so the next line
# goes on with it even when it starts with a capital.
_LEFT_OPEN = re.compile(
    r"(?:[,–-]|\b(?:và|của|về|với|các|cho|tại|trong|theo|hoặc|đến|từ|là|những|thuộc|trên"
    r"|Văn phòng|Trung tâm|Phòng|Sở|Ban|Ủy ban|Hội|Đài|Báo|Cổng))$"
)


def _goes_on(line: str, following: str) -> bool:
    """Does `following` go on with the cell line before it (the source wrapped it), rather than start an item?"""
    if following[0].islower():
        return True
    if _ITEM_START.match(following):
        return False
    return following[0].isdigit() or following[0] == "(" or _LEFT_OPEN.search(line) is not None


def _body_table(node: Mapping[str, Any]) -> Table:
    """A table as the source printed it: its header row's column names, every row, group rows spanning."""
    rows = [r for r in _dicts(node.get("children")) if r.get("type") == "row"]
    header_at = next((k for k, r in enumerate(rows) if r.get("header")), 0)
    headers = [fmt.clean(c) for c in (rows[header_at].get("cells") or [])] if rows else []
    width = max([len(headers)] + [len(r.get("cells") or []) for r in rows])
    headers += [""] * (width - len(headers))
    kinds = column_kinds(headers)
    weights = [
        _COLUMN_WEIGHTS.get(k, 1.4) if len(h) > 4 or k != "ref" else 0.0 for h, k in zip(headers, kinds, strict=True)
    ]
    fixed = 12.0 * sum(1 for w in weights if w == 0)
    share = (_APPENDIX_WIDTH_MM - fixed) / (sum(weights) or 1)
    columns = tuple(
        Column(h, 12.0 if w == 0 else w * share, "center" if w == 0 or k == "timing" else "left")
        for h, w, k in zip(headers, weights, kinds, strict=True)
    )
    out: list[Row] = []
    for k, row in enumerate(rows):
        if k == header_at:
            continue
        cells = [str(c or "") for c in (row.get("cells") or [])] + [""] * width
        cells = cells[:width]
        filled = [c for c in cells[1:] if fmt.clean(c)]
        if len(filled) == 1 and fmt.clean(cells[1]) and width > 2:
            out.append(Row((fmt.clean(cells[0]), fmt.clean(cells[1])), group=True))
        else:
            out.append(Row(tuple(_cell(c) for c in cells)))
    return Table(columns=columns, rows=tuple(out), font_size=12)


def _appendix(node: Mapping[str, Any]) -> Appendix:
    """The appendix with its own label, title and note lines, then its tables and text."""
    children = _dicts(node.get("children"))
    head: list[str] = []
    while children and children[0].get("type") == "paragraph" and not children[0].get("children"):
        head.append(fmt.clean(" ".join(p for p in (children[0].get("label"), children[0].get("text")) if p)))
        children = children[1:]
    label = head.pop(0) if head and fold(head[0]).startswith("phu luc") else None
    note = next((h for h in head if h.startswith("(")), None)
    title = " ".join(h for h in head if h != note)
    blocks: list[Block] = []
    for child in children:
        blocks.extend([_body_table(child)] if child.get("type") == "table" else _node_blocks(child, 2))
    return Appendix(title=title, blocks=tuple(blocks), label=label or "Phụ lục", note=note)
