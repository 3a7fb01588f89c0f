"""Execution data: assignments, occurrences, logged results with evidence, progress, targets, reminders."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst

from cchc.core import calendar
from cchc.core.text import fold
from cchc.execution.schedule import occurrence_status
from cchc.plans.models import FundingSource


class Pillar(models.TextChoices):
    """The six pillars of the administrative reform programme (Nghị quyết 76/NQ-CP), plus 'general'."""

    INSTITUTIONS = "institutions", "Cải cách thể chế"
    PROCEDURES = "procedures", "Cải cách thủ tục hành chính"
    APPARATUS = "apparatus", "Cải cách tổ chức bộ máy"
    CIVIL_SERVICE = "civil_service", "Cải cách chế độ công vụ"
    PUBLIC_FINANCE = "public_finance", "Cải cách tài chính công"
    DIGITAL_GOVERNMENT = "digital_government", "Xây dựng chính phủ điện tử, chính phủ số"
    GENERAL = "general", "Chung (nhiều nội dung)"


class ResultKind(models.TextChoices):
    """What kind of communication a logged result is; also the 'channel' the dashboards group by."""

    PORTAL_NEWS = "portal_news", "Tin, bài trên Cổng/Trang TTĐT"
    PRESS_ARTICLE = "press_article", "Bài báo in, báo điện tử"
    BROADCAST = "broadcast", "Phát thanh, truyền hình"
    LOUDSPEAKER = "loudspeaker", "Truyền thanh cơ sở"
    SOCIAL_POST = "social_post", "Bài đăng mạng xã hội"
    CONFERENCE = "conference", "Hội nghị, tập huấn, hội thảo, tọa đàm"
    DIALOGUE = "dialogue", "Đối thoại"
    CONTEST = "contest", "Cuộc thi"
    VISUAL = "visual", "Trực quan (pa nô, băng rôn, áp phích, tờ rơi)"
    PRINTED = "printed", "Ấn phẩm, tài liệu in"
    SURVEY = "survey", "Khảo sát mức độ hài lòng"
    OTHER = "other", "Hình thức khác"


QUANTITY_FIELDS = ("participants", "copies", "broadcasts", "reach", "rate")
MONEY_FIELDS = ("spent", "spent_source")  # what a result cost (đồng) and the budget it came from
MAX_SPENT = 10**13  # đồng: far above any communication budget, far below the column's 15 digits
# (minimum, maximum, decimal places or None for whole numbers) of each quantity, wherever it is typed.
QUANTITY_BOUNDS: dict[str, tuple[int, int, int | None]] = {
    "participants": (0, 1_000_000_000, None),
    "copies": (0, 1_000_000_000, None),
    "broadcasts": (0, 1_000_000_000, None),
    "reach": (0, 1_000_000_000, None),
    "rate": (0, 100, 2),
}
# The quantities that make sense for each kind; others are refused so that totals mean something.
KIND_QUANTITIES: dict[str, tuple[str, ...]] = {
    ResultKind.PORTAL_NEWS: ("reach",),
    ResultKind.PRESS_ARTICLE: ("copies", "reach"),
    ResultKind.BROADCAST: ("broadcasts", "reach"),
    ResultKind.LOUDSPEAKER: ("broadcasts",),
    ResultKind.SOCIAL_POST: ("reach",),
    ResultKind.CONFERENCE: ("participants",),
    ResultKind.DIALOGUE: ("participants",),
    ResultKind.CONTEST: ("participants",),
    ResultKind.VISUAL: ("copies",),
    ResultKind.PRINTED: ("copies",),
    ResultKind.SURVEY: ("participants", "rate"),
    ResultKind.OTHER: ("participants", "copies", "broadcasts", "reach"),
}


class OccurrenceStatus(models.TextChoices):
    NOT_YET_DUE = "not_yet_due", "Chưa đến hạn"
    DUE = "due", "Đang trong hạn"
    DONE = "done", "Đã thực hiện"
    LATE = "late", "Thực hiện muộn"
    MISSING = "missing", "Chưa thực hiện (quá hạn)"


class ActivityClassification(models.Model):
    """The reform pillar of a plan's activity: proposed from its wording, confirmed by the plan owner."""

    activity = models.OneToOneField("plans.Activity", on_delete=models.CASCADE, related_name="classification")
    pillar = models.CharField("lĩnh vực CCHC", max_length=30, choices=Pillar.choices, default=Pillar.GENERAL)
    proposed_pillar = models.CharField(
        "lĩnh vực đề xuất", max_length=30, choices=Pillar.choices, default=Pillar.GENERAL
    )
    confirmed = models.BooleanField("đã xác nhận", default=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "phân loại nhiệm vụ"
        verbose_name_plural = "phân loại nhiệm vụ"

    def __str__(self) -> str:
        return f"{self.activity_id}: {self.get_pillar_display()}"


class AssignmentQuerySet(models.QuerySet["Assignment"]):
    def active(self) -> AssignmentQuerySet:
        return self.filter(is_active=True)


class Assignment(models.Model):
    """What one unit must (or is asked to) do for one activity or one duty of a plan."""

    class Role(models.TextChoices):
        LEAD = "lead", "Chủ trì"
        COORDINATE = "coordinate", "Phối hợp"
        RESPONSIBLE = "responsible", "Thực hiện"

    class Mode(models.TextChoices):
        ASSIGNED = "assigned", "Giao"
        REQUESTED = "requested", "Đề nghị"

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="assignments")
    activity = models.ForeignKey(
        "plans.Activity", null=True, blank=True, on_delete=models.CASCADE, related_name="assignments"
    )
    responsibility = models.ForeignKey(
        "plans.Responsibility", null=True, blank=True, on_delete=models.CASCADE, related_name="assignments"
    )
    duty_index = models.PositiveSmallIntegerField("số thứ tự nhiệm vụ", null=True, blank=True)
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="assignments")
    role = models.CharField("vai trò", max_length=12, choices=Role.choices)
    mode = models.CharField("hình thức", max_length=10, choices=Mode.choices, default=Mode.ASSIGNED)
    ref = models.CharField("số thứ tự", max_length=40, blank=True)
    title = models.TextField("nội dung")
    pillar = models.CharField("lĩnh vực CCHC", max_length=30, choices=Pillar.choices, default=Pillar.GENERAL)
    timing_text = models.TextField("thời gian thực hiện", blank=True)
    timing_kind = models.CharField("loại thời gian", max_length=20, default=calendar.ONGOING)
    timing_quarters = models.JSONField("các quý", default=list, blank=True)
    timing_frequency = models.CharField("tần suất", max_length=30, null=True, blank=True)
    # False once a re-issue no longer names the unit: logged work is kept, nothing more is expected.
    is_active = models.BooleanField("còn hiệu lực", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "ref", "id"]
        verbose_name = "nhiệm vụ được giao"
        verbose_name_plural = "nhiệm vụ được giao"
        indexes = [models.Index(fields=["plan", "unit"]), models.Index(fields=["unit", "is_active"])]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(activity__isnull=False, responsibility__isnull=True)
                    | Q(activity__isnull=True, responsibility__isnull=False, duty_index__isnull=False)
                ),
                name="assignment_from_activity_or_duty",
            ),
            models.UniqueConstraint(
                fields=["activity", "unit"],
                condition=Q(activity__isnull=False),
                name="one_assignment_per_activity_unit",
            ),
            models.UniqueConstraint(
                fields=["responsibility", "duty_index", "unit"],
                condition=Q(responsibility__isnull=False),
                name="one_assignment_per_duty_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ref} · {self.title[:60]} · {self.unit_id}"

    @property
    def source_key(self) -> tuple[str, int, int]:
        """(source, source id, duty index) — what a re-issue matches assignments on, together with the unit."""
        if self.activity_id is not None:
            return ("activity", self.activity_id, 0)
        return ("duty", int(self.responsibility_id or 0), int(self.duty_index or 0))


class Occurrence(models.Model):
    """One window in which an assignment is expected to produce at least one result (a month, a quarter...)."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="occurrences")
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="occurrences")
    # Copied from the assignment so that dashboards group 100,000 occurrences without a join.
    unit = models.ForeignKey("units.Unit", null=True, on_delete=models.PROTECT, related_name="+")
    pillar = models.CharField("lĩnh vực CCHC", max_length=30, choices=Pillar.choices, default=Pillar.GENERAL)
    label = models.CharField("kỳ", max_length=60)
    start = models.DateField("từ ngày")
    due = models.DateField("hạn")
    # Earliest date among the results attached; kept by the services so status is one SQL expression.
    first_result_on = models.DateField("ngày có kết quả đầu tiên", null=True, blank=True)
    results_count = models.PositiveIntegerField("số kết quả", default=0)
    is_active = models.BooleanField("còn hiệu lực", default=True)

    class Meta:
        ordering = ["due", "id"]
        verbose_name = "kỳ thực hiện"
        verbose_name_plural = "kỳ thực hiện"
        indexes = [
            models.Index(fields=["plan", "due"]),
            models.Index(fields=["assignment", "due"]),
            # Covers the dashboard's status query: an index-only scan already in group order.
            models.Index(
                fields=["plan", "is_active", "unit", "pillar", "due", "start", "first_result_on"],
                name="occurrence_status_cover",
            ),
        ]
        constraints = [models.UniqueConstraint(fields=["assignment", "start"], name="one_occurrence_per_window")]

    def __str__(self) -> str:
        return f"{self.label} ({self.start:%d/%m/%Y}–{self.due:%d/%m/%Y})"

    def status(self, today: dt.date) -> str:
        """Computed status; never stored, never overwritten by what a unit states."""
        return occurrence_status(self.start, self.due, self.first_result_on, today)


class LoggedResult(models.Model):
    """Something a unit did for an assignment, with its quantities and evidence."""

    class Source(models.TextChoices):
        FORM = "form", "Nhập trên màn hình"
        EXCEL = "excel", "Nhập từ tệp Excel"
        API = "api", "Hệ thống khác (API)"

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="logged_results")
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="logged_results")
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="results")
    occurrence = models.ForeignKey(Occurrence, null=True, blank=True, on_delete=models.SET_NULL, related_name="results")
    date = models.DateField("ngày thực hiện")
    kind = models.CharField("hình thức", max_length=20, choices=ResultKind.choices)
    pillar = models.CharField("lĩnh vực CCHC", max_length=30, choices=Pillar.choices, default=Pillar.GENERAL)
    title = models.CharField("tiêu đề, nội dung", max_length=500)
    # The title as duplicates are compared (`result_title_key`); unique with assignment, date and kind, so the same
    # result posted many times at once is stored once whatever idempotency keys the posts carry.
    title_key = models.CharField(max_length=600, editable=False)
    link = models.URLField("đường dẫn", max_length=500, blank=True)
    participants = models.PositiveIntegerField("số người tham dự", null=True, blank=True)
    copies = models.PositiveIntegerField("số bản, số lượng", null=True, blank=True)
    broadcasts = models.PositiveIntegerField("số lần phát sóng", null=True, blank=True)
    reach = models.PositiveIntegerField("lượt xem, lượt tiếp cận", null=True, blank=True)
    rate = models.DecimalField("tỷ lệ hài lòng (%)", max_digits=5, decimal_places=2, null=True, blank=True)
    # What the result cost, and from which budget: compared with the activity's estimate, added up in the reports.
    spent = models.DecimalField("kinh phí đã chi (đồng)", max_digits=15, decimal_places=0, null=True, blank=True)
    spent_source = models.CharField("nguồn kinh phí đã chi", max_length=12, choices=FundingSource.choices, blank=True)
    note = models.TextField("ghi chú", blank=True)
    source = models.CharField("nguồn", max_length=10, choices=Source.choices, default=Source.FORM)
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    # Bumped by every edit: an edit made from a stale copy is refused instead of overwriting.
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = "kết quả thực hiện"
        verbose_name_plural = "kết quả thực hiện"
        indexes = [
            models.Index(fields=["plan", "date"]),
            models.Index(fields=["plan", "unit"]),
            models.Index(fields=["plan", "kind"]),
            models.Index(fields=["assignment", "date"]),
            # Covers the dashboard's totals by kind and month.
            models.Index(
                fields=["plan", "kind", "date", "participants", "copies", "broadcasts", "reach"],
                name="result_totals_cover",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "date", "kind", "title_key"], name="one_result_per_assignment_day_kind_title"
            ),
            models.CheckConstraint(condition=Q(spent__isnull=True) | Q(spent__gte=0), name="spent_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.title[:60]}"


# What a person says about a result, in the order the form, the API and the Excel sheet show it. The one list:
# the form (a ModelForm), the API schemas, the Excel columns, the service's input and the edit page follow it, so
# a new result field is a model field named here (and in `ResultInput`, which a test keeps in step).
RESULT_INPUT_FIELDS: tuple[str, ...] = ("date", "kind", "title", "link", *QUANTITY_FIELDS, *MONEY_FIELDS, "note")


def result_field(name: str) -> models.Field[Any, Any]:
    """The model field behind one of `RESULT_INPUT_FIELDS`."""
    field = LoggedResult._meta.get_field(name)
    assert isinstance(field, models.Field)
    return field


# Labels as people read them, from the model's verbose names.
RESULT_LABELS: dict[str, str] = {name: capfirst(str(result_field(name).verbose_name)) for name in RESULT_INPUT_FIELDS}
QUANTITY_LABELS: dict[str, str] = {name: RESULT_LABELS[name] for name in QUANTITY_FIELDS}


def result_title_key(title: str) -> str:
    """What makes two result titles the same: case, accents and spacing aside."""
    return fold(title or "")


def evidence_path(instance: Evidence, filename: str) -> str:
    today = timezone.localdate()
    return f"execution/evidence/{today:%Y/%m}/{instance.sha256[:2]}/{filename[-80:]}"


class Evidence(models.Model):
    """A supporting document (tài liệu kiểm chứng) for a logged result: pdf, image or docx."""

    result = models.ForeignKey(LoggedResult, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField("tệp", upload_to=evidence_path, max_length=300)
    original_name = models.CharField("tên tệp", max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    # The unit's choice to show this picture on the plan's public progress page (images only; off by default).
    is_public = models.BooleanField("công khai trên trang tiến độ", default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "tài liệu kiểm chứng"
        verbose_name_plural = "tài liệu kiểm chứng"
        constraints = [models.UniqueConstraint(fields=["result", "sha256"], name="one_copy_of_evidence_per_result")]

    def __str__(self) -> str:
        return self.original_name


class ProgressStatement(models.Model):
    """A unit's own account of its progress on an assignment; shown beside, never instead of, the status."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="progress_statements")
    percent = models.PositiveSmallIntegerField("tiến độ tự đánh giá (%)")
    note = models.TextField("ghi chú", blank=True)
    stated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    stated_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-stated_at", "-id"]
        verbose_name = "tiến độ tự đánh giá"
        verbose_name_plural = "tiến độ tự đánh giá"
        constraints = [models.CheckConstraint(condition=Q(percent__lte=100), name="progress_percent_at_most_100")]

    def __str__(self) -> str:
        return f"{self.percent}%"


class Target(models.Model):
    """A measurable target read from an activity's or duty's wording; counts only once the owner confirms it."""

    class Metric(models.TextChoices):
        TOTAL = "total", "Tổng số trong kỳ kế hoạch"
        EVERY_PERIOD = "every_period", "Mỗi kỳ đều có"
        PERCENT = "percent", "Tỷ lệ phần trăm"

    class Period(models.TextChoices):
        PLAN = "plan", "Cả kỳ kế hoạch"
        WEEK = "week", "Tuần"
        MONTH = "month", "Tháng"
        QUARTER = "quarter", "Quý"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Đề xuất"
        CONFIRMED = "confirmed", "Đã xác nhận"
        REJECTED = "rejected", "Không dùng"

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="targets")
    activity = models.ForeignKey(
        "plans.Activity", null=True, blank=True, on_delete=models.CASCADE, related_name="targets"
    )
    responsibility = models.ForeignKey(
        "plans.Responsibility", null=True, blank=True, on_delete=models.CASCADE, related_name="targets"
    )
    duty_index = models.PositiveSmallIntegerField(null=True, blank=True)
    phrase = models.CharField("câu chữ trong kế hoạch", max_length=300)
    description = models.CharField("chỉ tiêu", max_length=300)
    metric = models.CharField("cách đo", max_length=20, choices=Metric.choices)
    period = models.CharField("kỳ", max_length=10, choices=Period.choices, default=Period.PLAN)
    kinds = models.JSONField("hình thức được tính", default=list, blank=True)
    quantity = models.CharField("đại lượng", max_length=20, default="results")
    threshold = models.DecimalField("mức", max_digits=12, decimal_places=2)
    status = models.CharField("trạng thái", max_length=10, choices=Status.choices, default=Status.PROPOSED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["plan", "id"]
        verbose_name = "chỉ tiêu"
        verbose_name_plural = "chỉ tiêu"
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "activity", "phrase"],
                condition=Q(activity__isnull=False),
                name="one_target_per_activity_phrase",
            ),
            models.UniqueConstraint(
                fields=["plan", "responsibility", "duty_index", "phrase"],
                condition=Q(responsibility__isnull=False),
                name="one_target_per_duty_phrase",
            ),
        ]

    def __str__(self) -> str:
        return self.description


