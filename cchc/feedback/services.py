"""The only writers of feedback: receiving an item (code, routing, due date), handling it through its states,
publishing and rating the answer, notifying the sender, and keeping personal data no longer than needed."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.files.base import File
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.html import strip_tags

from cchc.accounts.models import Role, User
from cchc.accounts.types import Actor, Viewer, signed_in
from cchc.core import calendar
from cchc.core.audit import log_action, snapshot
from cchc.core.files import check_upload
from cchc.core.inputs import InputError, clean_text, refuse
from cchc.core.tasks import enqueue
from cchc.feedback.models import (
    OPEN_STATUSES,
    Attachment,
    Channel,
    CodeCounter,
    DeliveryStatus,
    FeedbackItem,
    Notification,
    NotificationChannel,
    RefusalReason,
    RoutingRule,
    Status,
    Topic,
)
from cchc.feedback.sms import send_sms
from cchc.units.models import Unit

CONTENT_MAX = 5000
ANSWER_MAX = 20_000
MAX_ATTACHMENTS = 3
ATTACHMENT_TYPES = {
    "image/jpeg": "ảnh JPEG",
    "image/png": "ảnh PNG",
    "image/webp": "ảnh WebP",
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word (.docx)",
}
PERSONAL_FIELDS = ["sender_name", "sender_phone", "sender_email", "sender_address"]

# Which state may follow which: the handling unit accepts or refuses, assigns an officer, drafts; a leader
# approves (or returns the draft); the approved answer is published to the sender (and the public list when the
# sender agreed); an item is closed after its answer or its refusal.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.RECEIVED: (Status.ACCEPTED, Status.REFUSED, Status.MERGED),
    Status.ACCEPTED: (Status.ASSIGNED, Status.MERGED),
    Status.ASSIGNED: (Status.ANSWERED, Status.MERGED),
    Status.ANSWERED: (Status.APPROVED, Status.ASSIGNED),
    Status.APPROVED: (Status.PUBLISHED, Status.ASSIGNED),
    Status.PUBLISHED: (Status.CLOSED,),
    Status.REFUSED: (Status.CLOSED,),
    Status.CLOSED: (),
    Status.MERGED: (),
}

_PHONE = re.compile(r"^(?:\+?84|0)(?:\d[\s.-]?){8,10}$")
_EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[A-Za-z]{2,}$")
_PERSONAL_IN_TEXT = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail addresses
    r"|(?<!\d)(?:\+?84|0)(?:\d[\s.-]?){8,10}(?!\d)"  # phone numbers
    r"|(?<!\d)\d{12}(?!\d)"  # citizen identity numbers (CCCD)
)


class TransitionError(InputError):
    """A state change the item's current state does not allow; the message is Vietnamese."""


def _check_move(item: FeedbackItem, to: str) -> None:
    if to not in TRANSITIONS[item.status]:
        raise TransitionError(
            f"Phản ánh {item.code} đang ở trạng thái «{item.get_status_display()}»: "
            f"không thể chuyển sang «{Status(to).label}»."
        )


# --- receiving ------------------------------------------------------------------------------------------------------


@dataclass
class Submission:
    """What a sender (or an officer entering a paper, phone, e-mail or desk item) gives."""

    topic: str
    content: str
    locality: Unit | None = None
    sender_name: str = ""
    sender_phone: str = ""
    sender_email: str = ""
    sender_address: str = ""
    consent: bool = False
    publish_consent: bool = False
    channel: str = Channel.WEB
    files: Sequence[File[Any]] = field(default_factory=list)
    token: uuid.UUID | None = None
    received_at: dt.datetime | None = None


def plain(value: str, *, label: str, max_length: int, multiline: bool = True, required: bool = False) -> str:
    """Text as stored: bounded and cleaned (`core.inputs`), markup removed (it is shown escaped anyway)."""
    text = clean_text(value, label=label, max_length=max_length, multiline=multiline)
    text = strip_tags(text).strip()
    if required and not text:
        raise refuse(label, "không được để trống.")
    return text


