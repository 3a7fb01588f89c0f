"""Knowledge contests (cuộc thi tìm hiểu CCHC): a contest, its rounds, and each person's one attempt per round."""

from __future__ import annotations

from django.conf import settings
from django.db import models

MAX_DURATION_MINUTES = 240
MAX_QUESTIONS = 200
DEFAULT_GUESS_PROMPT = "Dự đoán số người trả lời đúng tất cả các câu hỏi của vòng thi"


class Contest(models.Model):
    """A contest a unit organises, drawing its questions from one of the unit's banks."""

    title = models.CharField("tên cuộc thi", max_length=300)
    description = models.TextField("thể lệ, giới thiệu", max_length=20_000, blank=True)
    organiser_unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    bank = models.ForeignKey("questions.QuestionBank", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "cuộc thi"
        verbose_name_plural = "cuộc thi"

    def __str__(self) -> str:
        return self.title


class Round(models.Model):
    """One round (a week of Huế's contest): open and close times, the time limit, the draw rules and the pool of
    question versions frozen when the round was created (later revisions of the bank do not reach it)."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField("vòng số")
    opens_at = models.DateTimeField("mở lúc")
    closes_at = models.DateTimeField("đóng lúc")
    duration_minutes = models.PositiveSmallIntegerField("thời gian làm bài (phút)")
    easy_count = models.PositiveSmallIntegerField("số câu dễ", default=0)
    medium_count = models.PositiveSmallIntegerField("số câu trung bình", default=0)
    hard_count = models.PositiveSmallIntegerField("số câu khó", default=0)
    pillars = models.JSONField("chỉ lấy câu hỏi về", default=list, blank=True)
    tag = models.CharField("chỉ lấy câu hỏi có thẻ", max_length=100, blank=True)
    pool = models.JSONField(default=list)
    guess_prompt = models.CharField("câu hỏi dự đoán", max_length=300, default=DEFAULT_GUESS_PROMPT)
    guess_answer = models.PositiveIntegerField("đáp án câu dự đoán", null=True, blank=True)
    prize_count = models.PositiveSmallIntegerField("số giải", default=10)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["contest", "number"]
        constraints = [models.UniqueConstraint(fields=["contest", "number"], name="round_number_unique")]
        verbose_name = "vòng thi"
        verbose_name_plural = "vòng thi"

    def __str__(self) -> str:
        return f"{self.contest.title} — vòng {self.number}"

    @property
    def question_count(self) -> int:
        return self.easy_count + self.medium_count + self.hard_count


class Attempt(models.Model):
    """One person's attempt at a round. The person is known by `person_key`, a keyed hash of the normalised CCCD
    number (the number itself is never stored), unique per round: one attempt per person per round. The paper
    (questions drawn and their option order) is fixed at the start; answers are replaced whole by each autosave
    carrying a higher sequence number, so a late or repeated save never overwrites a newer one."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="attempts")
    token = models.CharField(max_length=43, unique=True)
    person_key = models.CharField(max_length=64)
    full_name = models.CharField("họ và tên", max_length=120)
    email = models.EmailField("thư điện tử", max_length=200, blank=True)
    phone = models.CharField("số điện thoại", max_length=20, blank=True)
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="đơn vị công tác")
    # The account that started the attempt when the taker was signed in: their home page lists it.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    client_ip = models.GenericIPAddressField(null=True, blank=True)
    started_at = models.DateTimeField()
    deadline_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    auto_submitted = models.BooleanField(default=False)
    paper = models.JSONField(default=list)
    answers = models.JSONField(default=dict, blank=True)
    guess = models.PositiveIntegerField("dự đoán", null=True, blank=True)
    save_seq = models.PositiveIntegerField(default=0)
    save_count = models.PositiveIntegerField(default=0)
    saved_at = models.DateTimeField(null=True, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["round", "-score", "submitted_at"]
        constraints = [models.UniqueConstraint(fields=["round", "person_key"], name="attempt_one_per_person")]
        indexes = [
            models.Index(fields=["round", "submitted_at"]),
            models.Index(fields=["round", "client_ip"]),
            models.Index(fields=["deadline_at"], condition=models.Q(submitted_at__isnull=True), name="attempt_open"),
        ]
        verbose_name = "bài dự thi"
        verbose_name_plural = "bài dự thi"

    def __str__(self) -> str:
        return f"{self.full_name} — {self.round}"
