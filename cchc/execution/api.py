"""The execution app in the JSON API: assignments and logged results, with the same access rules as the pages."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import create_model

from cchc.accounts.types import AuthenticatedRequest
from cchc.execution import access, selectors, services
from cchc.execution.models import RESULT_INPUT_FIELDS, Assignment, LoggedResult, result_field

router = Router(tags=["Thực hiện"])


class OccurrenceOut(Schema):
    id: int
    label: str
    start: dt.date
    due: dt.date
    status: str
    results_count: int


class AssignmentOut(Schema):
    id: int
    plan_id: int
    unit_id: int
    unit: str
    activity_id: int | None
    responsibility_id: int | None
    duty_index: int | None
    ref: str
    title: str
    role: str
    mode: str
    pillar: str
    timing_text: str
    is_active: bool


class AssignmentDetailOut(AssignmentOut):
    occurrences: list[OccurrenceOut]


# Django field types as the API reads and writes them; only the types: the service checks bounds and wording and
# answers in Vietnamese (a schema's max_length would answer in pydantic's words).
_PYTHON_TYPES: dict[str, type] = {
    "DateField": dt.date,
    "CharField": str,
    "TextField": str,
    "PositiveIntegerField": int,
    "DecimalField": decimal.Decimal,
}


def _result_fields() -> dict[str, Any]:
    """A result's fields (`RESULT_INPUT_FIELDS`) typed from the model: nullable ones default to None, blank texts
    to the empty text."""
    out: dict[str, Any] = {}
    for name in RESULT_INPUT_FIELDS:
        field = result_field(name)
        python_type = _PYTHON_TYPES[field.get_internal_type()]
        default = None if field.null else "" if field.blank else ...
        out[name] = (python_type | None if field.null else python_type, default)
    return out


if TYPE_CHECKING:
    _ResultFields = Schema
else:
    _ResultFields = create_model("ResultFields", __base__=Schema, **_result_fields())


class ResultIn(_ResultFields):
    occurrence_id: int | None = None
    idempotency_key: str | None = None


class ResultUpdateIn(ResultIn):
    version: int


class EvidenceOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    sha256: str


class ResultOut(_ResultFields):
    id: int
    assignment_id: int
    unit_id: int
    occurrence_id: int | None
    source: str
    version: int
    evidence: list[EvidenceOut]


class ErrorOut(Schema):
    detail: str
    errors: dict[str, str] = {}


class UnitProgressOut(Schema):
    unit_id: int
    unit: str
    completion: float | None
    counts: dict[str, int]


def _assignment(a: Assignment) -> dict[str, Any]:
    return {
        "id": a.pk,
        "plan_id": a.plan_id,
        "unit_id": a.unit_id,
        "unit": a.unit.name,
        "activity_id": a.activity_id,
        "responsibility_id": a.responsibility_id,
        "duty_index": a.duty_index,
        "ref": a.ref,
        "title": a.title,
        "role": a.role,
        "mode": a.mode,
        "pillar": a.pillar,
        "timing_text": a.timing_text,
        "is_active": a.is_active,
    }


def _result(r: LoggedResult) -> dict[str, Any]:
    return {
        "id": r.pk,
        "assignment_id": r.assignment_id,
        "unit_id": r.unit_id,
        "occurrence_id": r.occurrence_id,
        **{name: getattr(r, name) for name in RESULT_INPUT_FIELDS},
        "source": r.source,
        "version": r.version,
        "evidence": [
            {"id": e.pk, "name": e.original_name, "content_type": e.content_type, "size": e.size, "sha256": e.sha256}
            for e in r.evidence.all()
        ],
    }


def _input(payload: ResultIn) -> services.ResultInput:
    return services.ResultInput.from_values(payload.model_dump(), occurrence_id=payload.occurrence_id)


@router.get("/assignments", response=list[AssignmentOut], summary="Nhiệm vụ được giao mà người dùng được xem")
def list_assignments(
    request: AuthenticatedRequest, plan: int | None = None, unit: int | None = None, active: bool = True
) -> list[dict[str, Any]]:
    qs = access.readable_assignments(request.user).select_related("unit")
    if plan:
        qs = qs.filter(plan_id=plan)
    if unit:
        qs = qs.filter(unit_id=unit)
    if active:
        qs = qs.filter(is_active=True)
    return [_assignment(a) for a in qs.order_by("plan_id", "ref", "id")[:5000]]


@router.get("/assignments/{assignment_id}", response=AssignmentDetailOut, summary="Một nhiệm vụ và các kỳ")
def get_assignment(request: AuthenticatedRequest, assignment_id: int) -> dict[str, Any]:
    a = access.get_assignment_for_user(request.user, assignment_id)
    today = timezone.localdate()
    occurrences = [
        {
            "id": o.pk,
            "label": o.label,
            "start": o.start,
            "due": o.due,
            "status": o.status(today),
            "results_count": o.results_count,
        }
        for o in selectors.active_occurrences(a)
    ]
    return {**_assignment(a), "occurrences": occurrences}


@router.get("/assignments/{assignment_id}/results", response=list[ResultOut], summary="Kết quả của một nhiệm vụ")
def list_results(request: AuthenticatedRequest, assignment_id: int) -> list[dict[str, Any]]:
    a = access.get_assignment_for_user(request.user, assignment_id)
    return [_result(r) for r in a.results.prefetch_related("evidence")]


@router.post(
    "/assignments/{assignment_id}/results",
    response={200: ResultOut, 201: ResultOut, 400: ErrorOut},
    summary="Ghi một kết quả (idempotency_key: gửi lại không tạo bản trùng)",
)
def create_result(request: AuthenticatedRequest, assignment_id: int, payload: ResultIn) -> Status[dict[str, Any]]:
    a = access.get_assignment_for_user(request.user, assignment_id, write=True)
    key = payload.idempotency_key or request.headers.get("Idempotency-Key")
    try:
        outcome = services.log_result(
            request.user, a, _input(payload), idempotency_key=key, source=LoggedResult.Source.API
        )
    except services.ExecutionError as exc:
        return Status(400, {"detail": str(exc), "errors": exc.errors})
    return Status((201 if outcome.created else 200), _result(outcome.result))


@router.get("/results/{result_id}", response=ResultOut, summary="Một kết quả")
def get_result(request: AuthenticatedRequest, result_id: int) -> dict[str, Any]:
    return _result(access.get_result_for_user(request.user, result_id))


@router.put(
    "/results/{result_id}",
    response={200: ResultOut, 400: ErrorOut, 409: ErrorOut},
    summary="Sửa một kết quả (kèm version đã đọc; bị từ chối nếu người khác vừa sửa)",
)
def update_result(request: AuthenticatedRequest, result_id: int, payload: ResultUpdateIn) -> Status[dict[str, Any]]:
    r = access.get_result_for_user(request.user, result_id, write=True)
    if r.version != payload.version:
        return Status(409, {"detail": "Kết quả đã được sửa sau khi bạn đọc (version khác). Hãy đọc lại rồi sửa."})
    try:
        updated = services.update_result(request.user, r, _input(payload), expected_version=payload.version)
    except services.ExecutionError as exc:
        return Status(400, {"detail": str(exc), "errors": exc.errors})
    return Status(200, _result(updated))


@router.post(
    "/results/{result_id}/evidence",
    response={201: list[EvidenceOut], 400: ErrorOut},
    summary="Thêm tài liệu kiểm chứng (PDF, ảnh, .docx)",
)
def add_evidence(request: AuthenticatedRequest, result_id: int, files: list[UploadedFile] = File(...)) -> Status[Any]:  # noqa: B008
    r = access.get_result_for_user(request.user, result_id, write=True)
    try:
        stored = services.add_evidence(request.user, r, files)
    except services.ExecutionError as exc:
        return Status(400, {"detail": str(exc), "errors": exc.errors})
    return Status(
        201,
        [
            {"id": e.pk, "name": e.original_name, "content_type": e.content_type, "size": e.size, "sha256": e.sha256}
            for e in stored
        ],
    )


@router.get("/plans/{plan_id}/progress", response=list[UnitProgressOut], summary="Tiến độ theo đơn vị")
def progress(request: AuthenticatedRequest, plan_id: int) -> list[dict[str, Any]]:
    plan = access.get_monitored_plan(request.user, plan_id)
    rows = selectors.status_counts(plan, "unit", timezone.localdate())
    return [{"unit_id": r.key, "unit": r.label, "completion": r.completion, "counts": r.counts} for r in rows]