def clean_submission(data: Submission) -> dict[str, Any]:
    """The item's fields from a submission, or InputError with a Vietnamese message per field."""
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    checks: list[tuple[str, str, int, bool, bool]] = [
        ("content", "Nội dung phản ánh, kiến nghị", CONTENT_MAX, True, True),
        ("sender_name", "Họ và tên", 120, False, True),
        ("sender_phone", "Số điện thoại", 20, False, False),
        ("sender_email", "Thư điện tử", 254, False, False),
        ("sender_address", "Địa chỉ", 255, False, False),
    ]
    for name, label, limit, multiline, required in checks:
        try:
            values[name] = plain(
                getattr(data, name), label=label, max_length=limit, multiline=multiline, required=required
            )
        except InputError as exc:
            errors[name] = exc.message
    if data.topic not in Topic.values:
        errors["topic"] = "Lĩnh vực: hãy chọn một lĩnh vực trong danh sách."
    phone, email = values.get("sender_phone", ""), values.get("sender_email", "")
    if phone and not _PHONE.match(phone):
        errors["sender_phone"] = "Số điện thoại: không đúng (ví dụ 0912 345 678)."
    if email and not _EMAIL.match(email):
        errors["sender_email"] = "Thư điện tử: không đúng địa chỉ thư (ví dụ ten@gmail.com)."
    if not phone and not email and "sender_phone" not in errors and "sender_email" not in errors:
        errors["sender_phone"] = "Hãy cho biết số điện thoại hoặc thư điện tử để nhận trả lời."
    if data.channel == Channel.WEB and not data.consent:
        errors["consent"] = "Hãy đồng ý cho xử lý dữ liệu cá nhân để gửi phản ánh, kiến nghị."
    if len(data.files) > MAX_ATTACHMENTS:
        errors["attachments"] = f"Tệp đính kèm: tối đa {MAX_ATTACHMENTS} tệp."
    else:
        for upload in data.files:
            try:
                check_upload(upload, allowed=ATTACHMENT_TYPES)
            except InputError as exc:
                errors["attachments"] = exc.message
    if errors:
        raise InputError(" ".join(dict.fromkeys(errors.values())), errors)
    values["sender_phone"] = re.sub(r"[\s.-]", "", phone)
    return values


def route_for(topic: str, locality: Unit | None) -> Unit | None:
    """The unit responsible: the most specific rule for the topic and the smallest locality containing the item's
    (a rule for any topic after the topic's own, a rule for anywhere last); None when no rule catches it."""
    places: list[Unit | None] = [*reversed([*locality.ancestors(), locality])] if locality is not None else []
    places.append(None)
    rules = {(r.topic, r.locality_id): r.unit for r in RoutingRule.objects.select_related("unit")}
    for place in places:
        for wanted in (topic, ""):
            unit = rules.get((wanted, place.pk if place is not None else None))
            if unit is not None:
                return unit
    return None


def answer_due(received_on: dt.date) -> dt.date:
    """The answer is due FEEDBACK_ANSWER_WORKING_DAYS working days after receipt (the one holiday calendar)."""
    return calendar.add_working_days(received_on, int(settings.FEEDBACK_ANSWER_WORKING_DAYS))


def _next_code(day: dt.date) -> str:
    """PAKN.YYYYMMDD.NNNN: the day's counter row is incremented under its row lock, so codes never repeat."""
    CodeCounter.objects.get_or_create(day=day)
    CodeCounter.objects.filter(day=day).update(last=F("last") + 1)
    number = CodeCounter.objects.values_list("last", flat=True).get(day=day)
    return f"PAKN.{day:%Y%m%d}.{number:04d}"


def submit(actor: Viewer | None, data: Submission) -> tuple[FeedbackItem, bool]:
    """Receive an item: checked, given its code, routed, due in working days, files stored, the sender told by
    e-mail/SMS. The same form token twice returns the first item (created False): a double click stores one."""
    if data.token is not None:
        existing = FeedbackItem.objects.filter(submission_token=data.token).first()
        if existing is not None:
            return existing, False
    values = clean_submission(data)
    try:
        return _create(actor, data, values), True
    except IntegrityError:
        existing = FeedbackItem.objects.filter(submission_token=data.token).first() if data.token else None
        if existing is None:
            raise
        return existing, False


