"""Plan document import screens: upload a .txt/.docx/.pdf, review the draft beside its source, save it as a plan."""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cchc.accounts.types import AuthenticatedRequest
from cchc.core.inputs import clean_text
from cchc.core.tasks import start_long
from cchc.plans.access import can_create_plan
from cchc.plans.importing import services as import_services
from cchc.plans.importing.forms import DocumentUploadForm, bound_forms, reviewed_plan
from cchc.plans.importing.tasks import read_plan_document, recover_stale_imports
from cchc.plans.models import PlanImport
from cchc.plans.schema import PlanFormatError

LOW_CONFIDENCE = 0.8


# Confidence and source positions for the screen.


@dataclass
class Hint:
    """How sure the importer was of a value, and the line of the source it came from."""

    confidence: float
    line: int | None

    @property
    def low(self) -> bool:
        return self.confidence < LOW_CONFIDENCE

    @property
    def percent(self) -> int:
        return round(self.confidence * 100)


FIELD_META = {
    "period_start": "period",
    "period_end": "period",
    "signer_authority": "signer",
    "signer_position": "signer",
    "signer_name": "signer.name",
}


def _hints(meta: dict[str, Any], text: str) -> dict[str, Hint]:
    """Per JSON path (and per list: the least sure item), the confidence and the source line number."""
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    hints: dict[str, Hint] = {}
    for path, entry in meta.items():
        span = entry.get("span")
        line = bisect.bisect_right(starts, span[0]) if span else None
        hints[path] = Hint(float(entry.get("confidence", 1.0)), line)
        whole = re.sub(r"\[\d+\]$", "", path)
        if whole != path and (whole not in hints or hints[path].confidence < hints[whole].confidence):
            hints[whole] = hints[path]
    return hints


def _annotate(bound: dict[str, Any], hints: dict[str, Hint]) -> None:
    """Give each form field and row the importer's hint (shown as a mark on uncertain values)."""
    for name, field in bound["plan_form"].fields.items():
        field.hint = hints.get(FIELD_META.get(name, name))
    for key, path in (
        ("legal_bases", "legal_bases"),
        ("activities", "activities"),
        ("responsibilities", "responsibilities"),
        ("reporting", "reporting"),
    ):
        for index, form in enumerate(bound[key].forms):
            form.hint = hints.get(f"{path}[{index}]") if index < bound[key].initial_form_count() else None


def _source_lines(text: str) -> list[str]:
    """The source for display, line by line (composed marks: decomposed ones render badly; lines stay the same)."""
    return [unicodedata.normalize("NFC", line.rstrip("\r")) for line in text.split("\n")]


_BLANK_LINES = re.compile(r"\n\s*\n\s*\n")


@dataclass
class Segment:
    """A piece of the restored text: plain, or a word to review (its index among the restoration's words)."""

    text: str
    index: int | None = None
    word: dict[str, Any] | None = None


def _restored_segments(restoration: dict[str, Any]) -> list[Segment]:
    """The restored text cut at the words to review, for the screen (composed marks)."""
    text = restoration.get("text", "")
    segments: list[Segment] = []
    done = 0
    for index, word in enumerate(restoration.get("words", [])):
        segments.append(Segment(text[done : word["start"]]))
        segments.append(Segment(text[word["start"] : word["end"]], index, word))
        done = word["end"]
    segments.append(Segment(text[done:]))
    # Blocks are apart by blank lines in the stored text: one is enough on screen.
    return [
        Segment(unicodedata.normalize("NFC", _BLANK_LINES.sub("\n\n", s.text)), s.index, s.word)
        for s in segments
        if s.text or s.word
    ]


ROW_NAMES = {
    "legal_bases": "Căn cứ",
    "activities": "Nhiệm vụ",
    "responsibilities": "Tổ chức thực hiện",
    "reporting": "Báo cáo",
}


def _form_errors(bound: dict[str, Any]) -> list[str]:
    """Every field error of the review screen, named as the screen names it (the fields are marked as well)."""

    def named(form: forms.Form, prefix: str) -> list[str]:
        return [
            f"{prefix}{form.fields[name].label if name in form.fields else ''}: {message}".lstrip(": ")
            for name, messages in form.errors.items()
            for message in messages
        ]

    errors = named(bound["plan_form"], "")
    for key, title in ROW_NAMES.items():
        for index, form in enumerate(bound[key].forms, 1):
            errors += named(form, f"{title} {index} › ")
    return errors or ["Một số ô chưa hợp lệ; hãy sửa rồi lưu lại."]


