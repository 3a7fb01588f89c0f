"""The question bank shared by contests and surveys: versioned questions (a revision is a new row, so a round that
froze its pool keeps asking exactly what it drew) and the Excel imports that fill a bank."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cchc.execution.models import Pillar

MAX_OPTIONS = 6
TRUE_FALSE_LABELS = ("Đúng", "Sai")


class QuestionKind(models.TextChoices):
    SINGLE = "single", "Một đáp án đúng"
    MULTIPLE = "multiple", "Nhiều đáp án đúng"
    TRUE_FALSE = "true_false", "Đúng / Sai"
    NUMBER = "number", "Điền số"
    SCALE = "scale", "Thang đánh giá 5 mức"
    TEXT = "text", "Trả lời tự do"


CONTEST_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.TRUE_FALSE, QuestionKind.NUMBER)
SCALE_LABELS = ("Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng", "Rất hài lòng")
SCALE_OPTIONS = tuple({"id": str(level), "text": label} for level, label in enumerate(SCALE_LABELS, start=1))


class Difficulty(models.IntegerChoices):
    EASY = 1, "Dễ"
    MEDIUM = 2, "Trung bình"
    HARD = 3, "Khó"


class QuestionBank(models.Model):
    """A unit's collection of questions: a contest bank (questions with right answers, drawn for each paper) or a
    survey's questionnaire (scales, choices and free text, asked in order, no right answer)."""

    class Purpose(models.TextChoices):
        CONTEST = "contest", "Cuộc thi"
        SURVEY = "survey", "Khảo sát"

    name = models.CharField("tên ngân hàng câu hỏi", max_length=200)
    purpose = models.CharField(max_length=10, choices=Purpose.choices, default=Purpose.CONTEST)
    owner_unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "ngân hàng câu hỏi"
        verbose_name_plural = "ngân hàng câu hỏi"

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    """One version of one question. `key` is the question's number in its bank, shared by its versions; only the
    newest version is current (drawn for new rounds). Options carry random ids (never their position or whether
    they are right); `correct` lists the right option ids, or holds the one right number."""

    bank = models.ForeignKey(QuestionBank, on_delete=models.CASCADE, related_name="questions")
    key = models.PositiveIntegerField("mã câu hỏi")
    version = models.PositiveSmallIntegerField("phiên bản", default=1)
    is_current = models.BooleanField(default=True)
    kind = models.CharField("loại câu hỏi", max_length=12, choices=QuestionKind.choices)
    text = models.TextField("nội dung câu hỏi", max_length=2000)
    options = models.JSONField("phương án", default=list, blank=True)
    correct = models.JSONField("đáp án đúng", default=list)
    pillar = models.CharField("nội dung CCHC", max_length=30, choices=Pillar.choices, default=Pillar.GENERAL)
    difficulty = models.PositiveSmallIntegerField("độ khó", choices=Difficulty.choices, default=Difficulty.MEDIUM)
    tags = models.JSONField("thẻ", default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["bank", "key", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["bank", "key", "version"], name="question_version_unique"),
            models.UniqueConstraint(
                fields=["bank", "key"], condition=models.Q(is_current=True), name="question_one_current"
            ),
        ]
        indexes = [models.Index(fields=["bank", "is_current", "pillar", "difficulty"])]
        verbose_name = "câu hỏi"
        verbose_name_plural = "câu hỏi"

    def __str__(self) -> str:
        return f"Câu {self.key} (v{self.version}): {self.text[:80]}"

    def option_text(self) -> dict[str, str]:
        return {str(o["id"]): str(o["text"]) for o in self.options}


class QuestionImport(models.Model):
    """An Excel bank: checked first (every row's errors kept), then added all at once or not at all."""

    class Status(models.TextChoices):
        CHECKED = "checked", "Đã kiểm tra, chưa thêm vào ngân hàng"
        INVALID = "invalid", "Có lỗi, chưa thêm"
        COMMITTED = "committed", "Đã thêm vào ngân hàng"

    bank = models.ForeignKey(QuestionBank, on_delete=models.CASCADE, related_name="imports")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    original_name = models.CharField(max_length=255)
    status = models.CharField(max_length=10, choices=Status.choices)
    row_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    rows = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    committed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "tệp nhập câu hỏi"
        verbose_name_plural = "tệp nhập câu hỏi"

    def __str__(self) -> str:
        return self.original_name