@transaction.atomic
def _create(actor: Viewer | None, data: Submission, values: dict[str, Any]) -> FeedbackItem:
    now = data.received_at or timezone.now()
    received_on = timezone.localdate(now)
    item = FeedbackItem.objects.create(
        code=_next_code(received_on),
        submission_token=data.token,
        channel=data.channel,
        topic=data.topic,
        locality=data.locality,
        unit=route_for(data.topic, data.locality),
        consented_at=now if data.consent else None,
        publish_consent=data.publish_consent,
        received_at=now,
        received_on=received_on,
        due_on=answer_due(received_on),
        entered_by=actor if signed_in(actor) else None,
        **values,
    )
    for upload in data.files:
        checked = check_upload(upload, allowed=ATTACHMENT_TYPES)
        attachment = Attachment(
            item=item,
            name=checked.name[:255],
            content_type=checked.content_type,
            extension=checked.extension,
            size=checked.size,
            sha256=checked.sha256,
        )
        attachment.file.save(checked.name, checked.upload, save=False)
        attachment.save()
    log_action(actor, "feedback.item.received", item, after=snapshot(item, ["code", "channel", "topic", "unit_id"]))
    _notify_sender(item, "received")
    return item


# --- handling -------------------------------------------------------------------------------------------------------


def _save(
    actor: Actor, item: FeedbackItem, action: str, to: str | None = None, note: str = "", **changes: Any
) -> FeedbackItem:
    """Apply a state change (checked against TRANSITIONS) and field changes, with one audit entry."""
    before = snapshot(item, ["status", *changes])
    if to is not None:
        _check_move(item, to)
        changes["status"] = to
    for name, value in changes.items():
        setattr(item, name, value)
    item.save(update_fields=list(changes))
    after = snapshot(item, list(changes)) | ({"note": note} if note else {})
    log_action(actor, f"feedback.item.{action}", item, before=before, after=after)
    return item


@transaction.atomic
def route(actor: Actor, item: FeedbackItem, unit: Unit) -> FeedbackItem:
    """The owner office sorts an item no rule caught (or sends it elsewhere) to the unit responsible."""
    return _save(actor, item, "routed", unit=unit)


@transaction.atomic
def transfer(actor: Actor, item: FeedbackItem, unit: Unit, reason: str) -> FeedbackItem:
    """The handling unit passes an item that is not its own to another unit, saying why; the item starts again
    there as received (no officer, no draft), its due date running on."""
    reason = plain(reason, label="Lý do chuyển", max_length=500, required=True)
    if unit.pk == item.unit_id:
        raise refuse("Đơn vị nhận", "phải khác đơn vị đang xử lý.")
    if item.status not in (Status.RECEIVED, Status.ACCEPTED, Status.ASSIGNED):
        raise TransitionError("Chỉ chuyển được phản ánh chưa có dự thảo trả lời.")
    return _save(actor, item, "transferred", note=reason, unit=unit, assignee=None, status=Status.RECEIVED)


@transaction.atomic
def accept(actor: Actor, item: FeedbackItem) -> FeedbackItem:
    return _save(actor, item, "accepted", Status.ACCEPTED)


@transaction.atomic
def refuse_item(actor: Actor, item: FeedbackItem, reason: str) -> FeedbackItem:
    """Not taken up, with its legal reason; the sender is told."""
    if reason not in RefusalReason.values:
        raise refuse("Lý do không thụ lý", "hãy chọn một lý do theo quy định.")
    _save(actor, item, "refused", Status.REFUSED, refusal_reason=reason, answered_on=timezone.localdate())
    _notify_sender(item, "refused")
    return item


@transaction.atomic
def assign(actor: Actor, item: FeedbackItem, assignee: Any) -> FeedbackItem:
    """An officer of the handling unit takes the item (accepted first when it was not yet)."""
    if assignee is None or assignee.unit_id != item.unit_id:
        raise refuse("Cán bộ xử lý", "phải là cán bộ của đơn vị xử lý.")
    if item.status == Status.RECEIVED:
        _save(actor, item, "accepted", Status.ACCEPTED)
    return _save(actor, item, "assigned", Status.ASSIGNED, assignee=assignee)


@transaction.atomic
def draft_answer(actor: Actor, item: FeedbackItem, answer: str, public_content: str = "") -> FeedbackItem:
    """The officer's answer, sent to a leader for approval; the question as it will be published (personal data
    removed) is proposed from the content when not given."""
    answer = plain(answer, label="Nội dung trả lời", max_length=ANSWER_MAX, required=True)
    public = plain(public_content, label="Nội dung công khai", max_length=CONTENT_MAX) or redact(item)
    return _save(actor, item, "answered", Status.ANSWERED, answer=answer, public_content=public, answered_by=actor)


@transaction.atomic
def approve(actor: Actor, item: FeedbackItem) -> FeedbackItem:
    return _save(actor, item, "approved", Status.APPROVED, approved_by=actor, approved_at=timezone.now())


