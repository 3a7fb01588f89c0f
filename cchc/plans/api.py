"""Plans and activities in the JSON API (same access rules as the pages)."""

from __future__ import annotations

from typing import Any

from ninja import Body, File, Router, Schema, Status, UploadedFile
from ninja.errors import HttpError

from cchc.accounts.types import AuthenticatedRequest
from cchc.plans import services
from cchc.plans.access import can_create_plan, get_plan_for_user, readable_plans
from cchc.plans.importing import DocumentImportError
from cchc.plans.importing.services import read_upload, upload_too_large
from cchc.plans.schema import PlanFormatError

router = Router(tags=["Kế hoạch"])


class PlanSummary(Schema):
    id: int
    number: str | None
    title: str
    issuer: str
    level: str
    status: str
    period_start: str
    period_end: str


class ImportOut(Schema):
    id: int
    created: bool
    unresolved: list[str]


class ErrorOut(Schema):
    detail: str
    errors: list[str] = []


def _summary(plan: Any) -> dict[str, Any]:
    return {
        "id": plan.pk,
        "number": plan.number,
        "title": plan.title,
        "issuer": plan.issuer,
        "level": plan.level,
        "status": plan.status,
        "period_start": plan.period_start.isoformat(),
        "period_end": plan.period_end.isoformat(),
    }


@router.get("/", response=list[PlanSummary], summary="Danh sách kế hoạch")
def list_plans(
    request: AuthenticatedRequest, year: int | None = None, level: str | None = None, status: str | None = None
) -> list[dict[str, Any]]:
    plans = readable_plans(request.user)
    if year:
        plans = plans.filter(period_start__year__lte=year, period_end__year__gte=year)
    if level:
        plans = plans.filter(level=level)
    if status:
        plans = plans.filter(status=status)
    return [_summary(p) for p in plans]


@router.get("/{plan_id}", summary="Một kế hoạch (định dạng JSON kế hoạch)")
def get_plan(request: AuthenticatedRequest, plan_id: int) -> dict[str, Any]:
    plan = get_plan_for_user(request.user, plan_id)
    return {"id": plan.pk, "status": plan.status, **services.export_plan_json(plan)}


@router.post("/", response={201: ImportOut, 400: ErrorOut, 403: ErrorOut}, summary="Nhập hoặc cập nhật kế hoạch")
def import_plan(request: AuthenticatedRequest, payload: dict[str, Any] = Body(...)) -> Status:  # noqa: B008
    """The body is the plan JSON itself (docs/plan-json-schema.md)."""
    if not can_create_plan(request.user):
        raise HttpError(403, "Bạn không có quyền nhập kế hoạch.")
    return _saved(request, payload, {}, 201)


def _saved(request: AuthenticatedRequest, raw: Any, body: dict[str, Any], ok: int) -> Status:
    """Create or update the plan from plan JSON for the requesting office: `ok` with its id, 403 when the plan is
    another office's (or in another body's name), 400 with the format errors."""
    owner = None if request.user.is_admin else request.user.unit
    try:
        result = services.import_plan_json(request.user, raw, owner_unit=owner)
    except services.PlanAccessError as exc:
        return Status(403, {"detail": exc.errors[0], "errors": exc.errors})
    except PlanFormatError as exc:
        return Status(400, {"detail": "Kế hoạch không đúng định dạng.", "errors": exc.errors})
    return Status(ok, {**body, "id": result.plan.pk, "created": result.created, "unresolved": result.unresolved})


@router.get("/{plan_id}/activities", summary="Các nhiệm vụ của kế hoạch")
def list_activities(request: AuthenticatedRequest, plan_id: int) -> list[dict[str, Any]]:
    plan = get_plan_for_user(request.user, plan_id)
    exported = services.export_plan_json(plan)["activities"]
    return [{"id": a.pk, **row} for a, row in zip(plan.activities.all(), exported, strict=True)]


@router.post(
    "/import-document/",
    response={200: dict[str, Any], 400: ErrorOut, 403: ErrorOut, 413: ErrorOut},
    summary="Đọc văn bản kế hoạch (.txt, .docx, .pdf) thành JSON kế hoạch; save=true để lưu dự thảo",
)
def import_document_file(
    request: AuthenticatedRequest,
    file: UploadedFile = File(...),  # noqa: B008
    save: bool = False,
) -> Status:
    if not can_create_plan(request.user):
        raise HttpError(403, "Bạn không có quyền nhập kế hoạch.")
    refusal = upload_too_large(file.size)
    if refusal:
        return Status(413, {"detail": refusal})
    try:
        draft, _text, _restoration = read_upload(file.read(), file.name or "van-ban.txt")
    except DocumentImportError as exc:
        return Status(400, {"detail": str(exc)})
    body: dict[str, Any] = {"plan": draft.plan, "meta": draft.meta, "warnings": draft.warnings}
    return _saved(request, draft.plan, body, 200) if save else Status(200, body)


class BodyEditIn(Schema):
    """One edit of a plan's body (as on the plan page): `action` edit | add | up | down | delete on `node`."""

    action: str
    node: str | None = None
    label: str | None = None
    text: str | None = None
    cells: list[str] | None = None
    type: str | None = None
    where: str | None = None
    linked: str | None = None


class BodyOut(Schema):
    body: list[dict[str, Any]]


class LinkedOut(Schema):
    detail: str
    values: list[str]


@router.post(
    "/{plan_id}/body",
    response={200: BodyOut, 400: ErrorOut, 409: LinkedOut},
    summary="Sửa toàn văn kế hoạch (một thao tác: sửa, thêm, chuyển, xóa một nút)",
)
def edit_plan_body(request: AuthenticatedRequest, plan_id: int, payload: BodyEditIn) -> Status:
    """409 when a deletion would leave values (activities, reports …) without their place in the text: send it
    again with `linked` = "move" (tie them to the enclosing part) or "delete"."""
    plan = get_plan_for_user(request.user, plan_id, write=True)
    try:
        services.edit_body(request.user, plan, payload.action, payload.node, payload.model_dump())
    except services.LinkedValuesError as exc:
        return Status(409, {"detail": str(exc), "values": [path for path, _ in exc.values]})
    except services.PlanError as exc:
        return Status(400, {"detail": str(exc)})
    plan.refresh_from_db()
    return Status(200, {"body": services.export_plan_json(plan)["body"]})