class ResultImport(models.Model):
    """An Excel file of results: checked first, then recorded all at once or not at all."""

    class Status(models.TextChoices):
        CHECKED = "checked", "Đã kiểm tra, chưa ghi nhận"
        INVALID = "invalid", "Có lỗi, chưa ghi nhận"
        COMMITTED = "committed", "Đã ghi nhận"

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="result_imports")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    file = models.FileField(upload_to="execution/imports/%Y/%m/", max_length=300)
    original_name = models.CharField(max_length=255)
    status = models.CharField(max_length=10, choices=Status.choices)
    row_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    committed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "tệp nhập kết quả"
        verbose_name_plural = "tệp nhập kết quả"

    def __str__(self) -> str:
        return self.original_name


class EmailStatus(models.TextChoices):
    NONE = "none", "Không gửi (người nhận chưa có địa chỉ thư)"
    PENDING = "pending", "Chờ gửi"
    SENT = "sent", "Đã gửi"
    FAILED = "failed", "Gửi lỗi, đã thôi thử lại"


class Reminder(models.Model):
    """One reminder to one person about one item; the unique key is what makes sending happen exactly once."""

    class Kind(models.TextChoices):
        BEFORE_OCCURRENCE = "before_occurrence", "Sắp đến hạn thực hiện"
        LATE_OCCURRENCE = "late_occurrence", "Quá hạn thực hiện"
        BEFORE_REPORT = "before_report", "Sắp đến hạn báo cáo"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="execution_reminders"
    )
    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="reminders")
    occurrence = models.ForeignKey(
        Occurrence, null=True, blank=True, on_delete=models.CASCADE, related_name="reminders"
    )
    reporting = models.ForeignKey(
        "plans.ReportingRequirement", null=True, blank=True, on_delete=models.CASCADE, related_name="reminders"
    )
    item_key = models.CharField(max_length=80)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    days_before = models.SmallIntegerField(default=0)
    due = models.DateField("hạn")
    message = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    email_status = models.CharField(
        "thư điện tử", max_length=10, choices=EmailStatus.choices, default=EmailStatus.NONE, db_index=True
    )
    # Failed sends are tried again with backoff: the next try is due at email_next_at (also a short lease while
    # one job is sending, so two jobs never send the same reminder).
    email_attempts = models.PositiveSmallIntegerField("số lần gửi thư", default=0)
    email_next_at = models.DateTimeField("lần gửi thư tiếp theo", null=True, blank=True)
    email_error = models.TextField("lỗi gửi thư gần nhất", blank=True)
    emailed_at = models.DateTimeField("đã gửi thư lúc", null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "nhắc việc"
        verbose_name_plural = "nhắc việc"
        indexes = [models.Index(fields=["recipient", "read_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "item_key", "kind", "days_before"], name="one_reminder_per_recipient_item_kind"
            ),
        ]

    def __str__(self) -> str:
        return self.message[:80]