@transaction.atomic
def return_draft(actor: Actor, item: FeedbackItem, note: str) -> FeedbackItem:
    """A leader sends the draft back to the officer, saying what to change."""
    note = plain(note, label="Ý kiến của lãnh đạo", max_length=1000, required=True)
    return _save(actor, item, "returned", Status.ASSIGNED, note=note, approved_by=None, approved_at=None)


@transaction.atomic
def publish(actor: Actor, item: FeedbackItem) -> FeedbackItem:
    """The approved answer goes to the sender (status page, e-mail, SMS) and, when the sender agreed, to the public
    list without their name. Its date is what counts as "answered" (on time when not after the due date)."""
    _save(actor, item, "published", Status.PUBLISHED, answered_on=timezone.localdate())
    _notify_sender(item, "answered")
    return item


@transaction.atomic
def close(actor: Actor, item: FeedbackItem) -> FeedbackItem:
    return _save(actor, item, "closed", Status.CLOSED, closed_at=timezone.now())


@transaction.atomic
def extend(actor: Actor, item: FeedbackItem, working_days: int, reason: str) -> FeedbackItem:
    """Extend the due date once, by at most FEEDBACK_EXTENSION_WORKING_DAYS working days, with the reason recorded."""
    reason = plain(reason, label="Lý do gia hạn", max_length=500, required=True)
    limit = int(settings.FEEDBACK_EXTENSION_WORKING_DAYS)
    if item.extended_from is not None:
        raise TransitionError(f"Phản ánh {item.code} đã được gia hạn một lần.")
    if not item.is_open:
        raise TransitionError(f"Phản ánh {item.code} đã trả lời hoặc kết thúc: không gia hạn.")
    if not 1 <= working_days <= limit:
        raise refuse("Số ngày gia hạn", f"từ 1 đến {limit} ngày làm việc.")
    return _save(
        actor,
        item,
        "extended",
        extended_from=item.due_on,
        due_on=calendar.add_working_days(item.due_on, working_days),
        extension_reason=reason,
    )


@transaction.atomic
def merge(actor: Actor, item: FeedbackItem, into: FeedbackItem) -> FeedbackItem:
    """A duplicate joins the item it repeats: it is answered there and counted once."""
    if into.pk == item.pk or into.status == Status.MERGED:
        raise refuse("Phản ánh gộp vào", "phải là một phản ánh khác, chưa bị gộp.")
    return _save(actor, item, "merged", Status.MERGED, merged_into=into)


@transaction.atomic
def split(actor: Actor, item: FeedbackItem, unit: Unit, content: str) -> FeedbackItem:
    """The part of an item that is another unit's matter becomes an item of its own (new code, same sender and due
    date) routed to that unit."""
    content = plain(content, label="Nội dung tách", max_length=CONTENT_MAX, required=True)
    part = FeedbackItem.objects.create(
        code=_next_code(timezone.localdate()),
        channel=item.channel,
        topic=item.topic,
        locality=item.locality,
        unit=unit,
        content=content,
        consented_at=item.consented_at,
        publish_consent=item.publish_consent,
        received_at=item.received_at,
        received_on=item.received_on,
        due_on=item.due_on,
        split_from=item,
        entered_by=actor,
        **{name: getattr(item, name) for name in PERSONAL_FIELDS},
    )
    log_action(actor, "feedback.item.split", part, after={"from": item.code, "unit": unit.pk}, root=item)
    return part


@transaction.atomic
def save_rule(actor: Actor, topic: str, locality: Unit | None, unit: Unit) -> RoutingRule:
    """Topic (blank: any) × place (None: anywhere) → unit; a rule for the same key is replaced."""
    if topic and topic not in Topic.values:
        raise refuse("Lĩnh vực", "hãy chọn một lĩnh vực trong danh sách.")
    rule, _ = RoutingRule.objects.update_or_create(topic=topic, locality=locality, defaults={"unit": unit})
    log_action(actor, "feedback.rule.saved", rule, after=snapshot(rule))
    return rule


@transaction.atomic
def delete_rule(actor: Actor, rule: RoutingRule) -> None:
    log_action(actor, "feedback.rule.deleted", rule, before=snapshot(rule))
    rule.delete()


def record_export(actor: User, year: int) -> None:
    """An export for inspection carries personal data of the exporter's unit: it is audited like a view."""
    if actor.unit is not None:
        log_action(actor, "feedback.personal_data.exported", actor.unit, after={"year": year})


