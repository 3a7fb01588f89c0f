"""The plan JSON format (version 2, docs/plan-json-schema.md) as pydantic models, with Vietnamese errors."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator, model_validator

from cchc.core import inputs
from cchc.core.dates import DateError, parse_date

# The vocabulary of the one calendar (`core.calendar`), spelled out for the type checker; a test keeps it in step.
Frequency = Literal["weekly", "monthly", "quarterly", "monthly_or_quarterly", "semiannual", "annual", "periodic"]
TimingKind = Literal["ongoing", "quarters", "recurring", "as_needed", "dates"]

FIELD_LABELS = {
    "number": "Số, ký hiệu",
    "issued_date": "Ngày ban hành",
    "issued_date_text": "Ngày ban hành như văn bản ghi",
    "issuer": "Cơ quan ban hành",
    "level": "Cấp",
    "title": "Trích yếu",
    "period": "Thời kỳ",
    "start": "Từ ngày",
    "end": "Đến ngày",
    "legal_bases": "Căn cứ",
    "activities": "Nhiệm vụ",
    "content": "Nội dung",
    "timing": "Thời gian thực hiện",
    "kind": "Loại thời gian",
    "quarters": "Các quý",
    "frequency": "Tần suất",
    "lead": "Cơ quan chủ trì",
    "coordinators": "Cơ quan phối hợp",
    "responsibilities": "Tổ chức thực hiện",
    "mode": "Hình thức giao",
    "reporting": "Chế độ báo cáo",
    "due": "Hạn báo cáo",
    "date": "Ngày",
    "signer": "Người ký",
    "recipient_headings": "Dòng nhóm nơi nhận",
    "source": "Nguồn",
    "body": "Toàn văn",
    "node": "Nút toàn văn",
    "values": "Giá trị rút ra",
    "children": "Nút con",
    "cells": "Ô",
    "version": "Phiên bản",
    "emphasis": "Chữ đậm, nghiêng",
    "carrier": "Quyết định ban hành",
    "preamble": "Căn cứ, đề nghị",
    "articles": "Điều",
    "plan_note": "Dòng ban hành kèm theo",
    "authority": "Thẩm quyền",
}
#: The body's limits: a plan is a few hundred nodes; these stop a hostile file, not a real plan.
MAX_BODY_NODES = 20_000
MAX_BODY_DEPTH = 12


# Longest text each field may hold (the columns they are stored in); any other text field holds a long text.
TEXT_LIMITS = {
    "number": 60,
    "issuer": 255,
    "locality": 120,
    "ref": 20,
    "source": 255,
    "type": 255,
    "authority": 120,
    "position": 120,
    "name": 120,
    "lead": 500,
    "coordinators": 500,
    "units": 500,
    "recipients": 500,
    "forms": 500,
    "title": 2000,
    "text": 2000,
}
MAX_ITEMS = 2000


def _date(value: Any) -> dt.date | None:
    if value is not None and not isinstance(value, dt.date):
        try:
            value = parse_date(str(value))
        except DateError as exc:
            raise ValueError(str(exc)) from None
    try:
        return inputs.check_date(value, label="")
    except inputs.InputError as exc:
        raise ValueError(exc.reason) from None


def _bounded_text(value: str, limit: int) -> str:
    try:
        return inputs.clean_text(value, label="", max_length=limit)
    except inputs.InputError as exc:
        raise ValueError(exc.reason) from None


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def _bounded(cls, value: Any, info: ValidationInfo) -> Any:
        """Every text cleaned and bounded (core.inputs), every list at most MAX_ITEMS long."""
        limit = TEXT_LIMITS.get(info.field_name or "", inputs.LONG_TEXT_MAX)
        if isinstance(value, str):
            return _bounded_text(value, limit)
        if isinstance(value, list):
            if len(value) > MAX_ITEMS:
                raise ValueError(f"tối đa {MAX_ITEMS} mục.")
            return [_bounded_text(v, limit) if isinstance(v, str) else v for v in value]
        return value


class Period(_Model):
    start: dt.date
    end: dt.date

    _dates = field_validator("start", "end", mode="before")(_date)


class LegalBasis(_Model):
    type: str
    number: str
    date: dt.date | None = None
    issuer: str | None = None
    node: str | None = None

    _dates = field_validator("date", mode="before")(_date)


class Timing(_Model):
    text: str = ""
    kind: TimingKind = "ongoing"
    quarters: list[int] = Field(default_factory=list)
    frequency: Frequency | None = None

    @field_validator("quarters")
    @classmethod
    def _quarters(cls, value: list[int]) -> list[int]:
        if any(q not in (1, 2, 3, 4) for q in value):
            raise ValueError("Quý phải là 1, 2, 3 hoặc 4.")
        return value


class ActivityIn(_Model):
    ref: str = ""
    source: Literal["appendix", "body"] = "appendix"
    group: str | None = None
    content: str = Field(min_length=1)
    forms: list[str] = Field(default_factory=list)
    lead: list[str] = Field(default_factory=list)
    coordinators: list[str] = Field(default_factory=list)
    timing: Timing = Field(default_factory=Timing)
    funding: str | None = None
    node: str | None = None


class ResponsibilityIn(_Model):
    ref: str = ""
    units: list[str] = Field(default_factory=list)
    mode: Literal["assigned", "requested"] = "assigned"
    duties: list[str] = Field(default_factory=list)
    node: str | None = None


class ReportingIn(_Model):
    what: str = Field(min_length=1)
    due: dt.date | None = None
    frequency: Frequency | list[Frequency] | None = None
    to: str = ""
    node: str | None = None

    _dates = field_validator("due", mode="before")(_date)


class Signer(_Model):
    authority: str = ""
    position: str = ""
    name: str | None = None


class Emphasis(_Model):
    """Words of a node printed bold or italic in the source; `text` is found in the node's text."""

    text: str = Field(min_length=1)
    bold: bool = False
    italic: bool = False


