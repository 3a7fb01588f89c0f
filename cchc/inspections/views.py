"""Inspection pages: a plan's rounds (and opening one), a round with its checklist, findings and recommendations,
its report (.docx)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from cchc.accounts.types import AuthenticatedRequest
from cchc.core.files import DOCX
from cchc.core.steps import submit, tell
from cchc.inspections import access, services
from cchc.inspections.forms import FindingForm, FollowUpForm, RecommendationForm, RoundForm, VerdictForm
from cchc.inspections.printing import inspection_report_docx
from cchc.inspections.selectors import round_sections
from cchc.plans.access import get_plan_for_user


@login_required
def plan_rounds(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    """A plan's inspection rounds; its owner office opens a new one here."""
    plan = get_plan_for_user(request.user, plan_id)
    can_run = access.can_run_inspections(request.user, plan)
    form = RoundForm(request.POST or None, units=services.inspectable_units(plan) if can_run else [])
    if request.method == "POST":
        if not can_run:
            raise PermissionDenied("Chỉ cơ quan theo dõi kế hoạch mở đợt kiểm tra.")
        if form.is_valid():
            data = form.cleaned_data
            opened = submit(
                request,
                form,
                lambda: services.create_round(request.user, plan, title=data["title"], start=data["start"],
                                              end=data["end"], team=data["team"].splitlines(),
                                              units=list(data["units"]), sample=data["sample"]),
                lambda inspection: redirect("inspections:round", inspection.pk),
                lambda inspection: f"Đã mở đợt kiểm tra với {inspection.items.count()} nội dung kiểm tra.",
                services.InspectionError,
            )  # fmt: skip
            if opened is not None:
                return opened
    rounds = access.readable_rounds(request.user).filter(plan=plan)
    return render(
        request, "inspections/plan_rounds.html", {"plan": plan, "rounds": rounds, "form": form, "can_run": can_run}
    )


def _act(request: AuthenticatedRequest, inspection: Any) -> None:
    """One POSTed action on a round: judge, finding, recommendation (the owner office), follow-up (also the unit)."""
    action = request.POST.get("action", "")
    pk = request.POST.get("id", "")
    if action == "follow_up":
        rec = access.get_recommendation_to_follow_up(request.user, inspection, int(pk) if pk.isdigit() else 0)
        form: Any = FollowUpForm(request.POST)
        if form.is_valid():
            services.follow_up(request.user, rec, form.cleaned_data["status"], form.cleaned_data["note"])
            return
        raise services.InspectionError("Tình trạng khắc phục không hợp lệ.")
    if not access.can_run_inspections(request.user, inspection.plan):
        raise Http404("Không tìm thấy đợt kiểm tra.")
    if action == "judge":
        item = access.checklist_item(inspection, int(pk) if pk.isdigit() else 0)
        form = VerdictForm(request.POST)
        if item is None or not form.is_valid():
            raise services.InspectionError("Đánh giá không hợp lệ.")
        services.judge(request.user, item, form.cleaned_data["verdict"], form.cleaned_data["note"])
    elif action == "finding":
        form = FindingForm(request.POST)
        unit = inspection.units.filter(pk=request.POST.get("unit") or 0).first() if form.is_valid() else None
        if unit is None:
            raise services.InspectionError("Hãy ghi tồn tại, hạn chế của một đơn vị trong đợt kiểm tra.")
        services.add_finding(request.user, inspection, unit, form.cleaned_data["text"], form.cleaned_data["severity"])
    elif action == "recommendation":
        finding = access.get_finding(inspection, int(pk) if pk.isdigit() else 0)
        form = RecommendationForm(request.POST)
        if not form.is_valid():
            raise services.InspectionError("Kiến nghị cần nội dung và hạn khắc phục (dd/mm/yyyy).")
        services.add_recommendation(request.user, finding, form.cleaned_data["text"], form.cleaned_data["due"])
    elif action == "close":
        services.close_round(request.user, inspection)
    else:
        raise services.InspectionError("Thao tác không hợp lệ.")


@login_required
def round_detail(request: AuthenticatedRequest, inspection_id: int) -> HttpResponse:
    inspection = access.get_round_for_user(request.user, inspection_id)
    if request.method == "POST":
        tell(request, lambda: _act(request, inspection), "Đã lưu.", services.InspectionError)
        return redirect("inspections:round", inspection.pk)
    visible = access.visible_unit_ids(request.user, inspection)
    return render(
        request,
        "inspections/round.html",
        {
            "round": inspection,
            "plan": inspection.plan,
            "sections": round_sections(inspection, visible),
            "can_run": access.can_run_inspections(request.user, inspection.plan),
            "today": timezone.localdate(),
            "verdict_form": VerdictForm(),
            "follow_form": FollowUpForm(),
            "severities": FindingForm.base_fields["severity"].choices,  # type: ignore[attr-defined]
        },
    )


@login_required
def round_report(request: AuthenticatedRequest, inspection_id: int) -> HttpResponse:
    """The round's report (.docx) for the owner office and leaders."""
    inspection = access.get_round_for_user(request.user, inspection_id)
    if access.visible_unit_ids(request.user, inspection) is not None:
        raise Http404("Không tìm thấy báo cáo.")
    response = HttpResponse(inspection_report_docx(inspection, timezone.localdate()), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="bao-cao-kiem-tra-{inspection.pk}.docx"'
    return response
