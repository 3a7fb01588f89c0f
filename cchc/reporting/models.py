"""Reporting data: reporting periods, unit reports, consolidated reports, scoring rubrics and unit scores."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from cchc.core import calendar
from cchc.core.calendar import is_late
from cchc.documents.signing import AUTHORITY_LABELS


class PeriodKind(models.TextChoices):
    """The report kinds of the one calendar (`core.calendar`), with its labels."""

    MONTHLY = calendar.MONTHLY, calendar.REPORT_KIND_LABELS[calendar.MONTHLY]
    QUARTERLY = calendar.QUARTERLY, calendar.REPORT_KIND_LABELS[calendar.QUARTERLY]
    SEMIANNUAL = calendar.SEMIANNUAL, calendar.REPORT_KIND_LABELS[calendar.SEMIANNUAL]
    ANNUAL = calendar.ANNUAL, calendar.REPORT_KIND_LABELS[calendar.ANNUAL]
    AD_HOC = calendar.AD_HOC, calendar.REPORT_KIND_LABELS[calendar.AD_HOC]


class ReportingPeriod(models.Model):
    """A kỳ báo cáo of a plan: which results count (start–end) and when unit reports are due."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="reporting_periods")
    key = models.CharField(max_length=300, editable=False)
    kind = models.CharField("loại kỳ", max_length=20, choices=PeriodKind.choices)
    title = models.CharField("tên kỳ báo cáo", max_length=255)
    start = models.DateField("số liệu từ ngày")
    end = models.DateField("số liệu đến ngày")
    due = models.DateField("hạn nộp báo cáo")
    requirements = models.ManyToManyField(
        "plans.ReportingRequirement", blank=True, related_name="periods", verbose_name="yêu cầu báo cáo"
    )
    is_manual = models.BooleanField("do cơ quan chủ trì thêm", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "due", "start", "id"]
        verbose_name = "kỳ báo cáo"
        verbose_name_plural = "kỳ báo cáo"
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="one_period_per_plan_key")]

    def __str__(self) -> str:
        return self.title

    @property
    def year(self) -> int:
        return self.due.year


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Đang soạn"
    SUBMITTED = "submitted", "Đã nộp"
    ACCEPTED = "accepted", "Đã tiếp nhận"
    RETURNED = "returned", "Trả lại để bổ sung"


EDITABLE_STATUSES = (ReportStatus.DRAFT, ReportStatus.RETURNED)