class BodyNode(_Model):
    """One node of the plan's body: a numbered section, a paragraph or list item, a table, a row or the appendix."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)

    id: str = Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_\-]+$")
    type: Literal["section", "paragraph", "table", "row", "appendix"]
    label: str = Field("", max_length=40)
    text: str = ""
    cells: list[str] = Field(default_factory=list)
    header: bool = False
    values: list[str] = Field(default_factory=list)
    emphasis: list[Emphasis] = Field(default_factory=list)
    children: list[BodyNode] = Field(default_factory=list)

    @model_validator(mode="after")
    def _emphasis_in_text(self) -> BodyNode:
        for mark in self.emphasis:
            if mark.text not in self.text:
                raise ValueError(f"chữ nhấn mạnh «{mark.text[:60]}» không có trong nội dung của nút «{self.id}»")
        return self


class Article(_Model):
    """One article of a decision: «Điều 1.» and its text (paragraphs apart by a line break)."""

    label: str = Field(min_length=1, max_length=40)
    text: str = Field(min_length=1)


class Carrier(_Model):
    """The decision that issues the plan («QUYẾT ĐỊNH Ban hành Kế hoạch …»), kept as the plan's carrier."""

    doc_type: Literal["QĐ"] = "QĐ"
    number: str | None = Field(None, max_length=60)
    issued_date: dt.date | None = None
    place: str = ""
    issuer: str = Field(min_length=1)
    title: str = Field(min_length=1)
    authority: str = ""
    preamble: list[str] = Field(default_factory=list)
    articles: list[Article] = Field(min_length=1)
    signer: Signer = Field(default_factory=Signer)
    recipients: list[str] = Field(default_factory=list)
    plan_note: str = ""

    _dates = field_validator("issued_date", mode="before")(_date)


class RecipientHeading(_Model):
    """A line printed among the recipients that groups those after it ('Gửi bản điện tử:', 'Gửi bản giấy:')."""

    at: int = Field(ge=0, le=10_000)
    text: str = Field(min_length=1)


class PlanIn(_Model):
    """One plan document in the interchange format."""

    version: Literal[1, 2] = 2
    source: str = ""
    doc_type: Literal["KH"] = "KH"
    number: str | None = None
    issued_date: dt.date | None = None
    # The date line's words as the source printed them («ngày 14 tháng 07 năm 2025»): printed instead of the
    # layout's own form while they read as issued_date.
    issued_date_text: str = Field("", max_length=60)
    issuer: str = Field(min_length=1)
    level: Literal["ministry", "province", "district", "commune"]
    locality: str = ""
    title: str = Field(min_length=1)
    period: Period
    legal_bases: list[LegalBasis] = Field(default_factory=list)
    references: list[str] = Field(default_factory=list)
    objectives: list[str] = Field(default_factory=list)
    requirements: list[str] = Field(default_factory=list)
    audiences: list[str] = Field(default_factory=list)
    activities: list[ActivityIn] = Field(default_factory=list)
    responsibilities: list[ResponsibilityIn] = Field(default_factory=list)
    reporting: list[ReportingIn] = Field(default_factory=list)
    signer: Signer = Field(default_factory=Signer)
    recipients: list[str] = Field(default_factory=list)
    recipient_headings: list[RecipientHeading] = Field(default_factory=list)
    body: list[BodyNode] = Field(default_factory=list)
    carrier: Carrier | None = None

    _dates = field_validator("issued_date", mode="before")(_date)


