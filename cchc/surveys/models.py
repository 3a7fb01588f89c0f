"""Satisfaction surveys (SIPAS-style): a questionnaire — a question bank of the survey kind, so the question engine,
its Excel import and its versions serve surveys as they serve contests — and the responses, online (by link or the
QR code at the one-stop desk) or entered by staff from paper forms. Anonymous by default."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Survey(models.Model):
    title = models.CharField("tên cuộc khảo sát", max_length=300)
    intro = models.TextField("lời giới thiệu", max_length=5000, blank=True)
    organiser_unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    bank = models.OneToOneField("questions.QuestionBank", on_delete=models.PROTECT, related_name="+")
    token = models.CharField(max_length=43, unique=True)
    fields = models.JSONField("lĩnh vực thủ tục", default=list, blank=True)
    opens_at = models.DateTimeField("mở lúc")
    closes_at = models.DateTimeField("đóng lúc", null=True, blank=True)
    is_anonymous = models.BooleanField("ẩn danh", default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "cuộc khảo sát"
        verbose_name_plural = "cuộc khảo sát"

    def __str__(self) -> str:
        return self.title


class Response(models.Model):
    """One filled questionnaire. `nonce` is the form's one-time id: the same form posted twice is stored once; a
    paper form's number is unique in its survey, so a form typed in twice is refused."""

    class Channel(models.TextChoices):
        ONLINE = "online", "Trực tuyến"
        PAPER = "paper", "Phiếu giấy"

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    nonce = models.CharField(max_length=43)
    paper_number = models.CharField("số phiếu", max_length=40, blank=True)
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="cơ quan giải quyết thủ tục"
    )
    field = models.CharField("lĩnh vực thủ tục", max_length=200, blank=True)
    answers = models.JSONField(default=dict)
    scale_answers = models.PositiveSmallIntegerField(default=0)
    satisfied_answers = models.PositiveSmallIntegerField(default=0)
    respondent = models.CharField("người trả lời", max_length=200, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    answered_on = models.DateField("ngày trả lời")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "nonce"], name="response_once"),
            models.UniqueConstraint(
                fields=["survey", "paper_number"], condition=~models.Q(paper_number=""), name="paper_form_once"
            ),
        ]
        indexes = [models.Index(fields=["survey", "unit", "answered_on"])]
        verbose_name = "phiếu khảo sát"
        verbose_name_plural = "phiếu khảo sát"

    def __str__(self) -> str:
        return f"Phiếu {self.pk} — {self.survey}"