# --- the sender's side ----------------------------------------------------------------------------------------------


def sender_matches(item: FeedbackItem, contact: str) -> bool:
    """The status page opens to whoever gives the item's phone number or e-mail address."""
    given = re.sub(r"[\s.-]", "", contact or "").casefold()
    if not given or item.anonymised_at is not None:
        return False
    return given in {item.sender_phone.casefold(), item.sender_email.casefold()} - {""}


@transaction.atomic
def rate(item: FeedbackItem, satisfied: bool, reason: str) -> FeedbackItem:
    """The sender says "hài lòng" or "không hài lòng" (with a reason) once the answer is out; they may change it."""
    if item.status not in (Status.PUBLISHED, Status.CLOSED):
        raise TransitionError("Chỉ đánh giá được khi đã có trả lời.")
    reason = plain(reason, label="Lý do", max_length=1000)
    if not satisfied and not reason:
        raise refuse("Lý do", "hãy cho biết vì sao chưa hài lòng.")
    return _save(None, item, "rated", satisfied=satisfied, rating_reason=reason, rated_at=timezone.now())


# --- personal data ----------------------------------------------------------------------------------------------------


def redact(item: FeedbackItem) -> str:
    """The content with the sender's name, e-mail addresses, phone and identity numbers removed."""
    text = _PERSONAL_IN_TEXT.sub("[đã ẩn]", item.content)
    if item.sender_name.strip():
        text = re.sub(re.escape(item.sender_name.strip()), "[đã ẩn]", text, flags=re.IGNORECASE)
    return text


def record_personal_data_view(actor: Actor, item: FeedbackItem) -> None:
    """Every display of a sender's personal data to staff is audited."""
    log_action(actor, "feedback.personal_data.viewed", item)


@transaction.atomic
def correct_personal_data(actor: Actor, item: FeedbackItem, **fields: str) -> FeedbackItem:
    """A data-subject request to correct: the handling unit changes the sender's details as asked."""
    unknown = set(fields) - set(PERSONAL_FIELDS)
    if unknown:
        raise refuse("Dữ liệu cá nhân", f"không có trường {', '.join(sorted(unknown))}.")
    current = {name: getattr(item, name) for name in PERSONAL_FIELDS}
    data = Submission(topic=item.topic, content=item.content, consent=True, **(current | fields))
    values = clean_submission(data)
    return _save(actor, item, "personal_data_corrected", **{name: values[name] for name in fields})


@transaction.atomic
def erase_personal_data(actor: Actor, item: FeedbackItem) -> FeedbackItem:
    """A data-subject request to erase, or the end of the retention period: name, contacts and files go, the
    content keeps only its redacted form; the figures stay."""
    text = item.public_content or redact(item)
    for attachment in item.attachments.all():
        attachment.file.delete(save=False)
    item.attachments.all().delete()
    item.notifications.all().delete()
    return _save(
        actor,
        item,
        "personal_data_erased",
        content=text,
        public_content=text,
        anonymised_at=timezone.now(),
        **dict.fromkeys(PERSONAL_FIELDS, ""),
    )


def apply_retention(today: dt.date | None = None) -> int:
    """Erase the personal data of items answered or closed more than FEEDBACK_RETENTION_DAYS ago."""
    today = today or timezone.localdate()
    limit = today - dt.timedelta(days=int(settings.FEEDBACK_RETENTION_DAYS))
    expired = FeedbackItem.objects.filter(anonymised_at__isnull=True, answered_on__lt=limit).exclude(
        status__in=OPEN_STATUSES
    )
    count = 0
    for item in expired.iterator(chunk_size=200):
        erase_personal_data(None, item)
        count += 1
    return count


# --- notifications ----------------------------------------------------------------------------------------------------

_MESSAGES = {
    "received": "Đã tiếp nhận phản ánh, kiến nghị {code}. Hạn trả lời: {due:%d/%m/%Y}.",
    "refused": "Phản ánh, kiến nghị {code} không được thụ lý: {reason}.",
    "answered": "Phản ánh, kiến nghị {code} đã có trả lời. Tra cứu bằng mã số tại {url}.",
}


