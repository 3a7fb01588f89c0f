"""Writing, approving and publishing pieces; each publication that goes out is logged as a result of its
assignment, so the unit report counts it without anyone typing it again."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import secrets
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import transaction
from django.utils import timezone

from cchc.accounts.types import Actor
from cchc.core import audit, files, inputs
from cchc.core.inputs import InputError
from cchc.core.tasks import enqueue
from cchc.execution.models import Assignment, LoggedResult, ResultKind
from cchc.execution.services import ExecutionError, ResultInput, log_result
from cchc.publishing.channels import CHANNELS, ChannelError, Outcome, encrypt_token, site_url
from cchc.publishing.models import (
    ChannelAccount,
    ChannelKind,
    Genre,
    Paper,
    Piece,
    PieceImage,
    PieceStatus,
    PieceVersion,
    Publication,
    PublicationStatus,
    Subscriber,
)
from cchc.units.models import Unit

MAX_ATTEMPTS = 4
ACCOUNT_CHANNELS = (ChannelKind.ZALO, ChannelKind.FACEBOOK, ChannelKind.WEBHOOK)
# The kind of result each channel's publication is logged as (its quantities come from the channel's answer).
RESULT_KINDS = {
    ChannelKind.PORTAL: ResultKind.PORTAL_NEWS,
    ChannelKind.ZALO: ResultKind.SOCIAL_POST,
    ChannelKind.FACEBOOK: ResultKind.SOCIAL_POST,
    ChannelKind.RADIO: ResultKind.LOUDSPEAKER,
    ChannelKind.POSTER: ResultKind.VISUAL,
    ChannelKind.NEWSLETTER: ResultKind.PORTAL_NEWS,
    ChannelKind.WEBHOOK: ResultKind.PORTAL_NEWS,
}
IMAGE_TYPES = {mime: files.LABELS[mime] for mime in ("image/jpeg", "image/png", "image/webp")}
MAX_IMAGES = 4
MAX_IMAGE_BYTES = 5 * 1024 * 1024
TIME_OF_DAY = re.compile(r"([01]?\d|2[0-3])[:hg.]([0-5]\d)")


def today() -> dt.date:
    return timezone.localdate()


class PublishingError(InputError):
    """A write refused, with the Vietnamese reason."""


@dataclass
class PieceInput:
    title: str
    body: str
    scheduled_for: dt.date
    channels: list[str]
    genre: str = Genre.NEWS
    link: str = ""
    paper: str = Paper.A4
    broadcast_times: list[str] = field(default_factory=list)
    broadcast_days: int = 1


def parse_broadcast_times(text: str) -> list[str]:
    """«6h00, 17:30» → ["06:00", "17:30"], in the day's order; PublishingError naming what is not a time."""
    times, wrong = set(), []
    for part in filter(None, (p.strip() for p in re.split(r"[,;\s]+", text))):
        match = TIME_OF_DAY.fullmatch(part)
        if match is None:
            wrong.append(part)
        else:
            times.add(f"{int(match[1]):02d}:{match[2]}")
    if wrong:
        raise PublishingError(f"Giờ phát không hợp lệ: {', '.join(wrong[:5])} — hãy viết dạng 06:00, 17:30.")
    return sorted(times)


def _clean(data: PieceInput) -> PieceInput:
    cleaned, errors = inputs.clean_fields(Piece, {"title": data.title, "body": data.body, "link": data.link})
    channels = [c for c in dict.fromkeys(data.channels) if c in ChannelKind.values]
    if not cleaned.get("title", "").strip():
        errors["title"] = "Hãy nhập tiêu đề."
    if not cleaned.get("body", "").strip():
        errors["body"] = "Hãy nhập nội dung."
    if not channels:
        errors["channels"] = "Hãy chọn ít nhất một kênh đăng."
    if data.genre not in Genre.values:
        errors["genre"] = "Thể loại không hợp lệ."
    if data.paper not in Paper.values:
        errors["paper"] = "Khổ giấy không hợp lệ."
    if len(data.broadcast_times) > 12 or not 1 <= data.broadcast_days <= 366:
        errors["broadcast"] = "Lịch phát: tối đa 12 lần mỗi ngày, từ 1 đến 366 ngày."
    if errors:
        raise PublishingError(" ".join(errors.values()))
    return PieceInput(cleaned["title"].strip(), cleaned["body"].strip(), data.scheduled_for, channels, data.genre,
                      cleaned["link"].strip(), data.paper, data.broadcast_times, data.broadcast_days)  # fmt: skip


