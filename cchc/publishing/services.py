"""Writing, approving and publishing pieces; each publication that goes out is logged as a result of its
assignment, so the unit report counts it without anyone typing it again."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from cchc.accounts.types import Actor
from cchc.core import audit, inputs
from cchc.core.inputs import InputError
from cchc.core.tasks import enqueue
from cchc.execution.models import Assignment, LoggedResult, ResultKind
from cchc.execution.services import ExecutionError, ResultInput, log_result
from cchc.publishing.channels import CHANNELS, ChannelError, Outcome, encrypt_token
from cchc.publishing.models import (
    ChannelAccount,
    ChannelKind,
    Genre,
    Piece,
    PieceStatus,
    PieceVersion,
    Publication,
    PublicationStatus,
    Subscriber,
)
from cchc.units.models import Unit

MAX_ATTEMPTS = 4
ACCOUNT_CHANNELS = (ChannelKind.ZALO, ChannelKind.FACEBOOK, ChannelKind.WEBHOOK)
# The kind of result each channel's publication is logged as, and the quantity it counts.
RESULT_KINDS = {
    ChannelKind.PORTAL: (ResultKind.PORTAL_NEWS, None),
    ChannelKind.ZALO: (ResultKind.SOCIAL_POST, None),
    ChannelKind.FACEBOOK: (ResultKind.SOCIAL_POST, None),
    ChannelKind.RADIO: (ResultKind.LOUDSPEAKER, "broadcasts"),
    ChannelKind.POSTER: (ResultKind.VISUAL, "copies"),
    ChannelKind.NEWSLETTER: (ResultKind.PORTAL_NEWS, None),
    ChannelKind.WEBHOOK: (ResultKind.PORTAL_NEWS, None),
}


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
    if errors:
        raise PublishingError(" ".join(errors.values()))
    return PieceInput(cleaned["title"].strip(), cleaned["body"].strip(), data.scheduled_for, channels, data.genre,
                      cleaned["link"].strip())  # fmt: skip


def create_piece(actor: Actor, unit: Unit, data: PieceInput, assignment: Assignment | None = None) -> Piece:
    """A draft piece of `unit`, for `assignment` (one of the unit's) when it carries out a plan's activity."""
    data = _clean(data)
    if assignment is not None and assignment.unit_id != unit.pk:
        raise PublishingError("Nhiệm vụ này không phải của đơn vị soạn bài.")
    with transaction.atomic():
        piece = Piece.objects.create(
            unit=unit,
            assignment=assignment,
            genre=data.genre,
            title=data.title,
            body=data.body,
            link=data.link,
            channels=data.channels,
            scheduled_for=data.scheduled_for,
            created_by=actor,
        )
        audit.log_action(actor, "publishing.piece.created", piece, after=audit.snapshot(piece))
    return piece


def update_piece(actor: Actor, piece: Piece, data: PieceInput) -> Piece:
    """Edit a piece not yet published; the previous text is kept as a version, and an approved piece goes back to
    the leader (what they approved is no longer what would go out)."""
    data = _clean(data)
    with transaction.atomic():
        piece = Piece.objects.select_for_update().get(pk=piece.pk)
        if piece.status == PieceStatus.PUBLISHED:
            raise PublishingError("Bài đã đăng, không sửa được nữa.")
        before = audit.snapshot(piece)
        if (piece.title, piece.body) != (data.title, data.body):
            PieceVersion.objects.create(piece=piece, version=piece.version, title=piece.title, body=piece.body)
            piece.version += 1
        piece.title, piece.body, piece.link, piece.genre = data.title, data.body, data.link, data.genre
        piece.channels, piece.scheduled_for = data.channels, data.scheduled_for
        if piece.status == PieceStatus.APPROVED:
            piece.status, piece.approved_by, piece.approved_at = PieceStatus.SUBMITTED, None, None
        piece.save()
        audit.log_action(actor, "publishing.piece.updated", piece, before=before, after=audit.snapshot(piece))
    return piece


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
    kind, quantity = RESULT_KINDS[ChannelKind(publication.channel)]
    data = ResultInput(
        date=today(),
        kind=kind,
        title=f"{piece.title} ({ChannelKind(publication.channel).label})"[:300],
        link=_absolute(outcome.url) if outcome.url.startswith(("/", "http")) else "",
        note=f"Đăng tự động qua hệ thống; mã trên kênh: {outcome.remote_id}" if outcome.remote_id else "",
    )
    if quantity:
        setattr(data, quantity, 1)
    evidence = [SimpleUploadedFile(outcome.file_name, outcome.file_data)] if outcome.file_name.endswith(".pdf") else []
    try:
        return log_result(None, piece.assignment, data, evidence=evidence,
                          idempotency_key=f"publication-{publication.pk}").result  # fmt: skip
    except (ExecutionError, InputError):
        return None  # the assignment closed meanwhile: the publication stands, unlogged (shown on its page)


def _absolute(url: str) -> str:
    from django.conf import settings

    return url if url.startswith("http") else f"{settings.SITE_URL.rstrip('/')}{url}"


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