class UnitReport(models.Model):
    """One unit's report for one period: figures pre-filled from its logged results, and its own narrative."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="unit_reports")
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="reports")
    status = models.CharField("trạng thái", max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    figures = models.JSONField("số liệu tổng hợp", default=dict, blank=True)
    """Snapshot of the unit's logged results in the period; refreshed while editable, frozen once submitted."""
    figures_at = models.DateTimeField("thời điểm tổng hợp số liệu", null=True, blank=True)
    number = models.CharField("số báo cáo", max_length=20, blank=True)
    results = models.TextField("kết quả đạt được", blank=True)
    limitations = models.TextField("tồn tại, hạn chế", blank=True)
    causes = models.TextField("nguyên nhân", blank=True)
    proposals = models.TextField("đề xuất, kiến nghị", blank=True)
    signer_authority = models.CharField(
        "thẩm quyền ký", max_length=10, blank=True, choices=list(AUTHORITY_LABELS.items())
    )
    signer_position = models.CharField("chức vụ người ký", max_length=120, blank=True)
    signer_name = models.CharField("người ký", max_length=120, blank=True)
    first_submitted_at = models.DateTimeField("nộp lần đầu", null=True, blank=True)
    submitted_at = models.DateTimeField("nộp lần gần nhất", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField("thời điểm xem xét", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_comment = models.TextField("ý kiến của cơ quan chủ trì", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["period", "unit__path", "id"]
        verbose_name = "báo cáo của đơn vị"
        verbose_name_plural = "báo cáo của đơn vị"
        constraints = [models.UniqueConstraint(fields=["period", "unit"], name="one_report_per_unit_period")]

    def __str__(self) -> str:
        return f"{self.period.title} — {self.unit.name}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def first_submitted_on(self) -> dt.date | None:
        return _local_date(self.first_submitted_at)

    def is_late(self, today: dt.date) -> bool:
        """First submitted after the due date, or still not submitted once it has passed."""
        return is_late(self.first_submitted_on, self.period.due, today)


def _local_date(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localtime(moment).date() if moment is not None else None


class Issuer(models.TextChoices):
    """Who issues the consolidated report: the owner compiling it for its people's committee (Sở Nội vụ → UBND tỉnh,
    Phòng Nội vụ → UBND huyện), or the committee reporting up (UBND tỉnh → Bộ Nội vụ, UBND huyện → UBND tỉnh)."""

    OWNER = "owner", "Cơ quan chủ trì tổng hợp, báo cáo Ủy ban nhân dân"
    COMMITTEE = "committee", "Ủy ban nhân dân báo cáo cấp trên"


class ConsolidatedReport(models.Model):
    """The plan owner's report for a period across all units: figures are computed, the narrative is written."""

    period = models.OneToOneField(ReportingPeriod, on_delete=models.CASCADE, related_name="consolidated")
    issued_by = models.CharField("cơ quan ban hành", max_length=12, choices=Issuer.choices, default=Issuer.OWNER)
    number = models.CharField("số báo cáo", max_length=20, blank=True)
    issued_date = models.DateField("ngày báo cáo", null=True, blank=True)
    summary = models.TextField("đánh giá chung", blank=True)
    results = models.TextField("kết quả nổi bật", blank=True)
    limitations = models.TextField("tồn tại, hạn chế", blank=True)
    causes = models.TextField("nguyên nhân", blank=True)
    next_tasks = models.TextField("nhiệm vụ, giải pháp thời gian tới", blank=True)
    proposals = models.TextField("đề xuất, kiến nghị", blank=True)
    recipients = models.JSONField("nơi nhận", default=list, blank=True)
    signer_authority = models.CharField("thẩm quyền ký", max_length=120, blank=True)
    signer_position = models.CharField("chức vụ người ký", max_length=120, blank=True)
    signer_name = models.CharField("người ký", max_length=120, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "báo cáo tổng hợp"
        verbose_name_plural = "báo cáo tổng hợp"

    def __str__(self) -> str:
        return f"Báo cáo tổng hợp — {self.period.title}"


class Rubric(models.Model):
    """The scoring rubric a plan's units are scored with (JSON form of scoring.Rubric)."""

    plan = models.OneToOneField("plans.Plan", on_delete=models.CASCADE, related_name="rubric")
    definition = models.JSONField("bộ tiêu chí")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "bộ tiêu chí chấm điểm"
        verbose_name_plural = "bộ tiêu chí chấm điểm"

    def __str__(self) -> str:
        return str(self.definition.get("name", "Bộ tiêu chí"))


class UnitScore(models.Model):
    """A unit's score for a plan in one year, its rank and whether it is proposed for an award."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="unit_scores")
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="scores")
    year = models.PositiveSmallIntegerField("năm")
    total = models.FloatField("tổng điểm")
    points = models.JSONField("điểm từng tiêu chí", default=dict)
    measures = models.JSONField("số liệu chấm điểm", default=dict)
    rank = models.PositiveIntegerField("xếp hạng")
    proposed = models.BooleanField("đề nghị khen thưởng", default=False)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["plan", "year", "rank", "unit__name"]
        verbose_name = "điểm của đơn vị"
        verbose_name_plural = "điểm của đơn vị"
        constraints = [models.UniqueConstraint(fields=["plan", "unit", "year"], name="one_score_per_unit_year")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year}: {self.total}"


class ReportDraft(models.Model):
    """What was being typed in a unit report, saved in the background every few seconds (not the report: the
    report changes only when the person saves). Restored when the page is opened again, e.g. after logging in
    again; removed by the next save."""

    report = models.OneToOneField(UnitReport, on_delete=models.CASCADE, related_name="autosaved")
    values = models.JSONField(default=dict)
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    saved_at = models.DateTimeField()

    class Meta:
        verbose_name = "bản tự lưu báo cáo"
        verbose_name_plural = "bản tự lưu báo cáo"

    def __str__(self) -> str:
        return f"Bản tự lưu — {self.report_id}"
