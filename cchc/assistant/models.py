"""Procedures of the national database, corpus imports and the log of citizens' questions."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.urls import reverse

from cchc.assistant.vocabulary import ASPECT_LABELS


class ProcedureQuerySet(models.QuerySet["Procedure"]):
    def at_level(self, level: str) -> ProcedureQuerySet:
        return self.filter(levels__icontains=level) if level else self

    def in_field(self, field: str) -> ProcedureQuerySet:
        return self.filter(field=field) if field else self


class Procedure(models.Model):
    """An administrative procedure (thủ tục hành chính) as published by the national database."""

    code = models.CharField("mã thủ tục", max_length=32, unique=True)
    name = models.TextField("tên thủ tục")
    url = models.URLField("trang gốc", max_length=500, blank=True)
    decision_number = models.CharField("số quyết định công bố", max_length=200, blank=True)
    levels = models.CharField("cấp thực hiện", max_length=200, blank=True)
    procedure_type = models.CharField("loại thủ tục", max_length=200, blank=True)
    field = models.CharField("lĩnh vực", max_length=300, blank=True, db_index=True)
    ministry = models.CharField("cơ quan ban hành", max_length=200, blank=True)
    audience = models.TextField("đối tượng thực hiện", blank=True)
    agency = models.TextField("cơ quan thực hiện", blank=True)
    competent_agency = models.TextField("cơ quan có thẩm quyền", blank=True)
    address = models.TextField("địa chỉ tiếp nhận", blank=True)
    related = models.TextField("thủ tục liên quan", blank=True)
    steps = models.JSONField("trình tự thực hiện", default=list, blank=True)
    conditions = models.TextField("yêu cầu, điều kiện", blank=True)
    results = models.JSONField("kết quả thực hiện", default=list, blank=True)
    channels = models.JSONField("cách thức thực hiện", default=list, blank=True)
    documents = models.JSONField("thành phần hồ sơ", default=list, blank=True)
    legal_basis = models.JSONField("căn cứ pháp lý", default=list, blank=True)
    complete = models.BooleanField("bản ghi đầy đủ", default=True, help_text="sai khi chỉ có dòng của danh sách Excel")
    fingerprint = models.CharField(max_length=64, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProcedureQuerySet.as_manager()

    class Meta:
        verbose_name = "thủ tục hành chính"
        verbose_name_plural = "thủ tục hành chính"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("assistant:procedure", args=[self.code])

    def document_groups(self) -> list[tuple[str, list[dict[str, Any]]]]:
        """Documents grouped under their titles, in the record's order."""
        groups: list[tuple[str, list[dict[str, Any]]]] = []
        for item in self.documents:
            title = item.get("group", "")
            if not groups or groups[-1][0] != title:
                groups.append((title, []))
            groups[-1][1].append(item)
        return groups

    def qa_draft(self) -> dict[str, str]:
        """A question-and-answer piece on this procedure for the communication pages, quoting the record (code,
        publishing decision, documents, time limit, fees, where) with its source."""
        documents = "; ".join(str(d.get("name", "")).strip().rstrip(".") for d in self.documents[:8] if d.get("name"))
        ways = [c for c in self.channels if isinstance(c, dict)]
        durations = "; ".join(f"{c.get('channel', '')}: {c.get('duration', '')}" for c in ways if c.get("duration"))
        fees = "; ".join(f"{c.get('channel', '')}: {c.get('fee', '')}" for c in ways if c.get("fee"))
        lines = [
            f"Hỏi: Thủ tục «{self.name}» cần những giấy tờ gì, nộp ở đâu, mất bao lâu?",
            f"Trả lời: Theo thủ tục mã {self.code}"
            + (f" (công bố tại {self.decision_number})" if self.decision_number else "")
            + ":",
            f"- Hồ sơ gồm: {documents}." if documents else "",
            f"- Nơi nộp: {self.agency}." if self.agency else "",
            f"- Thời hạn giải quyết: {durations}." if durations else "",
            f"- Phí, lệ phí: {fees}." if fees else "",
            "Nguồn: Cơ sở dữ liệu quốc gia về thủ tục hành chính.",
        ]
        body = "\n".join(line for line in lines if line)
        return {"title": f"Hỏi – đáp: {self.name}"[:300], "body": body[:3000], "link": self.url}


class CorpusImport(models.Model):
    """One run of the procedure import; the latest one versions the in-memory retrieval index."""

    source = models.CharField("nguồn", max_length=300)
    created = models.PositiveIntegerField("thêm mới", default=0)
    updated = models.PositiveIntegerField("cập nhật", default=0)
    unchanged = models.PositiveIntegerField("không đổi", default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "lần nhập thủ tục"
        verbose_name_plural = "lần nhập thủ tục"

    def __str__(self) -> str:
        return f"{self.source}: +{self.created} ~{self.updated}"


class Question(models.Model):
    """A citizen's question as logged: personal data removed before it is stored."""

    text = models.TextField("câu hỏi (đã ẩn thông tin cá nhân)")
    aspect = models.CharField("nội dung hỏi", max_length=30, blank=True)
    answered = models.BooleanField("đã trả lời", default=False, db_index=True)
    top_code = models.CharField("thủ tục phù hợp nhất", max_length=32, blank=True)
    score = models.FloatField("điểm", default=0.0)
    channel = models.CharField("kênh", max_length=20, default="web")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "câu hỏi"
        verbose_name_plural = "câu hỏi"
        ordering = ["-created_at"]
        # Staff who curate the procedure corpus read the citizens' unanswered questions (and administrators).
        permissions = [("curate_procedures", "Biên tập kho thủ tục, xem câu hỏi chưa trả lời")]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def aspect_label(self) -> str:
        return ASPECT_LABELS.get(self.aspect, self.aspect)