def create_piece(actor: Actor, unit: Unit, data: PieceInput, assignment: Assignment | None = None) -> Piece:
    """A draft piece of `unit`, for `assignment` (one of the unit's) when it carries out a plan's activity."""
    data = _clean(data)
    if assignment is not None and assignment.unit_id != unit.pk:
        raise PublishingError("Nhiệm vụ này không phải của đơn vị soạn bài.")
    with transaction.atomic():
        piece = Piece.objects.create(unit=unit, assignment=assignment, created_by=actor, **dataclasses.asdict(data))
        audit.log_action(actor, "publishing.piece.created", piece, after=audit.snapshot(piece))
    return piece


def update_piece(actor: Actor, piece: Piece, data: PieceInput) -> Piece:
    """Edit a piece not yet published; the previous text is kept as a version, and an approved piece goes back to
    the leader (what they approved is no longer what would go out)."""
    data = _clean(data)
    with transaction.atomic():
        piece = _unpublished(piece.pk)
        before = audit.snapshot(piece)
        if (piece.title, piece.body) != (data.title, data.body):
            PieceVersion.objects.create(piece=piece, version=piece.version, title=piece.title, body=piece.body)
            piece.version += 1
        for name, value in dataclasses.asdict(data).items():  # PieceInput's fields are the piece's own
            setattr(piece, name, value)
        _back_to_leader(piece)
        piece.save()
        audit.log_action(actor, "publishing.piece.updated", piece, before=before, after=audit.snapshot(piece))
    return piece


def _back_to_leader(piece: Piece) -> None:
    """What the leader approved is no longer what would go out: approval again."""
    if piece.status == PieceStatus.APPROVED:
        piece.status, piece.approved_by, piece.approved_at = PieceStatus.SUBMITTED, None, None


def _unpublished(piece_id: int) -> Piece:
    piece = Piece.objects.select_for_update().get(pk=piece_id)
    if piece.status == PieceStatus.PUBLISHED:
        raise PublishingError("Bài đã đăng, không sửa được nữa.")
    return piece


def reschedule_piece(actor: Actor, piece: Piece, day: dt.date) -> Piece:
    """Move a piece not yet published to another day (the calendar's drag, or the form on the piece's page). The
    day is not part of what the leader read, so an approval stands."""
    if not dt.date(2000, 1, 1) <= day <= today() + dt.timedelta(days=3 * 366):
        raise PublishingError("Ngày đăng phải trong khoảng từ năm 2000 đến ba năm tới.")
    with transaction.atomic():
        piece = _unpublished(piece.pk)
        before = audit.snapshot(piece, ["scheduled_for"])
        piece.scheduled_for = day
        piece.save(update_fields=["scheduled_for", "updated_at"])
        audit.log_action(actor, "publishing.piece.rescheduled", piece, before=before,
                         after=audit.snapshot(piece, ["scheduled_for"]))  # fmt: skip
    return piece


def add_image(actor: Actor, piece: Piece, upload: UploadedFile, alt: str) -> PieceImage:
    """A picture for the piece, checked by its content (JPEG, PNG, WebP; 5 MB at most; four a piece), with the text
    a screen reader says instead — required, as the channels need it."""
    alt = " ".join(alt.split())
    if not 5 <= len(alt) <= 250:
        raise PublishingError("Hãy mô tả ảnh cho người khiếm thị (từ 5 đến 250 ký tự): ảnh có gì, ở đâu.")
    if int(upload.size or 0) > MAX_IMAGE_BYTES:
        raise PublishingError(f"Ảnh «{upload.name}» quá lớn: tối đa {MAX_IMAGE_BYTES // 1048576} MB.")
    try:
        checked = files.check_upload(upload, allowed=IMAGE_TYPES)
    except files.FileRefused as exc:
        raise PublishingError(exc.message) from None
    with transaction.atomic():
        piece = _unpublished(piece.pk)
        if piece.images.count() >= MAX_IMAGES:
            raise PublishingError(f"Mỗi bài có tối đa {MAX_IMAGES} ảnh.")
        image = PieceImage(piece=piece, alt=alt)
        image.file.save(files.download_name("anh", checked.content_type), checked.upload, save=True)
        _back_to_leader(piece)
        piece.save()
        audit.log_action(actor, "publishing.image.added", image, root=piece, after={"alt": alt})
    return image


def remove_image(actor: Actor, image: PieceImage) -> None:
    with transaction.atomic():
        piece = _unpublished(image.piece_id)
        audit.log_action(actor, "publishing.image.removed", image, root=piece, before={"alt": image.alt})
        image.delete()
        _back_to_leader(piece)
        piece.save()