class PlanFormatError(ValueError):
    """A plan JSON that does not follow the format; `errors` are Vietnamese, each naming its field."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


def _field_path(loc: tuple[int | str, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"#{item + 1}")
        else:
            parts.append(FIELD_LABELS.get(item, item))
    return " › ".join(parts)


_MESSAGES = {
    "missing": "thiếu giá trị bắt buộc",
    "extra_forbidden": "trường không có trong định dạng",
    "string_too_short": "không được để trống",
    "literal_error": "giá trị không hợp lệ",
    "date_from_datetime_parsing": "ngày không hợp lệ",
    "date_parsing": "ngày không hợp lệ",
    "string_type": "phải là văn bản",
    "list_type": "phải là danh sách",
    "int_type": "phải là số nguyên",
    "int_parsing": "phải là số nguyên",
    "model_type": "phải là một đối tượng",
    "dict_type": "phải là một đối tượng",
}


def parse_plan(data: Any) -> PlanIn:
    """Validate plan JSON; raise PlanFormatError listing every problem in Vietnamese."""
    if not isinstance(data, dict):
        raise PlanFormatError(["Tệp JSON phải chứa một đối tượng kế hoạch ({…})."])
    try:
        plan = PlanIn.model_validate(data)
    except ValidationError as exc:
        errors = []
        for err in exc.errors():
            message = err["msg"].removeprefix("Value error, ") if err["type"] == "value_error" else None
            errors.append(f"{_field_path(err['loc'])}: {message or _MESSAGES.get(err['type'], err['msg'])}")
        raise PlanFormatError(errors) from None
    if plan.period.end < plan.period.start:
        raise PlanFormatError(["Thời kỳ: ngày kết thúc trước ngày bắt đầu."])
    if any(h.at > len(plan.recipients) for h in plan.recipient_headings):
        raise PlanFormatError(["Dòng nhóm nơi nhận: vị trí vượt quá số nơi nhận."])
    if errors := body_link_errors(plan):
        raise PlanFormatError(errors)
    return plan


#: Values that name their node (objects) and values that only the node names (text items).
LINKED_OBJECTS = ("legal_bases", "activities", "responsibilities", "reporting")
LINKED_TEXTS = ("objectives", "requirements", "audiences")
_TEXT_LABELS = {"objectives": "Mục đích", "requirements": "Yêu cầu", "audiences": "Đối tượng"}
_VALUE_PATH = re.compile(r"^(?P<field>[a-z_]+)\[(?P<index>\d+)\]$")


def _label(field: str, index: int | None = None) -> str:
    name = FIELD_LABELS.get(
        field, {"objectives": "Mục đích", "requirements": "Yêu cầu", "audiences": "Đối tượng"}.get(field, field)
    )
    return name if index is None else f"{name} › #{index + 1}"


def body_link_errors(plan: PlanIn) -> list[str]:
    """Where the body and the structured parts disagree: unknown or repeated node ids, a value naming a node that
    does not name it back, a node naming a value that does not exist. Each message names the field."""
    errors: list[str] = []
    nodes: dict[str, BodyNode] = {}
    count = 0
    stack: list[tuple[BodyNode, int]] = [(node, 1) for node in plan.body]
    while stack:
        node, depth = stack.pop()
        count += 1
        if depth > MAX_BODY_DEPTH or count > MAX_BODY_NODES:
            return [f"Toàn văn: quá sâu hoặc quá nhiều nút (tối đa {MAX_BODY_DEPTH} tầng, {MAX_BODY_NODES} nút)."]
        if node.id in nodes:
            errors.append(f"Toàn văn: mã nút «{node.id}» bị lặp lại.")
        nodes[node.id] = node
        stack.extend((child, depth + 1) for child in node.children)
    named: dict[str, str] = {}
    for node in nodes.values():
        for path in node.values:
            m = _VALUE_PATH.match(path)
            field = m.group("field") if m else ""
            items = getattr(plan, field, None) if field in LINKED_OBJECTS + LINKED_TEXTS else None
            if m is None or items is None or int(m.group("index")) >= len(items):
                errors.append(f"Toàn văn › nút «{node.id}»: không có giá trị «{path}» để liên kết.")
                continue
            named[path] = node.id
            item = items[int(m.group("index"))]
            if field in LINKED_OBJECTS and item.node != node.id:
                errors.append(
                    f"{_label(field, int(m.group('index')))} › Nút toàn văn: nút «{node.id}» nêu giá trị này "
                    f"nhưng giá trị lại ghi nút «{item.node or '—'}»."
                )
    for field in LINKED_OBJECTS:
        for index, item in enumerate(getattr(plan, field)):
            if item.node is None:
                continue
            if item.node not in nodes:
                errors.append(f"{_label(field, index)} › Nút toàn văn: không có nút «{item.node}» trong toàn văn.")
            elif named.get(f"{field}[{index}]") != item.node:
                errors.append(
                    f"{_label(field, index)} › Nút toàn văn: nút «{item.node}» không ghi giá trị này "
                    f"({field}[{index}]) trong «values»."
                )
    return errors
