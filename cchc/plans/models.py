"""Plans and what they contain: activities, unit mentions, responsibilities, reporting requirements."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models

from cchc.core import calendar


class PlanLevel(models.TextChoices):
    MINISTRY = "ministry", "Bộ, ngành"
    PROVINCE = "province", "Cấp tỉnh"
    DISTRICT = "district", "Cấp huyện"
    COMMUNE = "commune", "Cấp xã"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    ISSUED = "issued", "Đã ban hành"
    CLOSED = "closed", "Đã kết thúc"


class Plan(models.Model):
    """A Kế hoạch: the signed document that says what communication a body does in a period."""

    source = models.CharField("tệp nguồn", max_length=255, blank=True)
    doc_type = models.CharField("loại văn bản", max_length=10, default="KH")
    number = models.CharField("số, ký hiệu", max_length=60, null=True, blank=True)
    issued_date = models.DateField("ngày ban hành", null=True, blank=True)
    issued_date_text = models.CharField("ngày ban hành như văn bản ghi", max_length=60, blank=True)
    issuer = models.CharField("cơ quan ban hành", max_length=255)
    issuer_unit = models.ForeignKey(
        "units.Unit",
        verbose_name="đơn vị ban hành",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issued_plans",
    )
    owner_unit = models.ForeignKey(
        "units.Unit",
        verbose_name="cơ quan theo dõi",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_plans",
    )
    level = models.CharField("cấp", max_length=20, choices=PlanLevel.choices)
    locality = models.CharField("địa bàn", max_length=120, blank=True)
    title = models.TextField("trích yếu")
    period_start = models.DateField("từ ngày")
    period_end = models.DateField("đến ngày")
    legal_bases = models.JSONField("căn cứ", default=list, blank=True)
    references = models.JSONField("văn bản được dẫn", default=list, blank=True)
    objectives = models.JSONField("mục đích", default=list, blank=True)
    requirements = models.JSONField("yêu cầu", default=list, blank=True)
    audiences = models.JSONField("đối tượng", default=list, blank=True)
    signer_authority = models.CharField("thẩm quyền ký", max_length=120, blank=True)
    signer_position = models.CharField("chức vụ người ký", max_length=120, blank=True)
    signer_name = models.CharField("người ký", max_length=120, null=True, blank=True)
    recipients = models.JSONField("nơi nhận", default=list, blank=True)
    recipient_headings = models.JSONField("dòng nhóm nơi nhận", default=list, blank=True)
    body = models.JSONField("toàn văn", default=list, blank=True)
    text_nodes = models.JSONField("nút của mục đích, yêu cầu, đối tượng", default=dict, blank=True)
    # The decision that issued the plan («QUYẾT ĐỊNH Ban hành Kế hoạch …»), plan JSON's `carrier`; {} when none.
    carrier = models.JSONField("quyết định ban hành", default=dict, blank=True)
    status = models.CharField("trạng thái", max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    is_public = models.BooleanField("công khai tiến độ", default=False)
    # The plan of the level above this one was made from ("Thực hiện Kế hoạch số …"): its owner follows the children.
    parent = models.ForeignKey(
        "self",
        verbose_name="kế hoạch cấp trên",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-period_start", "issuer", "id"]
        verbose_name = "kế hoạch"
        verbose_name_plural = "kế hoạch"
        indexes = [models.Index(fields=["level", "status"]), models.Index(fields=["issuer", "number"])]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "issuer_unit"],
                condition=models.Q(parent__isnull=False),
                name="one_derived_plan_per_parent_and_issuer",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number or 'KH'} — {self.title[:80]}"

    @property
    def year(self) -> int:
        return self.period_start.year

    @property
    def carrier_issued(self) -> dt.date | None:
        """The day of the decision that issued the plan, if it has one and it is dated."""
        value = (self.carrier or {}).get("issued_date")
        return dt.date.fromisoformat(value) if value else None


class FundingSource(models.TextChoices):
    """Where an activity's money comes from, as plans and budget estimates name it."""

    PROVINCE = "province", "Ngân sách tỉnh"
    DISTRICT = "district", "Ngân sách huyện"
    COMMUNE = "commune", "Ngân sách xã"
    INTEGRATED = "integrated", "Lồng ghép trong chương trình, đề án khác"
    SOCIALISED = "socialised", "Xã hội hóa"
    OTHER = "other", "Nguồn hợp pháp khác"


