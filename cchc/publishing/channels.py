"""The channels a piece goes out on, each a small client behind one interface: `check` says, before anything is
sent, what the channel would refuse (too long, characters a voice cannot read, no account); `publish` sends and
returns what the channel answered, or raises ChannelError (retry or not). Outside services (Zalo, Facebook) are
reached only at the addresses in settings, so tests point them at local fake servers.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import json
import shutil
import subprocess
import tempfile
import textwrap
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from django.conf import settings

from cchc.publishing import speech
from cchc.publishing.models import ChannelAccount, ChannelKind, Paper, Piece, PieceImage


class ChannelError(Exception):
    """What went wrong, in Vietnamese, for the piece's page; `retry` when trying again later may succeed."""

    def __init__(self, message: str, retry: bool = True) -> None:
        super().__init__(message)
        self.message = message
        self.retry = retry


@dataclass
class Outcome:
    """What a channel answered: its id for the post, a link, a file, a note for the logged result, and the
    quantities it reports (copies printed, broadcasts scheduled, readers reached)."""

    remote_id: str = ""
    url: str = ""
    file_name: str = ""
    file_data: bytes = b""
    note: str = ""
    quantities: dict[str, int] = field(default_factory=dict)


def site_url(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def image_url(image: PieceImage) -> str:
    """The picture's address that anyone may open once the piece is approved (channels fetch it from there)."""
    from django.urls import reverse

    return site_url(reverse("publishing:image", args=[image.pk]))


class Channel:
    kind: ClassVar[str]
    max_title: ClassVar[int] = 300
    max_body: ClassVar[int] = 20000

    def check(self, piece: Piece) -> list[str]:
        label = ChannelKind(self.kind).label
        problems = []
        if len(piece.title) > self.max_title:
            problems.append(f"{label}: tiêu đề dài quá {self.max_title} ký tự.")
        if len(piece.body) > self.max_body:
            problems.append(f"{label}: nội dung dài quá {self.max_body} ký tự.")
        return problems

    def publish(self, piece: Piece, key: str) -> Outcome:
        raise NotImplementedError


class PortalChannel(Channel):
    """The system's own public news pages (and their RSS feed): publishing makes the piece visible there."""

    kind = ChannelKind.PORTAL

    def publish(self, piece: Piece, key: str) -> Outcome:
        from django.urls import reverse

        return Outcome(remote_id=str(piece.pk), url=reverse("publishing:news_detail", args=[piece.pk]))


# Fernet keys derived from SECRET_KEY: a token is readable only by this installation.
def _fernet() -> Any:
    from cryptography.fernet import Fernet

    digest = hashlib.sha256(f"channel-tokens:{settings.SECRET_KEY}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def encrypt_token(token: str) -> str:
    return str(_fernet().encrypt(token.encode()).decode())


def decrypt_token(encrypted: str) -> str:
    from cryptography.fernet import InvalidToken

    try:
        return str(_fernet().decrypt(encrypted.encode()).decode())
    except InvalidToken:
        raise ChannelError(
            "Khóa truy cập của kênh không giải mã được (khóa bí mật đã đổi): hãy nhập lại.", False
        ) from None


class SocialChannel(Channel):
    """A social network's documented HTTP API, with the unit's page or official account and its token."""

    setting: ClassVar[str]
    brand: ClassVar[str] = ""

    def account(self, piece: Piece) -> ChannelAccount:
        account = ChannelAccount.objects.filter(unit=piece.unit, channel=self.kind).first()
        if account is None:
            label = ChannelKind(self.kind).label
            raise ChannelError(f"Đơn vị chưa khai báo tài khoản {label} (mã trang và khóa truy cập).", retry=False)
        return account

    def check(self, piece: Piece) -> list[str]:
        problems = super().check(piece)
        if not ChannelAccount.objects.filter(unit=piece.unit, channel=self.kind).exists():
            problems.append(f"{ChannelKind(self.kind).label}: đơn vị chưa khai báo tài khoản.")
        return problems

    def refused(self, expired: bool, message: Any, retry: bool) -> ChannelError:
        """The channel's refusal of a post: an expired token is said plainly and never retried."""
        reason = "khóa truy cập đã hết hạn, hãy cấp lại" if expired else str(message or "")[:200]
        return ChannelError(f"{self.brand} từ chối bài: {reason}.", retry=retry and not expired)

    def call(self, path: str, data: dict[str, Any], headers: dict[str, str], as_json: bool) -> dict[str, Any]:
        url = str(getattr(settings, self.setting)).rstrip("/") + path
        body = json.dumps(data).encode() if as_json else urllib.parse.urlencode(data).encode()
        content_type = "application/json" if as_json else "application/x-www-form-urlencoded"
        return self.post(url, body, {**headers, "Content-Type": content_type})

    def post(self, url: str, body: bytes, headers: dict[str, str]) -> dict[str, Any]:
        """POST to the channel; its JSON answer (an error answer too), or ChannelError when it cannot be reached."""
        request = urllib.request.Request(url, body, headers, method="POST")
        label = ChannelKind(self.kind).label
        try:
            with urllib.request.urlopen(request, timeout=15) as response:
                answer: dict[str, Any] = json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as exc:
            try:
                answer = {**json.loads(exc.read() or b"{}"), "_status": exc.code}
            except (ValueError, TypeError):
                raise ChannelError(f"{label} trả lỗi {exc.code}; sẽ thử lại.", retry=exc.code >= 500) from None
        except (urllib.error.URLError, TimeoutError, OSError, ValueError):
            raise ChannelError(f"Không kết nối được {label}; sẽ thử lại.") from None
        return answer


class FacebookChannel(SocialChannel):
    """A post on the unit's Facebook Page: Graph API `POST /{page-id}/feed` (message, link, access_token), or with a
    picture `POST /{page-id}/photos` (url, caption, alt_text_custom)."""

    kind = ChannelKind.FACEBOOK
    setting = "FACEBOOK_GRAPH_URL"
    brand = "Facebook"
    max_body = 63206

    def publish(self, piece: Piece, key: str) -> Outcome:
        account = self.account(piece)
        message = f"{piece.title}\n\n{piece.body}"
        token = decrypt_token(account.token_encrypted)
        image = piece.images.first()
        if image is None:
            data = {"message": message, "access_token": token, **({"link": piece.link} if piece.link else {})}
            answer = self.call(f"/{account.account_id}/feed", data, {}, as_json=False)
        else:  # a photo post: the picture with its alt text, the text as its caption (the link written in it)
            caption = f"{message}\n\n{piece.link}".strip()
            data = {"url": image_url(image), "caption": caption, "alt_text_custom": image.alt, "access_token": token}
            answer = self.call(f"/{account.account_id}/photos", data, {}, as_json=False)
        if "error" in answer:
            error = answer["error"] if isinstance(answer["error"], dict) else {}
            raise self.refused(error.get("code") == 190, error.get("message"), retry=error.get("code") in (1, 2))
        post_id = str(answer.get("post_id") or answer.get("id", ""))
        return Outcome(remote_id=post_id, url=f"https://www.facebook.com/{post_id}" if post_id else "")


class ZaloChannel(SocialChannel):
    """An article on the unit's Zalo Official Account: OA API `POST /v2.0/article/create` with header access_token."""

    kind = ChannelKind.ZALO
    setting = "ZALO_API_URL"
    brand = "Zalo"
    max_title = 150

    def publish(self, piece: Piece, key: str) -> Outcome:
        account = self.account(piece)
        article = {
            "type": "normal",
            "title": piece.title,
            "author": piece.unit.name[:50],
            "description": textwrap.shorten(piece.body, 300, placeholder="…"),
            "body": [{"type": "text", "content": paragraph} for paragraph in piece.body.split("\n") if paragraph]
            + [{"type": "photo", "url": image_url(image), "caption": image.alt} for image in piece.images.all()],
            "status": "show",
            "comment": "show",
            "tracking_link": piece.link,
        }
        headers = {"access_token": decrypt_token(account.token_encrypted)}
        answer = self.call("/v2.0/article/create", article, headers, as_json=True)
        code = int(answer.get("error", -1))
        if code != 0:
            raise self.refused(code in (-216, -124), answer.get("message"), retry=code in (-32, -201))
        data = answer.get("data") or {}
        return Outcome(remote_id=str(data.get("id") or data.get("token") or ""))


# Peaks brought to -1 dBFS whatever the engine's level (espeak-ng reaches 0.996, which the encoder would clip), half
# a second of silence around the bulletin for the station's equipment to settle.
RADIO_EFFECTS = ("gain", "-n", "-1", "pad", "0.5", "0.5")


class RadioChannel(Channel):
    """A bulletin for the commune loudspeakers: the text normalised for speech, synthesised offline by a speech
    command (espeak-ng's Vietnamese voice by default; `SPEECH_COMMAND` names a better engine a province installs:
    it reads the text on stdin and writes WAV on stdout), encoded as OGG Vorbis by sox."""

    kind = ChannelKind.RADIO
    max_body = 6000  # about six minutes of speech

    def check(self, piece: Piece) -> list[str]:
        problems = super().check(piece)
        odd = speech.unreadable(f"{piece.title}\n{piece.body}")
        if odd:
            shown = " ".join(odd[:10])
            problems.append(f"Bản tin có ký tự giọng đọc không đọc được: {shown} — hãy viết thành chữ hoặc bỏ đi.")
        if not shutil.which(settings.SPEECH_COMMAND[0]) or not shutil.which("sox"):
            problems.append("Máy chủ chưa cài bộ đọc (espeak-ng) và sox: apt-get install espeak-ng sox.")
        return problems

    def publish(self, piece: Piece, key: str) -> Outcome:
        if problems := self.check(piece):
            raise ChannelError(" ".join(problems), retry=False)
        text = speech.for_speech(f"{piece.title}.\n{piece.body}")
        with tempfile.TemporaryDirectory() as folder:
            wav, ogg = Path(folder) / "ban-tin.wav", Path(folder) / "ban-tin.ogg"
            try:
                spoken = subprocess.run(
                    settings.SPEECH_COMMAND, input=text.encode(), capture_output=True, timeout=300, check=True
                )
                wav.write_bytes(spoken.stdout)
                subprocess.run(["sox", str(wav), "-C", "3", str(ogg), *RADIO_EFFECTS], capture_output=True,
                               timeout=300, check=True)  # fmt: skip
            except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError):
                raise ChannelError("Không tạo được tệp âm thanh của bản tin; sẽ thử lại.") from None
            audio = ogg.read_bytes()
        schedule, count = broadcast_schedule(piece), broadcast_count(piece)
        return Outcome(file_name=f"ban-tin-{piece.pk}.ogg", file_data=audio, note=schedule,
                       quantities={"broadcasts": count})  # fmt: skip


def broadcast_count(piece: Piece) -> int:
    """How many times the loudspeakers play the bulletin: each time of day on each day of its run (once at least)."""
    return max(1, len(piece.broadcast_times)) * max(1, piece.broadcast_days)


def broadcast_schedule(piece: Piece) -> str:
    """The bulletin's schedule as the commune's radio station reads it: times of day, from which day, for how long."""
    times = ", ".join(piece.broadcast_times) or "một lần"
    return f"Lịch phát: {times} mỗi ngày, {piece.broadcast_days} ngày từ {piece.scheduled_for:%d/%m/%Y}."


class PosterChannel(Channel):
    """A print-ready poster, A4 or A3 (PDF, 3 mm bleed): title, text, and a QR code to the piece's link (a procedure
    page, the assistant, a survey, a contest) or, without one, to the piece on the portal."""

    kind = ChannelKind.POSTER
    max_title = 120
    max_body = 1500
    BLEED_MM = 3.0

    def publish(self, piece: Piece, key: str) -> Outcome:
        data = poster_pdf(piece, qr_target(piece))
        return Outcome(file_name=f"ap-phich-{piece.pk}.pdf", file_data=data, quantities={"copies": 1})


def qr_target(piece: Piece) -> str:
    from django.urls import reverse

    return piece.link or site_url(reverse("publishing:news_detail", args=[piece.pk]))


PAPER_MM = {Paper.A4: (210, 297), Paper.A3: (297, 420)}


def poster_pdf(piece: Piece, target: str) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import segno
    from matplotlib.figure import Figure

    inch = 25.4
    bleed = PosterChannel.BLEED_MM / inch
    # A3 is A4 scaled by about √2: the same layout, every length and type size scaled with the paper's width.
    paper_width, paper_height = PAPER_MM[Paper(piece.paper)]
    scale = paper_width / PAPER_MM[Paper.A4][0]
    width, height = paper_width / inch + 2 * bleed, paper_height / inch + 2 * bleed
    figure = Figure(figsize=(width, height))
    ax = figure.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.axis("off")
    k = scale
    band = 2.2 * k
    ax.add_patch(matplotlib.patches.Rectangle((0, height - bleed - band), width, band + bleed, color="#9b1c1c"))
    ax.text(width / 2, height - bleed - 0.55 * k, piece.unit.name.upper(), ha="center", va="center", color="white",
            fontsize=13 * k, fontweight="bold", wrap=True)  # fmt: skip
    ax.text(width / 2, height - bleed - 1.45 * k, "\n".join(textwrap.wrap(piece.title.upper(), 34)), ha="center",
            va="center", color="white", fontsize=20 * k, fontweight="bold", linespacing=1.2)  # fmt: skip
    body = "\n".join(line for paragraph in piece.body.split("\n") for line in textwrap.wrap(paragraph, 58) or [""])
    ax.text(bleed + 0.6 * k, height - bleed - 2.7 * k, body, ha="left", va="top", fontsize=15 * k, linespacing=1.5)
    qr = segno.make(target, error="m")
    matrix = [[1 - int(bool(cell)) for cell in row] for row in qr.matrix]
    size, foot = 2.4 * k, bleed + 0.9 * k
    ax.imshow(matrix, cmap="gray", interpolation="nearest", extent=(width / 2 - size / 2, width / 2 + size / 2,
              foot, foot + size), vmin=0, vmax=1)  # fmt: skip
    ax.text(width / 2, bleed + 0.6 * k, "Quét mã QR để xem chi tiết", ha="center", va="center", fontsize=11 * k)
    out = io.BytesIO()
    figure.savefig(out, format="pdf")
    return out.getvalue()


class WebhookChannel(SocialChannel):
    """Another portal that takes news by webhook: the piece as JSON POSTed to the unit's address, signed with its
    secret (`X-CCHC-Signature: sha256=<HMAC of the body>`); the portal answers with its id for the item."""

    kind = ChannelKind.WEBHOOK

    def publish(self, piece: Piece, key: str) -> Outcome:
        account = self.account(piece)
        body = json.dumps({
            "id": key, "title": piece.title, "body": piece.body, "link": piece.link,
            "unit": piece.unit.name, "date": piece.scheduled_for.isoformat(),
        }, ensure_ascii=False).encode()  # fmt: skip
        secret = decrypt_token(account.token_encrypted).encode()
        signature = "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()
        headers = {"Content-Type": "application/json", "X-CCHC-Signature": signature}
        answer = self.post(account.account_id, body, headers)
        if (status := int(answer.get("_status", 200))) >= 400:
            reason = str(answer.get("error", ""))[:200]
            raise ChannelError(f"Cổng nhận tin trả lỗi {status}: {reason}", retry=status >= 500)
        return Outcome(remote_id=str(answer.get("id", ""))[:200], url=str(answer.get("url", ""))[:500])


class NewsletterChannel(Channel):
    """The territory's e-mail newsletter: one message to each confirmed subscriber, with a link to stop it."""

    kind = ChannelKind.NEWSLETTER

    def publish(self, piece: Piece, key: str) -> Outcome:
        from django.core.mail import EmailMessage, get_connection
        from django.urls import reverse

        from cchc.publishing.models import Subscriber

        readers = Subscriber.objects.filter(
            territory=piece.unit.territorial_root(), confirmed_at__isnull=False, unsubscribed_at__isnull=True
        )
        messages = []
        for reader in readers.iterator():
            stop = site_url(reverse("publishing:unsubscribe", args=[reader.token]))
            pictures = "".join(f"\n[Ảnh: {image.alt}] {image_url(image)}" for image in piece.images.all())
            text = f"{piece.body}\n{pictures}\n\n{piece.link}\n\n--\n{piece.unit.name}\nThôi nhận thư tin: {stop}"
            text = text.replace("\n\n\n", "\n")
            messages.append(
                EmailMessage(piece.title, text, None, [reader.email], headers={"List-Unsubscribe": f"<{stop}>"})
            )
        try:
            sent = get_connection().send_messages(messages) if messages else 0
        except OSError:
            raise ChannelError("Máy chủ thư điện tử không nhận thư; sẽ thử lại.") from None
        return Outcome(remote_id=f"{sent or 0} người nhận", quantities={"reach": sent or 0})


CHANNELS: dict[str, Channel] = {
    channel.kind: channel
    for channel in (
        PortalChannel(), ZaloChannel(), FacebookChannel(), RadioChannel(), PosterChannel(), NewsletterChannel(),
        WebhookChannel(),
    )
}  # fmt: skip
