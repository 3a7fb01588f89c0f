"""The reporting app in the JSON API: periods, unit reports and their review, consolidated figures, scores."""

from __future__ import annotations

from typing import Any

from ninja import Router, Schema, Status
from ninja.errors import HttpError

from cchc.accounts.types import AuthenticatedRequest
from cchc.execution.access import get_plan_to_issue
from cchc.plans.access import get_plan_for_user
from cchc.reporting import access, printing, selectors, services
from cchc.reporting.models import ReportingPeriod, UnitReport

router = Router(tags=["Báo cáo"])
# Issuing a plan, mounted with the execution API (/api/execution/plans/{id}/issue): the whole step, assignments
# then reporting periods, is a reporting-level service.
issuing_router = Router(tags=["Thực hiện"])


class PeriodOut(Schema):
    id: int
    kind: str
    title: str
    start: str
    end: str
    due: str


class ReportIn(Schema):
    results: str = ""
    limitations: str = ""
    causes: str = ""
    proposals: str = ""
    number: str = ""
    symbol: str = ""
    signer_authority: str = ""
    signer_position: str = ""
    signer_name: str = ""


class ReviewIn(Schema):
    comment: str = ""


class ErrorOut(Schema):
    detail: str


class IssueOut(Schema):
    created: int
    updated: int
    deactivated: int
    occurrences_created: int
    unassigned_mentions: list[str]


def _period(p: ReportingPeriod) -> dict[str, Any]:
    return {
        "id": p.pk,
        "kind": p.kind,
        "title": p.title,
        "start": p.start.isoformat(),
        "end": p.end.isoformat(),
        "due": p.due.isoformat(),
    }


def _report(r: UnitReport) -> dict[str, Any]:
    return {
        "id": r.pk,
        "period": _period(r.period),
        "unit": {"id": r.unit_id, "name": r.unit.name},
        "status": r.status,
        "late": r.is_late(services.today()),
        "figures": r.figures,
        **{name: getattr(r, name) for name in services.REPORT_FIELDS},
        "submitted_at": r.submitted_at.isoformat() if r.submitted_at else None,
        "review_comment": r.review_comment,
    }


@router.get("/plans/{plan_id}/periods", response=list[PeriodOut], summary="Các kỳ báo cáo của kế hoạch")
def list_periods(request: AuthenticatedRequest, plan_id: int) -> list[dict[str, Any]]:
    plan = get_plan_for_user(request.user, plan_id)
    return [_period(p) for p in selectors.plan_periods(plan)]


@router.post("/plans/{plan_id}/periods/sync", response=list[PeriodOut], summary="Lập kỳ báo cáo theo chế độ báo cáo")
def sync_periods(request: AuthenticatedRequest, plan_id: int) -> list[dict[str, Any]]:
    plan = get_plan_for_user(request.user, plan_id, write=True)
    return [_period(p) for p in services.sync_periods(request.user, plan)]


@router.post("/periods/{period_id}/my-report", summary="Lập (hoặc mở) báo cáo của đơn vị mình trong kỳ")
def open_my_report(request: AuthenticatedRequest, period_id: int) -> dict[str, Any]:
    user = request.user
    period = access.get_period_for_user(user, period_id)
    if not access.can_report(user) or user.unit is None:
        raise HttpError(403, "Tài khoản không thuộc đơn vị nào để lập báo cáo.")
    return _report(services.open_report(user, period, user.unit))


@router.get("/reports/{report_id}", summary="Một báo cáo của đơn vị")
def get_report(request: AuthenticatedRequest, report_id: int) -> dict[str, Any]:
    return _report(access.get_report_for_user(request.user, report_id))


def _run(action: Any) -> dict[str, Any]:
    try:
        return _report(action())
    except services.ReportingError as exc:
        raise HttpError(400, str(exc)) from None