class FundingKind(models.TextChoices):
    RECURRENT = "recurrent", "Kinh phí thường xuyên"
    NON_RECURRENT = "non_recurrent", "Kinh phí không thường xuyên"


class Activity(models.Model):
    """One row of the appendix, or one numbered item in the body that names who does it."""

    class Source(models.TextChoices):
        APPENDIX = "appendix", "Phụ lục"
        BODY = "body", "Nội dung kế hoạch"

    class TimingKind(models.TextChoices):
        """The timing kinds of the one calendar (`core.calendar`), with its labels."""

        ONGOING = calendar.ONGOING, calendar.TIMING_KIND_LABELS[calendar.ONGOING]
        QUARTERS = calendar.QUARTERS, calendar.TIMING_KIND_LABELS[calendar.QUARTERS]
        RECURRING = calendar.RECURRING, calendar.TIMING_KIND_LABELS[calendar.RECURRING]
        AS_NEEDED = calendar.AS_NEEDED, calendar.TIMING_KIND_LABELS[calendar.AS_NEEDED]
        DATES = calendar.DATES, calendar.TIMING_KIND_LABELS[calendar.DATES]

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="activities")
    position = models.PositiveIntegerField(default=0)
    ref = models.CharField("số thứ tự", max_length=20, blank=True)
    source = models.CharField("nguồn", max_length=10, choices=Source.choices, default=Source.APPENDIX)
    group = models.TextField("nhóm", null=True, blank=True)
    content = models.TextField("nội dung")
    forms = models.JSONField("hình thức", default=list, blank=True)
    timing_text = models.TextField("thời gian thực hiện", blank=True)
    timing_kind = models.CharField(
        "loại thời gian", max_length=20, choices=TimingKind.choices, default=TimingKind.ONGOING
    )
    timing_quarters = models.JSONField("các quý", default=list, blank=True)
    timing_frequency = models.CharField("tần suất", max_length=30, null=True, blank=True)
    funding = models.TextField("kinh phí", null=True, blank=True)
    # The funding as figures: read from the text where it says so, the estimate typed for the budget round.
    estimate = models.DecimalField(
        "dự toán (đồng)",
        max_digits=15,
        decimal_places=0,
        null=True,
        blank=True,
    )
    funding_source = models.CharField("nguồn kinh phí", max_length=12, choices=FundingSource.choices, blank=True)
    funding_kind = models.CharField("loại kinh phí", max_length=14, choices=FundingKind.choices, blank=True)
    node = models.CharField("nút toàn văn", max_length=40, blank=True)

    class Meta:
        ordering = ["plan", "position", "id"]
        verbose_name = "nhiệm vụ"
        verbose_name_plural = "nhiệm vụ"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(estimate__isnull=True) | models.Q(estimate__gte=0), name="estimate_not_negative"
            )
        ]

    def __str__(self) -> str:
        return f"{self.ref}. {self.content[:80]}"


class Responsibility(models.Model):
    """One numbered item of Tổ chức thực hiện: who must (or is asked to) do what."""

    class Mode(models.TextChoices):
        ASSIGNED = "assigned", "Giao"
        REQUESTED = "requested", "Đề nghị"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="responsibilities")
    position = models.PositiveIntegerField(default=0)
    ref = models.CharField("số thứ tự", max_length=20, blank=True)
    mode = models.CharField("hình thức", max_length=10, choices=Mode.choices, default=Mode.ASSIGNED)
    duties = models.JSONField("nhiệm vụ", default=list, blank=True)
    node = models.CharField("nút toàn văn", max_length=40, blank=True)

    class Meta:
        ordering = ["plan", "position", "id"]
        verbose_name = "trách nhiệm"
        verbose_name_plural = "trách nhiệm"

    def __str__(self) -> str:
        return f"{self.ref}. {self.get_mode_display()}"