def _notify_sender(item: FeedbackItem, event: str) -> None:
    """Queue one e-mail and one SMS to the sender for an event (each at most once), sent after commit."""
    text = _MESSAGES[event].format(
        code=item.code,
        due=item.due_on,
        reason=item.get_refusal_reason_display(),
        url=str(settings.FEEDBACK_STATUS_URL),
    )
    made = False
    sms = item.sender_phone if settings.FEEDBACK_SMS_GATEWAY else ""
    for channel, recipient in ((NotificationChannel.EMAIL, item.sender_email), (NotificationChannel.SMS, sms)):
        if recipient:
            _, created = Notification.objects.get_or_create(
                item=item,
                channel=channel,
                event=event,
                recipient=recipient,
                defaults={"subject": f"[PAKN] {item.code}", "body": text, "next_at": timezone.now()},
            )
            made = made or created
    if made:
        from cchc.feedback.tasks import deliver_notifications

        enqueue(deliver_notifications)


def remind_handlers(today: dt.date | None = None) -> int:
    """E-mail the officer handling an open item (or, before one is assigned, the unit's officers) when it is due
    within FEEDBACK_REMINDER_WORKING_DAYS working days, and again once it is overdue; each at most once."""
    today = today or timezone.localdate()
    soon = calendar.add_working_days(today, int(settings.FEEDBACK_REMINDER_WORKING_DAYS))
    items = FeedbackItem.objects.filter(status__in=OPEN_STATUSES, unit__isnull=False, due_on__lte=soon)
    created = 0
    for item in items.select_related("assignee").iterator(chunk_size=500):
        overdue = item.due_on < today
        people = [item.assignee] if item.assignee else User.objects.filter(unit=item.unit_id, role=Role.OFFICER)
        for person in people:
            if not person.email or not person.is_active:
                continue
            _, made = Notification.objects.get_or_create(
                item=item,
                channel=NotificationChannel.EMAIL,
                event="overdue" if overdue else "due_soon",
                recipient=person.email,
                defaults={
                    "subject": f"[PAKN] {item.code} {'đã quá hạn' if overdue else 'sắp đến hạn'} trả lời",
                    "body": f"Phản ánh, kiến nghị {item.code} {'đã quá hạn' if overdue else 'sắp đến hạn'} trả lời "
                    f"(hạn {item.due_on:%d/%m/%Y}). Vui lòng đăng nhập hệ thống để xử lý.",
                    "next_at": timezone.now(),
                },
            )
            created += made
    return created


def _claim_due() -> list[Notification]:
    now = timezone.now()
    with transaction.atomic():
        due = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(status=DeliveryStatus.PENDING, next_at__lte=now)
            .order_by("next_at", "pk")[:200]
        )
        lease = now + dt.timedelta(seconds=int(settings.REMINDER_EMAIL_LEASE_SECONDS))
        Notification.objects.filter(pk__in=[n.pk for n in due]).update(next_at=lease)
    return due


def _send(notification: Notification) -> bool:
    if notification.channel == NotificationChannel.SMS:
        return send_sms(notification.recipient, notification.body)
    message = EmailMessage(notification.subject, notification.body, None, [notification.recipient])
    return bool(get_connection(fail_silently=False).send_messages([message]))


def deliver_notifications() -> dict[str, int]:
    """Send what is due; marked sent only once the mail server or the SMS gateway accepted it, retried after
    REMINDER_EMAIL_RETRY_SECONDS doubling, given up after REMINDER_EMAIL_MAX_ATTEMPTS."""
    counts = {"sent": 0, "failed": 0}
    limit = int(settings.REMINDER_EMAIL_MAX_ATTEMPTS)
    base = int(settings.REMINDER_EMAIL_RETRY_SECONDS)
    for notification in _claim_due():
        try:
            accepted, error = _send(notification), "Máy chủ không nhận tin."
        except Exception as exc:  # a server down, refusing or timing out: all are retried
            accepted, error = False, f"{type(exc).__name__}: {exc}"
        notification.attempts += 1
        if accepted:
            notification.status, notification.sent_at, notification.next_at = DeliveryStatus.SENT, timezone.now(), None
            notification.error = ""
            counts["sent"] += 1
        else:
            notification.error = error[:1000]
            counts["failed"] += 1
            if notification.attempts >= limit:
                notification.status, notification.next_at = DeliveryStatus.FAILED, None
            else:
                notification.next_at = timezone.now() + dt.timedelta(seconds=base * 2 ** (notification.attempts - 1))
        notification.save(update_fields=["status", "sent_at", "next_at", "error", "attempts"])
    return counts
