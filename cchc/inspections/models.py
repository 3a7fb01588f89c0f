"""Inspection rounds of a plan's communication work: the units checked, the checklist made from their assignments
and evidence, findings with their severity, recommendations with due dates and their follow-up."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models


class RoundStatus(models.TextChoices):
    OPEN = "open", "Đang kiểm tra"
    CLOSED = "closed", "Đã kết thúc"


class InspectionRound(models.Model):
    """One đợt kiểm tra: the period whose work is checked, the units visited (chosen or sampled), the team."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="inspection_rounds")
    title = models.CharField("tên đợt kiểm tra", max_length=255)
    start = models.DateField("kiểm tra kết quả từ ngày")
    end = models.DateField("đến ngày")
    team = models.JSONField("thành phần đoàn kiểm tra", default=list, blank=True)
    units = models.ManyToManyField("units.Unit", verbose_name="đơn vị được kiểm tra", related_name="+")
    sampled = models.BooleanField("chọn mẫu ngẫu nhiên", default=False)
    status = models.CharField("trạng thái", max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start", "-id"]
        verbose_name = "đợt kiểm tra"
        verbose_name_plural = "đợt kiểm tra"
        constraints = [models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="round_ends_after")]

    def __str__(self) -> str:
        return self.title


class Verdict(models.TextChoices):
    UNCHECKED = "unchecked", "Chưa đánh giá"
    MET = "met", "Đạt"
    PARTIAL = "partial", "Đạt một phần"
    NOT_MET = "not_met", "Chưa đạt"


class ChecklistItem(models.Model):
    """One assignment of an inspected unit: what was logged and backed by evidence in the period, and the verdict."""

    round = models.ForeignKey(InspectionRound, on_delete=models.CASCADE, related_name="items")
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    assignment = models.ForeignKey(
        "execution.Assignment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requirement = models.TextField("nội dung kiểm tra")
    results = models.PositiveIntegerField("số kết quả ghi nhận", default=0)
    evidence = models.PositiveIntegerField("số tài liệu kiểm chứng", default=0)
    proposed = models.CharField("đánh giá đề xuất", max_length=10, choices=Verdict.choices, default=Verdict.UNCHECKED)
    verdict = models.CharField("đánh giá", max_length=10, choices=Verdict.choices, default=Verdict.UNCHECKED)
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        ordering = ["round", "unit__name", "id"]
        verbose_name = "nội dung kiểm tra"
        verbose_name_plural = "nội dung kiểm tra"
        constraints = [models.UniqueConstraint(fields=["round", "assignment"], name="one_check_per_round_assignment")]

    def __str__(self) -> str:
        return self.requirement[:80]


class Severity(models.TextChoices):
    MINOR = "minor", "Nhẹ"
    MODERATE = "moderate", "Trung bình"
    SERIOUS = "serious", "Nghiêm trọng"


class Finding(models.Model):
    """A shortcoming the team found at one unit."""

    round = models.ForeignKey(InspectionRound, on_delete=models.CASCADE, related_name="findings")
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="inspection_findings")
    text = models.TextField("tồn tại, hạn chế")
    severity = models.CharField("mức độ", max_length=10, choices=Severity.choices, default=Severity.MINOR)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["round", "unit__name", "id"]
        verbose_name = "phát hiện kiểm tra"
        verbose_name_plural = "phát hiện kiểm tra"

    def __str__(self) -> str:
        return self.text[:80]


class FollowUp(models.TextChoices):
    OPEN = "open", "Chưa khắc phục"
    IN_PROGRESS = "in_progress", "Đang khắc phục"
    DONE = "done", "Đã khắc phục"


class Recommendation(models.Model):
    """What the unit must do about a finding, by when, and how far it got."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="recommendations")
    text = models.TextField("kiến nghị")
    due = models.DateField("hạn khắc phục")
    status = models.CharField("tình trạng", max_length=12, choices=FollowUp.choices, default=FollowUp.OPEN)
    follow_up = models.TextField("kết quả khắc phục", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due", "id"]
        verbose_name = "kiến nghị"
        verbose_name_plural = "kiến nghị"

    def __str__(self) -> str:
        return self.text[:80]

    def overdue(self, today: dt.date) -> bool:
        return self.status != FollowUp.DONE and self.due < today