@router.put("/reports/{report_id}", summary="Lưu nội dung báo cáo (đơn vị mình, khi đang soạn hoặc bị trả lại)")
def save_report(request: AuthenticatedRequest, report_id: int, payload: ReportIn) -> dict[str, Any]:
    report = access.get_report_for_user(request.user, report_id, write=True)
    return _run(lambda: services.save_report(request.user, report, **payload.dict()))


@router.post("/reports/{report_id}/submit", summary="Nộp báo cáo")
def submit_report(request: AuthenticatedRequest, report_id: int) -> dict[str, Any]:
    report = access.get_report_for_user(request.user, report_id, write=True)
    return _run(lambda: services.submit_report(request.user, report))


@router.post("/reports/{report_id}/accept", summary="Tiếp nhận báo cáo (cơ quan chủ trì)")
def accept_report(request: AuthenticatedRequest, report_id: int, payload: ReviewIn) -> dict[str, Any]:
    report = access.get_report_for_review(request.user, report_id)
    return _run(lambda: services.accept_report(request.user, report, payload.comment))


@router.post("/reports/{report_id}/return", summary="Trả lại báo cáo kèm ý kiến (cơ quan chủ trì)")
def return_report(request: AuthenticatedRequest, report_id: int, payload: ReviewIn) -> dict[str, Any]:
    report = access.get_report_for_review(request.user, report_id)
    return _run(lambda: services.return_report(request.user, report, payload.comment))


@router.get("/periods/{period_id}/consolidated", summary="Số liệu tổng hợp của kỳ theo đơn vị")
def consolidated(request: AuthenticatedRequest, period_id: int) -> dict[str, Any]:
    period = access.get_period_for_user(request.user, period_id)
    if not access.can_read_summaries(request.user, period.plan):
        raise HttpError(404, "Không tìm thấy kỳ báo cáo.")
    try:
        data = printing.consolidated_data(period, services.today())
    except printing.PrintError as exc:
        raise HttpError(400, str(exc)) from None
    return {
        "period": _period(period),
        "results": data.totals.results,
        "quantities": data.totals.quantities,
        "by_kind": data.totals.by_kind,
        "by_pillar": data.totals.by_pillar,
        "units": [
            {
                "id": line.unit.pk,
                "name": line.unit.name,
                "state": line.state,
                "results": line.figures.results,
                "assignments_set": line.figures.assignments_set,
                "assignments_done": line.figures.assignments_done,
            }
            for line in data.lines
        ],
        "targets": data.targets,
    }


@router.get("/plans/{plan_id}/scores", summary="Điểm và xếp hạng các đơn vị trong năm")
def scores(request: AuthenticatedRequest, plan_id: int, year: int) -> list[dict[str, Any]]:
    user = request.user
    plan = get_plan_for_user(user, plan_id)
    if not access.can_read_summaries(user, plan):
        raise HttpError(404, "Không tìm thấy kết quả chấm điểm.")
    return [
        {
            "unit": {"id": s.unit_id, "name": s.unit.name},
            "total": s.total,
            "rank": s.rank,
            "proposed": s.proposed,
            "points": s.points,
        }
        for s in selectors.scores(plan, year)
    ]


@issuing_router.post(
    "/plans/{plan_id}/issue",
    response={200: IssueOut, 400: ErrorOut},
    summary="Ban hành (hoặc ban hành lại) kế hoạch: tạo, cập nhật nhiệm vụ của các đơn vị và lập các kỳ báo cáo",
)
def issue(request: AuthenticatedRequest, plan_id: int) -> Status[dict[str, Any]]:
    plan = get_plan_to_issue(request.user, plan_id)
    try:
        result = services.issue_plan(request.user, plan)
    except ValueError as exc:
        return Status(400, {"detail": str(exc)})
    return Status(
        200,
        {
            "created": result.created,
            "updated": result.updated,
            "deactivated": result.deactivated,
            "occurrences_created": result.occurrences_created,
            "unassigned_mentions": result.unassigned_mentions,
        },
    )
