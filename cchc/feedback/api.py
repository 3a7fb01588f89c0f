"""Feedback in the JSON API, beside Open311: staff list, read, enter and handle items and read the figures, with
the same access rules and the same handling actions as the staff pages (`feedback.actions`)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from ninja import Router, Schema, Status
from pydantic import create_model

from cchc.accounts.models import User
from cchc.accounts.types import AuthenticatedRequest, Viewer
from cchc.core.inputs import InputError
from cchc.feedback import access, actions, selectors, services
from cchc.feedback.models import STAFF_CHANNELS, FeedbackItem

router = Router(tags=["Phản ánh, kiến nghị"])
PAGE_SIZE = 100
# A retried creation carries the same key: one item, whoever's key it is kept apart by the user's id.
IDEMPOTENCY = uuid.UUID("6f1c1f1e-5b8a-4d8e-9b55-2a0f3c7d9e41")


class ItemOut(Schema):
    id: int
    code: str
    channel: str
    topic: str
    status: str
    status_label: str
    unit_id: int | None
    unit: str | None
    locality: str | None
    received_on: dt.date
    due_on: dt.date
    answered_on: dt.date | None
    on_time: bool | None
    answer: str
    satisfied: bool | None


class SenderOut(Schema):
    sender_name: str
    sender_phone: str
    sender_email: str
    sender_address: str


class ItemDetailOut(ItemOut):
    content: str
    public_content: str
    sender: SenderOut | None


def _schema_of(name: str, source: type[Any], leave_out: set[str]) -> type[Schema]:
    """A schema with the fields of a dataclass of the feedback app (but `leave_out`): the same types (their names
    resolved where the dataclass is defined) and defaults."""
    fields: dict[str, Any] = {
        f.name: (f.type, ... if f.default is dataclasses.MISSING else f.default)
        for f in dataclasses.fields(source)
        if f.name not in leave_out
    }
    return create_model(name, __base__=Schema, __module__=source.__module__, **fields)


# What an officer enters is a `services.Submission`, but for the place (a name, found in the directory), the
# retry key (instead of the form's one-time token) and the channel (which the API must be told).
SUBMITTED_ELSEWHERE = {"locality", "files", "token", "received_at"}
if TYPE_CHECKING:
    _SubmissionFields = Schema
    _FigureFields = Schema
else:
    _SubmissionFields = _schema_of("SubmissionFields", services.Submission, SUBMITTED_ELSEWHERE)
    _FigureFields = _schema_of("FigureFields", selectors.Figures, {"unit_name"})


class ItemIn(_SubmissionFields):
    channel: str
    place: str = ""
    idempotency_key: str | None = None


class ActionIn(Schema):
    """The values an action reads (each action only its own): the answer and its public wording, a reason or note,
    a unit (transfer, split, route), an officer (assign), days (extend), the code to merge into, the split-off
    content, corrected personal data."""

    answer: str | None = None
    public_content: str | None = None
    reason: str | None = None
    note: str | None = None
    unit: int | None = None
    assignee: int | None = None
    days: int | None = None
    into: str | None = None
    content: str | None = None
    sender_name: str | None = None
    sender_phone: str | None = None
    sender_email: str | None = None
    sender_address: str | None = None


class FiguresOut(_FigureFields):
    """`selectors.Figures` as the API shows it: the unit's name as `unit`, with the two rates."""

    unit: str
    on_time_rate: float | None
    satisfaction_rate: float | None


class ErrorOut(Schema):
    detail: str
    errors: dict[str, str] = {}


def _item(item: FeedbackItem) -> dict[str, Any]:
    return {
        "id": item.pk,
        "code": item.code,
        "channel": item.channel,
        "topic": item.topic,
        "status": item.status,
        "status_label": item.get_status_display(),
        "unit_id": item.unit_id,
        "unit": str(item.unit) if item.unit else None,
        "locality": str(item.locality) if item.locality else None,
        "received_on": item.received_on,
        "due_on": item.due_on,
        "answered_on": item.answered_on,
        "on_time": item.answered_on_time,
        "answer": item.answer,
        "satisfied": item.satisfied,
    }