class UnitMention(models.Model):
    """A unit as the document prints it, with what it resolved to (unit, group) or nothing yet."""

    class Role(models.TextChoices):
        LEAD = "lead", "Chủ trì"
        COORDINATE = "coordinate", "Phối hợp"
        RESPONSIBLE = "responsible", "Thực hiện"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="mentions")
    activity = models.ForeignKey(Activity, null=True, blank=True, on_delete=models.CASCADE, related_name="mentions")
    responsibility = models.ForeignKey(
        Responsibility, null=True, blank=True, on_delete=models.CASCADE, related_name="mentions"
    )
    role = models.CharField("vai trò", max_length=12, choices=Role.choices)
    position = models.PositiveIntegerField(default=0)
    text = models.CharField("tên như văn bản ghi", max_length=500)
    unit = models.ForeignKey("units.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="mentions")
    group = models.ForeignKey(
        "units.UnitGroup", null=True, blank=True, on_delete=models.PROTECT, related_name="mentions"
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "đơn vị được nêu"
        verbose_name_plural = "đơn vị được nêu"
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(activity__isnull=False, responsibility__isnull=True)
                    | models.Q(activity__isnull=True, responsibility__isnull=False)
                ),
                name="mention_belongs_to_one_item",
            )
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def resolved(self) -> bool:
        return self.unit_id is not None or self.group_id is not None


class ReportingRequirement(models.Model):
    """A report or submission the plan asks for, with a due date or a frequency."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reporting")
    position = models.PositiveIntegerField(default=0)
    what = models.TextField("nội dung báo cáo")
    due = models.DateField("hạn", null=True, blank=True)
    frequency = models.JSONField("định kỳ", null=True, blank=True)
    to = models.TextField("gửi về", blank=True)
    node = models.CharField("nút toàn văn", max_length=40, blank=True)

    class Meta:
        ordering = ["plan", "position", "id"]
        verbose_name = "yêu cầu báo cáo"
        verbose_name_plural = "yêu cầu báo cáo"

    def __str__(self) -> str:
        return self.what[:80]


class PlanImport(models.Model):
    """A plan document being imported: the upload, the draft the importer read from it, and how far it got."""

    class Status(models.TextChoices):
        PENDING = "pending", "Đang chờ xử lý"
        RUNNING = "running", "Đang xử lý"
        READY = "ready", "Chờ soát lại"
        FAILED = "failed", "Không đọc được"
        SAVED = "saved", "Đã lưu thành kế hoạch"

    filename = models.CharField("tên tệp", max_length=255)
    upload = models.BinaryField("nội dung tệp", blank=True, default=b"")
    status = models.CharField("trạng thái", max_length=10, choices=Status.choices, default=Status.PENDING)
    error = models.TextField("lỗi", blank=True)
    draft = models.JSONField("bản nháp (JSON kế hoạch)", default=dict, blank=True)
    meta = models.JSONField("độ tin cậy và vị trí nguồn", default=dict, blank=True)
    warnings = models.JSONField("lưu ý", default=list, blank=True)
    source_text = models.TextField("văn bản nguồn", blank=True)
    # A text that lost its marks: {"text": the restored text, "words": the repaired or doubtful words in it, each
    # {"start", "end", "read", "chosen", "suggestions", "repaired", "doubtful", "checked"}}.
    restoration = models.JSONField("chữ đã khôi phục dấu", default=dict, blank=True)
    pages_done = models.PositiveIntegerField("số trang quét đã nhận dạng", default=0)
    pages_total = models.PositiveIntegerField("số trang quét cần nhận dạng", default=0)
    plan = models.ForeignKey(
        Plan, verbose_name="kế hoạch đã lưu", null=True, blank=True, on_delete=models.SET_NULL, related_name="imports"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người nhập",
        null=True,
        on_delete=models.CASCADE,
        related_name="plan_imports",
    )
    # How many times reading was started: a reading cut off by a crash is started again once, then failed.
    attempts = models.PositiveSmallIntegerField("số lần đọc", default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when reading starts and at each page read: a reading "running" with no change for PLAN_IMPORT_STALE_SECONDS
    # has died.
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "lượt nhập văn bản kế hoạch"
        verbose_name_plural = "lượt nhập văn bản kế hoạch"

    def __str__(self) -> str:
        return self.filename
