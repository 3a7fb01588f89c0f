"""Citizens' feedback (phản ánh, kiến nghị): the items, their files, routing rules, notifications to senders."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class Topic(models.TextChoices):
    PROCEDURE = "procedure", "Thủ tục hành chính"
    REGULATION = "regulation", "Quy định hành chính"
    ONLINE_SERVICE = "online_service", "Dịch vụ công trực tuyến"
    CONDUCT = "conduct", "Thái độ, hành vi của cán bộ, công chức"
    FEES = "fees", "Phí, lệ phí, thời gian giải quyết"
    OTHER = "other", "Vấn đề khác"


class Channel(models.TextChoices):
    WEB = "web", "Trực tuyến (trang này)"
    PAPER = "paper", "Văn bản giấy, đơn thư"
    PHONE = "phone", "Điện thoại, đường dây nóng"
    EMAIL = "email", "Thư điện tử"
    DESK = "desk", "Bộ phận một cửa"
    OPEN311 = "open311", "Ứng dụng, ki-ốt (Open311)"


# Channels an officer records an item from (the web form and Open311 record themselves).
STAFF_CHANNELS = (Channel.PAPER, Channel.PHONE, Channel.EMAIL, Channel.DESK)


class Status(models.TextChoices):
    RECEIVED = "received", "Đã tiếp nhận"
    ACCEPTED = "accepted", "Đã thụ lý"
    REFUSED = "refused", "Không thụ lý"
    ASSIGNED = "assigned", "Đang xử lý"
    ANSWERED = "answered", "Chờ lãnh đạo duyệt"
    APPROVED = "approved", "Đã duyệt trả lời"
    PUBLISHED = "published", "Đã trả lời"
    CLOSED = "closed", "Đã kết thúc"
    MERGED = "merged", "Đã gộp vào phản ánh khác"


OPEN_STATUSES = (Status.RECEIVED, Status.ACCEPTED, Status.ASSIGNED, Status.ANSWERED, Status.APPROVED)
ANSWERED_STATUSES = (Status.PUBLISHED, Status.CLOSED)
# Shown on the public list: answered, and the sender agreed to publication.
CONSENTED = Q(publish_consent=True)
PUBLISHED = CONSENTED & Q(status__in=ANSWERED_STATUSES)


class RefusalReason(models.TextChoices):
    """Why an item is not taken up (Nghị định 20/2008, Điều 9, as amended: not about administrative regulations,
    anonymous or untraceable, already answered, under a court or complaint procedure)."""

    NOT_REGULATION = "not_regulation", "Không thuộc phạm vi phản ánh, kiến nghị về quy định hành chính"
    UNIDENTIFIED = "unidentified", "Không rõ họ tên, địa chỉ người gửi để trả lời"
    UNCLEAR = "unclear", "Nội dung không rõ ràng, không đủ để xem xét"
    ALREADY_ANSWERED = "already_answered", "Đã được trả lời, không có tình tiết mới"
    OTHER_PROCEDURE = "other_procedure", "Đang được giải quyết theo thủ tục khiếu nại, tố cáo hoặc tố tụng"


class FeedbackItem(models.Model):
    """One citizen's feedback or petition, from receipt to the published answer and the sender's rating."""

    code = models.CharField("mã số", max_length=24, unique=True)
    # The form's one-time token: the same form sent twice (a double click, a retry) is stored once.
    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    channel = models.CharField("kênh tiếp nhận", max_length=10, choices=Channel.choices, default=Channel.WEB)
    topic = models.CharField("lĩnh vực", max_length=20, choices=Topic.choices)
    locality = models.ForeignKey(
        "units.Unit", verbose_name="địa bàn", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name="đơn vị xử lý",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="feedback_items",
    )
    content = models.TextField("nội dung")
    public_content = models.TextField("nội dung công khai", blank=True)
    sender_name = models.CharField("họ và tên", max_length=120, blank=True)
    sender_phone = models.CharField("điện thoại", max_length=20, blank=True)
    sender_email = models.EmailField("thư điện tử", max_length=254, blank=True)
    sender_address = models.CharField("địa chỉ", max_length=255, blank=True)
    consented_at = models.DateTimeField("đồng ý xử lý dữ liệu lúc", null=True, blank=True)
    publish_consent = models.BooleanField("đồng ý công khai (không kèm tên)", default=False)
    status = models.CharField("trạng thái", max_length=10, choices=Status.choices, default=Status.RECEIVED)
    received_at = models.DateTimeField("tiếp nhận lúc")
    received_on = models.DateField("ngày tiếp nhận", db_index=True)
    due_on = models.DateField("hạn trả lời", db_index=True)
    extended_from = models.DateField("hạn ban đầu (trước gia hạn)", null=True, blank=True)
    extension_reason = models.CharField("lý do gia hạn", max_length=500, blank=True)
    refusal_reason = models.CharField("lý do không thụ lý", max_length=20, choices=RefusalReason.choices, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="cán bộ xử lý",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answer = models.TextField("nội dung trả lời", blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    answered_on = models.DateField("ngày trả lời", null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    satisfied = models.BooleanField("hài lòng", null=True, blank=True)
    rating_reason = models.CharField("lý do", max_length=1000, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", verbose_name="gộp vào", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    split_from = models.ForeignKey(
        "self", verbose_name="tách từ", null=True, blank=True, on_delete=models.SET_NULL, related_name="parts"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    anonymised_at = models.DateTimeField("đã xóa dữ liệu cá nhân lúc", null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = "phản ánh, kiến nghị"
        verbose_name_plural = "phản ánh, kiến nghị"
        indexes = [
            # A unit's figures for a period are counted from this index alone (it holds every column they read).
            models.Index(
                fields=["unit", "received_on", "status", "due_on", "answered_on", "satisfied"],
                name="feedback_unit_figures",
            ),
            # The staff inbox: items by due date with their state, unit and place, read without the table (the state
            # is not first, or the public list's `status IN` would pick this index over its own).
            models.Index(fields=["due_on", "status", "unit", "locality"], name="feedback_due_status"),
            # The public list (newest answers first, counted) and its unit filter read only these partial indexes
            # of the items whose senders agreed to publication; the state (and the topic) is in the index, so
            # counting never reads the table. The state is not in the condition: SQLite cannot match a query's
            # `status IN (?, ?)` with bound parameters against a partial index's condition.
            models.Index(
                F("answered_on").desc(),
                F("id").desc(),
                "status",
                "topic",
                name="feedback_public_recent",
                condition=CONSENTED,
            ),
            models.Index(
                "unit",
                F("answered_on").desc(),
                F("id").desc(),
                "status",
                "topic",
                name="feedback_public_unit",
                condition=CONSENTED,
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def answered_on_time(self) -> bool | None:
        return None if self.answered_on is None else self.answered_on <= self.due_on


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"feedback/{instance.item_id}/{uuid.uuid4().hex}{instance.extension}"


class Attachment(models.Model):
    """A file the sender attached (image, PDF, document), checked by content before it is stored."""

    item = models.ForeignKey(FeedbackItem, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=255)
    name = models.CharField("tên tệp", max_length=255)
    content_type = models.CharField(max_length=100)
    extension = models.CharField(max_length=10)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = "tệp đính kèm"
        verbose_name_plural = "tệp đính kèm"

    def __str__(self) -> str:
        return self.name


class CodeCounter(models.Model):
    """The last number given on one day: PAKN.YYYYMMDD.NNNN codes come from it under a row lock."""

    day = models.DateField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.day:%Y%m%d}: {self.last}"


class RoutingRule(models.Model):
    """Topic × locality → responsible unit. The most specific rule wins (a named topic over any topic, the
    smallest locality containing the item's over a larger one); no rule: the item waits for the owner to sort."""

    topic = models.CharField("lĩnh vực", max_length=20, choices=Topic.choices, blank=True)
    locality = models.ForeignKey(
        "units.Unit", verbose_name="địa bàn", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey("units.Unit", verbose_name="đơn vị xử lý", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = "quy tắc phân loại"
        verbose_name_plural = "quy tắc phân loại"
        constraints = [models.UniqueConstraint(fields=["topic", "locality"], name="feedback_one_rule_per_key")]

    def __str__(self) -> str:
        return f"{self.get_topic_display() or 'Mọi lĩnh vực'} → {self.unit}"


class NotificationChannel(models.TextChoices):
    EMAIL = "email", "Thư điện tử"
    SMS = "sms", "Tin nhắn SMS"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Chờ gửi"
    SENT = "sent", "Đã gửi"
    FAILED = "failed", "Gửi không được"


class Notification(models.Model):
    """One message to a sender (received, answered); marked sent only once the mail server or SMS gateway
    accepted it, retried with doubling delays otherwise."""

    item = models.ForeignKey(FeedbackItem, on_delete=models.CASCADE, related_name="notifications")
    channel = models.CharField(max_length=10, choices=NotificationChannel.choices)
    event = models.CharField(max_length=20)
    recipient = models.CharField(max_length=254)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_at = models.DateTimeField(null=True, blank=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=1000, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "channel", "event", "recipient"], name="feedback_notify_once")
        ]

    def __str__(self) -> str:
        return f"{self.item} {self.event} ({self.channel})"