def _require_importer(request: HttpRequest) -> None:
    if not can_create_plan(request.user):
        raise PermissionDenied("Bạn không có quyền nhập kế hoạch.")


# Views.


def _current(request: HttpRequest, import_id: int) -> PlanImport:
    """The user's import; one whose reading was cut off by a crash is started again (or failed) first."""
    record = import_services.get_import_for_user(request.user, import_id)
    if import_services.is_stale(record):
        recover_stale_imports.delay(record.pk)  # quick: it only queues the reading again
        record.refresh_from_db()
    return record


@login_required
def import_upload(request: AuthenticatedRequest) -> HttpResponse:
    _require_importer(request)
    form = DocumentUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        refusal = import_services.upload_too_large(upload.size)
        if refusal:
            form.add_error("file", refusal)
        else:
            record = import_services.create_import(request.user, upload.name or "van-ban.txt", upload.read())
            start_long(read_plan_document, record.pk)
            record.refresh_from_db()
            if record.status != PlanImport.Status.FAILED:
                return redirect("plans:import_review", record.pk)
            form.add_error("file", record.error)
            import_services.discard_import(record)
    return render(
        request,
        "plans/import_upload.html",
        {
            "form": form,
            "max_mb": f"{settings.MAX_UPLOAD_BYTES / (1024 * 1024):g}",
            "recent": import_services.recent_imports(request.user),
        },
    )


@login_required
def import_status(request: AuthenticatedRequest, import_id: int) -> HttpResponse:
    """The progress fragment the waiting screen polls; once the draft is ready it sends the browser to review."""
    _require_importer(request)
    record = _current(request, import_id)
    if record.status in (PlanImport.Status.READY, PlanImport.Status.SAVED):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = reverse("plans:import_review", args=[record.pk])
        return response
    return render(request, "plans/import_status.html", {"record": record})


@login_required
def import_review(request: AuthenticatedRequest, import_id: int) -> HttpResponse:
    _require_importer(request)
    record = _current(request, import_id)
    if record.status not in (PlanImport.Status.READY, PlanImport.Status.SAVED):
        return render(request, "plans/import_waiting.html", {"record": record})
    bound = bound_forms(record.draft, request.POST if request.method == "POST" else None)
    errors: list[str] = []
    if request.method == "POST":
        if all(form.is_valid() for form in bound.values()):
            raw = reviewed_plan(record.draft, bound)
            import_services.keep_edits(record, raw)
            owner = None if request.user.is_admin else request.user.unit
            try:
                result = import_services.save_import(request.user, record, raw, owner_unit=owner)
            except PlanFormatError as exc:
                errors = exc.errors
            else:
                messages.success(
                    request,
                    "Đã lưu kế hoạch (dự thảo) từ văn bản."
                    + (
                        f" Có {len(result.unresolved)} đơn vị chưa xác định, cần gắn với danh mục."
                        if result.unresolved
                        else ""
                    ),
                )
                return redirect("plans:detail", result.plan.pk)
        else:
            errors = _form_errors(bound)
    words = record.restoration.get("words", [])
    hints = _hints(record.meta, record.source_text)
    _annotate(bound, hints)
    low = sum(1 for entry in record.meta.values() if entry.get("confidence", 1.0) < LOW_CONFIDENCE)
    return render(
        request,
        "plans/import_review.html",
        {
            "record": record,
            **bound,
            "errors": errors,
            "source_lines": _source_lines(record.source_text),
            "low_count": low,
            "restored_segments": _restored_segments(record.restoration),
            "repaired_count": sum(1 for w in words if w["repaired"] and not w["checked"]),
            "doubtful_count": sum(1 for w in words if w["doubtful"] and not w["checked"]),
        },
    )


@login_required
@require_POST
def import_reading(request: AuthenticatedRequest, import_id: int, index: int) -> HttpResponse:
    """The reviewer picks the reading of one repaired or doubtful word (one click on the review screen)."""
    _require_importer(request)
    record = _current(request, import_id)
    choice = clean_text(request.POST.get("choice"), label="Cách đọc", max_length=40, multiline=False, required=True)
    try:
        import_services.choose_reading(request.user, record, index, choice)
    except PlanFormatError as exc:
        messages.error(request, " ".join(exc.errors))
    return redirect(reverse("plans:import_review", args=[record.pk]) + f"#rw-{index}")