def _detail(user: User, item: FeedbackItem) -> dict[str, Any]:
    """The item; the sender's personal data only for the handling unit, and that look audited as on the page."""
    personal = access.can_see_personal_data(user, item)
    if personal:
        services.record_personal_data_view(user, item)
    sender = {k: getattr(item, k) for k in services.PERSONAL_FIELDS} if personal else None
    content = item.content if personal else services.redact(item)
    return {**_item(item), "content": content, "public_content": item.public_content, "sender": sender}


def _staff(user: Viewer) -> None:
    if not access.can_enter_items(user):
        raise PermissionDenied("Chỉ cán bộ của một đơn vị mới dùng được phần phản ánh, kiến nghị của API.")


@router.get("/items", response=list[ItemOut], summary="Phản ánh mà người dùng được xem (mặc định: đang xử lý)")
def list_items(request: AuthenticatedRequest, status: str = "open", page: int = 1) -> list[dict[str, Any]]:
    """`status`: open (by due date), overdue, unrouted, all, or a state (received, accepted, …); 100 a page."""
    _staff(request.user)
    items = selectors.inbox(access.readable_items(request.user), status, timezone.localdate())
    first = (max(page, 1) - 1) * PAGE_SIZE
    return [_item(i) for i in items.select_related("locality")[first : first + PAGE_SIZE]]


@router.post(
    "/items",
    response={200: ItemDetailOut, 201: ItemDetailOut, 400: ErrorOut},
    summary="Nhập một phản ánh nhận qua văn bản, điện thoại, thư điện tử hoặc bộ phận một cửa",
)
def create_item(request: AuthenticatedRequest, payload: ItemIn) -> Status[dict[str, Any]]:
    """The same checks as the form; `idempotency_key` (or the Idempotency-Key header): a retry stores one item."""
    _staff(request.user)
    if payload.channel not in STAFF_CHANNELS:
        labels = ", ".join(str(c.value) for c in STAFF_CHANNELS)
        raise InputError(f"Kênh tiếp nhận: hãy chọn một trong {labels}.", {"channel": "Kênh không hợp lệ."})
    place = selectors.place_for_label(payload.place, timezone.localdate()) if payload.place.strip() else None
    if payload.place.strip() and place is None:
        raise InputError("Địa bàn: không tìm thấy nơi này trong danh mục đơn vị hành chính.", {"place": "Không rõ."})
    key = payload.idempotency_key or request.headers.get("Idempotency-Key")
    submission = services.Submission(
        **payload.model_dump(exclude={"place", "idempotency_key"}),
        locality=place.unit if place else None,
        token=uuid.uuid5(IDEMPOTENCY, f"{request.user.pk}:{key}") if key else None,
    )
    item, created = services.submit(request.user, submission)
    return Status(201 if created else 200, _detail(request.user, item))


@router.get("/items/{item_id}", response=ItemDetailOut, summary="Một phản ánh")
def get_item(request: AuthenticatedRequest, item_id: int) -> dict[str, Any]:
    return _detail(request.user, access.get_item_for_user(request.user, item_id))


@router.post(
    "/items/{item_id}/{action}",
    response={200: ItemOut, 400: ErrorOut},
    summary="Xử lý: accept, refuse, assign, draft, approve, return, publish, close, extend, transfer, route, merge, "
    "split, erase, correct",
)
def act(request: AuthenticatedRequest, item_id: int, action: str, payload: ActionIn) -> dict[str, Any]:
    user = request.user
    item = access.get_item_for_user(user, item_id)
    actions.take(user, item, action, payload.model_dump(exclude_none=True))
    return _item(item)


@router.get("/figures", response=list[FiguresOut], summary="Số liệu theo đơn vị trong một năm")
def figures(request: AuthenticatedRequest, year: int | None = None) -> list[dict[str, Any]]:
    """Items received in the year per unit the user may follow: received, answered on time, late, satisfaction."""
    _staff(request.user)
    today = timezone.localdate()
    year = year or today.year
    if not 2000 <= year <= 2100:
        raise InputError("Năm: hãy nhập một năm từ 2000 đến 2100.")
    rows = selectors.figures(access.figure_units(request.user), dt.date(year, 1, 1), dt.date(year, 12, 31), today)
    return [{**{k: getattr(r, k) for k in FiguresOut.model_fields if k != "unit"}, "unit": r.unit_name} for r in rows]