def _move(actor: Actor, piece: Piece, allowed: tuple[str, ...], status: str, action: str) -> Piece:
    with transaction.atomic():
        piece = Piece.objects.select_for_update().get(pk=piece.pk)
        if piece.status not in allowed:
            raise PublishingError(f"Bài đang ở trạng thái «{piece.get_status_display()}»: không thể làm việc này.")
        before = audit.snapshot(piece, ["status"])
        piece.status = status
        if status == PieceStatus.APPROVED:
            piece.approved_by, piece.approved_at = actor, timezone.now()
        piece.save()
        audit.log_action(actor, action, piece, before=before, after=audit.snapshot(piece, ["status"]))
    return piece


def submit_piece(actor: Actor, piece: Piece) -> Piece:
    """Send the draft to the leader for approval, once each channel says it can take it."""
    problems = [p for kind in piece.channels for p in CHANNELS[kind].check(piece)]
    if problems:
        raise PublishingError(" ".join(problems))
    return _move(actor, piece, (PieceStatus.DRAFT,), PieceStatus.SUBMITTED, "publishing.piece.submitted")


def approve_piece(actor: Actor, piece: Piece) -> Piece:
    return _move(actor, piece, (PieceStatus.SUBMITTED,), PieceStatus.APPROVED, "publishing.piece.approved")


def return_piece(actor: Actor, piece: Piece) -> Piece:
    return _move(actor, piece, (PieceStatus.SUBMITTED,), PieceStatus.DRAFT, "publishing.piece.returned")


def publish_piece(actor: Actor, piece: Piece) -> list[Publication]:
    """Send an approved piece to each of its channels, in the background: one publication per channel, created once
    (a second click, or a second worker, finds it); channels already sent are not sent again."""
    from cchc.publishing.tasks import send_publication

    with transaction.atomic():
        piece = Piece.objects.select_for_update().get(pk=piece.pk)
        if piece.status not in (PieceStatus.APPROVED, PieceStatus.PUBLISHED):
            raise PublishingError("Bài chưa được lãnh đạo duyệt: chưa thể đăng.")
        publications = []
        for kind in piece.channels:
            publication, _ = Publication.objects.get_or_create(piece=piece, channel=kind)
            if publication.status == PublicationStatus.SENT:
                continue
            if publication.status == PublicationStatus.FAILED:
                Publication.objects.filter(pk=publication.pk).update(status=PublicationStatus.PENDING, error="")
            publications.append(publication)
            enqueue(send_publication, publication.pk)
        audit.log_action(actor, "publishing.piece.sent", piece, after={"channels": [p.channel for p in publications]})
    return publications


def send_publication(publication_id: int, last_try: bool = True) -> Publication:
    """Send one publication (the background job): nothing if it already went out; on success the channel's answer
    is kept and the work logged for the piece's assignment; on failure the reason is kept, and the publication stays
    pending when the job should try again (not `last_try`, and the channel says a retry may succeed) or fails.
    A failed channel never touches the others."""
    with transaction.atomic():
        publication = Publication.objects.select_for_update().select_related("piece__unit").get(pk=publication_id)
        if publication.status == PublicationStatus.SENT:
            return publication
        publication.attempts += 1
        try:
            outcome = CHANNELS[publication.channel].publish(publication.piece, f"publication-{publication.pk}")
        except ChannelError as exc:
            final = last_try or not exc.retry or publication.attempts >= MAX_ATTEMPTS
            publication.status = PublicationStatus.FAILED if final else PublicationStatus.PENDING
            publication.error = exc.message[:500]
            publication.save(update_fields=["attempts", "status", "error"])
            return publication
        _record(publication, outcome)
    return publication


def _record(publication: Publication, outcome: Outcome) -> None:
    publication.status, publication.error = PublicationStatus.SENT, ""
    publication.remote_id, publication.url = outcome.remote_id[:200], outcome.url[:500]
    publication.published_at = timezone.now()
    if outcome.file_data:
        publication.file.save(outcome.file_name, ContentFile(outcome.file_data), save=False)
    publication.result = _log_work(publication, outcome)
    publication.save()
    piece = publication.piece
    if piece.status != PieceStatus.PUBLISHED:
        Piece.objects.filter(pk=piece.pk).update(status=PieceStatus.PUBLISHED)
    audit.log_action(None, "publishing.publication.sent", publication, root=piece,
                     after={"channel": publication.channel, "remote_id": publication.remote_id})  # fmt: skip


