"""Pieces of communication drafted once and published to several channels, each publication logged as executed work.

A `Piece` belongs to the unit that writes it and, usually, to the assignment it carries out (a plan's "đưa tin trên
Cổng TTĐT", "phát thanh trên hệ thống truyền thanh cơ sở" …). A leader approves it before anything goes out. Each
channel it is meant for gets one `Publication`: created once per piece and channel (the database refuses a second),
sent by a background job, retried on failure, with what the channel answered (its id for the post, a link, a file).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Genre(models.TextChoices):
    NEWS = "news", "Tin, bài"
    PROCEDURE_QA = "procedure_qa", "Hỏi – đáp thủ tục hành chính"
    ANNOUNCEMENT = "announcement", "Thông báo (cuộc thi, khảo sát, sự kiện)"
    BULLETIN = "bulletin", "Bản tin truyền thanh"
    POSTER = "poster", "Áp phích, tờ rơi"


class ChannelKind(models.TextChoices):
    PORTAL = "portal", "Cổng thông tin (tin tức, RSS)"
    ZALO = "zalo", "Zalo Official Account"
    FACEBOOK = "facebook", "Trang Facebook"
    RADIO = "radio", "Truyền thanh cơ sở (tệp âm thanh)"
    POSTER = "poster", "Áp phích in (PDF có mã QR)"
    NEWSLETTER = "newsletter", "Thư tin điện tử (e-mail người đăng ký)"
    WEBHOOK = "webhook", "Cổng thông tin khác (webhook)"


class PieceStatus(models.TextChoices):
    DRAFT = "draft", "Bản nháp"
    SUBMITTED = "submitted", "Chờ lãnh đạo duyệt"
    APPROVED = "approved", "Đã duyệt"
    PUBLISHED = "published", "Đã đăng"


class Paper(models.TextChoices):
    A4 = "A4", "A4 (210 × 297 mm)"
    A3 = "A3", "A3 (297 × 420 mm)"


class Piece(models.Model):
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="pieces", verbose_name="đơn vị")
    assignment = models.ForeignKey(
        "execution.Assignment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pieces",
        verbose_name="nhiệm vụ thực hiện",
    )
    genre = models.CharField("thể loại", max_length=20, choices=Genre.choices, default=Genre.NEWS)
    title = models.CharField("tiêu đề", max_length=300)
    body = models.TextField("nội dung", max_length=20000)
    link = models.URLField("đường dẫn kèm theo (mã QR trỏ tới)", max_length=500, blank=True)
    channels = models.JSONField("kênh đăng", default=list)
    scheduled_for = models.DateField("ngày dự kiến đăng")
    paper = models.CharField("khổ áp phích", max_length=2, choices=Paper.choices, default=Paper.A4)
    broadcast_times = models.JSONField("giờ phát bản tin", default=list, blank=True)
    broadcast_days = models.PositiveSmallIntegerField("số ngày phát", default=1)
    status = models.CharField("trạng thái", max_length=12, choices=PieceStatus.choices, default=PieceStatus.DRAFT)
    version = models.PositiveIntegerField("phiên bản", default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name="người soạn"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-scheduled_for", "-pk"]
        verbose_name = "bài đăng"
        verbose_name_plural = "bài đăng"

    def __str__(self) -> str:
        return self.title

    def channel_labels(self) -> list[str]:
        return [ChannelKind(kind).label for kind in self.channels if kind in ChannelKind.values]


class PieceVersion(models.Model):
    """The text of a piece as it stood before each edit."""

    piece = models.ForeignKey(Piece, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    body = models.TextField()
    saved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["piece", "version"], name="piece_version_once")]

    def __str__(self) -> str:
        return f"{self.title} (phiên bản {self.version})"


class PieceImage(models.Model):
    """A picture that goes with a piece, with the text a screen reader says instead (alt text, required)."""

    piece = models.ForeignKey(Piece, on_delete=models.CASCADE, related_name="images")
    file = models.FileField(upload_to="publishing/images/%Y/")
    alt = models.CharField("mô tả ảnh (cho người khiếm thị)", max_length=250)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = "ảnh của bài đăng"
        verbose_name_plural = "ảnh của bài đăng"

    def __str__(self) -> str:
        return self.alt


class PublicationStatus(models.TextChoices):
    PENDING = "pending", "Đang gửi"
    SENT = "sent", "Đã đăng"
    FAILED = "failed", "Lỗi"


class Publication(models.Model):
    piece = models.ForeignKey(Piece, on_delete=models.CASCADE, related_name="publications")
    channel = models.CharField("kênh", max_length=20, choices=ChannelKind.choices)
    status = models.CharField(max_length=10, choices=PublicationStatus.choices, default=PublicationStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    error = models.CharField("lỗi", max_length=500, blank=True)
    remote_id = models.CharField("mã bài trên kênh", max_length=200, blank=True)
    url = models.CharField("đường dẫn", max_length=500, blank=True)
    file = models.FileField(upload_to="publishing/%Y/", blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    result = models.ForeignKey(
        "execution.LoggedResult", on_delete=models.SET_NULL, null=True, blank=True, related_name="publications"
    )

    class Meta:
        ordering = ["channel"]
        constraints = [models.UniqueConstraint(fields=["piece", "channel"], name="publication_once_per_channel")]

    def __str__(self) -> str:
        return f"{self.piece} → {self.get_channel_display()}"


class ChannelAccount(models.Model):
    """A unit's account on an outside channel: the page or official account id (a webhook's address) and its access
    token (a webhook's signing secret), encrypted."""

    unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="channel_accounts")
    channel = models.CharField(max_length=20, choices=ChannelKind.choices)
    account_id = models.CharField("mã trang / tài khoản", max_length=100)
    token_encrypted = models.TextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "channel"], name="one_account_per_unit_channel")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()}: {self.account_id}"


class Subscriber(models.Model):
    """A citizen who asked for a territory's news by e-mail: sent only once they confirmed from the e-mail itself,
    never after they unsubscribed (the token in every e-mail's link)."""

    territory = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="subscribers")
    email = models.EmailField("thư điện tử", max_length=200)
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["territory", "email"], name="one_subscription_per_address")]

    def __str__(self) -> str:
        return f"{self.email} → {self.territory_id}"