def _log_work(publication: Publication, outcome: Outcome) -> LoggedResult | None:
    """The publication as a logged result of the piece's assignment (none for a piece written freely)."""
    piece = publication.piece
    if piece.assignment is None:
        return None
    channel_id = f"mã trên kênh: {outcome.remote_id}" if outcome.remote_id else ""
    url = site_url(outcome.url) if outcome.url.startswith("/") else outcome.url
    data = ResultInput(
        date=today(),
        kind=RESULT_KINDS[ChannelKind(publication.channel)],
        title=f"{piece.title} ({ChannelKind(publication.channel).label})"[:300],
        link=url if url.startswith("http") else "",
        note=" ".join(filter(None, ["Đăng tự động qua hệ thống.", outcome.note, channel_id])),
    )
    for quantity, value in outcome.quantities.items():
        setattr(data, quantity, value)
    evidence = [SimpleUploadedFile(outcome.file_name, outcome.file_data)] if outcome.file_name.endswith(".pdf") else []
    try:
        return log_result(None, piece.assignment, data, evidence=evidence,
                          idempotency_key=f"publication-{publication.pk}").result  # fmt: skip
    except (ExecutionError, InputError):
        return None  # the assignment closed meanwhile: the publication stands, unlogged (shown on its page)


def save_channel_account(actor: Actor, unit: Unit, channel: str, account_id: str, token: str) -> ChannelAccount:
    """The unit's page or official account on a social channel, its token stored encrypted (never shown again)."""
    if channel not in ACCOUNT_CHANNELS:
        raise PublishingError("Kênh không hợp lệ.")
    cleaned, errors = inputs.clean_fields(ChannelAccount, {"account_id": account_id})
    if errors or not cleaned["account_id"].strip() or not token.strip():
        raise PublishingError("Hãy nhập mã trang/tài khoản (địa chỉ webhook) và khóa truy cập (khóa ký).")
    if channel == ChannelKind.WEBHOOK and not cleaned["account_id"].startswith(("https://", "http://")):
        raise PublishingError("Địa chỉ webhook phải bắt đầu bằng https://.")
    with transaction.atomic():
        account, _ = ChannelAccount.objects.update_or_create(
            unit=unit,
            channel=channel,
            defaults={"account_id": cleaned["account_id"].strip(), "token_encrypted": encrypt_token(token.strip())},
        )
        audit.log_action(actor, "publishing.account.saved", account, after={"channel": channel})
    return account


def subscribe(territory: Unit, email: str) -> Subscriber | None:
    """Ask for a territory's news by e-mail: a confirmation e-mail goes to the address, and nothing else is sent
    until its link is followed. None (nothing sent) when the address is already subscribed, or was asked less than
    an hour ago: a form cannot be used to flood someone's inbox."""
    cleaned, errors = inputs.clean_fields(Subscriber, {"email": email})
    address = str(cleaned.get("email", "")).strip().lower()
    if errors or "@" not in address:
        raise PublishingError("Địa chỉ thư điện tử không hợp lệ.")
    with transaction.atomic():
        subscriber, created = Subscriber.objects.select_for_update().get_or_create(
            territory=territory, email=address, defaults={"token": secrets.token_urlsafe(32)}
        )
        if not created:
            active = subscriber.confirmed_at is not None and subscriber.unsubscribed_at is None
            if active or timezone.now() - subscriber.created_at < dt.timedelta(hours=1):
                return None
            subscriber.token, subscriber.created_at = secrets.token_urlsafe(32), timezone.now()
            subscriber.confirmed_at = subscriber.unsubscribed_at = None
            subscriber.save()
        transaction.on_commit(lambda: _send_confirmation(subscriber))
    return subscriber


def _send_confirmation(subscriber: Subscriber) -> None:
    from django.conf import settings
    from django.core.mail import send_mail
    from django.urls import reverse

    link = f"{settings.SITE_URL.rstrip('/')}{reverse('publishing:confirm', args=[subscriber.token])}"
    text = (
        f"Bạn (hoặc ai đó) đã đăng ký nhận tin cải cách hành chính của {subscriber.territory.name} qua địa chỉ này.\n"
        f"Để xác nhận, hãy mở: {link}\n"
        "Nếu không phải bạn, hãy bỏ qua thư này: sẽ không có thư nào khác."
    )
    send_mail("Xác nhận nhận tin cải cách hành chính", text, None, [subscriber.email], fail_silently=True)


def confirm_subscription(token: str) -> Subscriber | None:
    subscriber = Subscriber.objects.filter(token=token, unsubscribed_at__isnull=True).first()
    if subscriber is not None and subscriber.confirmed_at is None:
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["confirmed_at"])
    return subscriber


def unsubscribe(token: str) -> Subscriber | None:
    subscriber = Subscriber.objects.filter(token=token).first()
    if subscriber is not None and subscriber.unsubscribed_at is None:
        subscriber.unsubscribed_at = timezone.now()
        subscriber.save(update_fields=["unsubscribed_at"])
    return subscriber
