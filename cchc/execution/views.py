"""Execution pages: issuing, my work, an assignment with its results, Excel import, dashboards, public progress."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from cchc.accounts.types import AuthenticatedRequest
from cchc.core import files, pagecache
from cchc.core.listing import Listing, Sort
from cchc.core.steps import submit, tell
from cchc.execution import access, charts, excel, national, rollup, selectors, services, tasks
from cchc.execution.forms import ImportForm, LineFilter, PillarForm, ProgressForm, ResultForm, TargetDecisionForm
from cchc.execution.models import Assignment, OccurrenceStatus, ResultKind
from cchc.execution.target_wording import kinds_in
from cchc.plans.access import get_plan_for_user, get_public_plan
from cchc.plans.models import Plan, PlanStatus

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _today() -> dt.date:
    return timezone.localdate()


def _too_large(request: HttpRequest) -> bool:
    """Refuse a huge upload from its declared length, before Django reads it."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > int(settings.MAX_UPLOAD_BYTES) + 1024 * 1024


def _too_large_message() -> str:
    return f"Tệp gửi lên quá lớn: mỗi lần tải tối đa {int(settings.MAX_UPLOAD_BYTES) / 1048576:.0f} MB."


@login_required
def my_work(request: AuthenticatedRequest) -> HttpResponse:
    """The signed-in person's assignments (their unit's, active, of running plans) by due date, and reminders."""
    tasks.run_periodic_inline()
    today = _today()
    assignments = access.readable_assignments(request.user).filter(
        is_active=True, plan__status=PlanStatus.ISSUED, unit=getattr(request.user, "unit", None)
    )
    lines = selectors.assignment_lines(assignments, today)
    reminders = selectors.unread_reminders(request.user)
    plans = access.monitored_plans(request.user)
    return render(
        request,
        "execution/my_work.html",
        {
            "lines": lines,
            "reminders": reminders,
            "today": today,
            "monitored": plans,
        },
    )


@login_required
@require_POST
def reminders_read(request: AuthenticatedRequest) -> HttpResponse:
    services.mark_reminders_read(request.user)
    return redirect("execution:my_work")


@login_required
def issue_moved(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    """Issuing a plan is a page of the plan (issuing:issue), since it also opens the reporting periods; links to
    this old address still work for those who may issue the plan."""
    plan = access.get_plan_to_issue(request.user, plan_id)
    return redirect("issuing:issue", plan.pk, permanent=True)


# What needs doing first: windows overdue, then due now, late ones, not yet due, done.
_STATUS_ORDER = {s: i for i, s in enumerate(("missing", "due", "late", "not_yet_due", "done"))}
LINE_SORTS = {
    "han": Sort("Hạn", key=lambda line: (line.occurrence.due if line.occurrence else None, line.assignment.pk)),
    "nhiem_vu": Sort("Nhiệm vụ", fields=("assignment.ref", "assignment.title")),
    "don_vi": Sort("Đơn vị", fields=("assignment.unit.name", "assignment.ref")),
    "trang_thai": Sort("Trạng thái (tính từ kết quả)", key=lambda line: (_STATUS_ORDER.get(line.status, 9),)),
}


def _unit_filter(request: HttpRequest) -> int | None:
    value = request.GET.get("don_vi", "")
    return int(value) if value.isdigit() else None


@login_required
def plan_units(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    """A plan's assignments the person may read — an officer sees only their unit's; 404 for a plan one cannot read."""
    plan = get_plan_for_user(request.user, plan_id)
    tasks.run_periodic_inline()
    today = _today()
    lines = selectors.assignment_lines(access.plan_assignments(request.user, plan, _unit_filter(request)), today)
    if not lines:
        return render(request, "execution/plan_units.html", {"plan_id": plan_id, "plan": None, "lines": []})
    listing = Listing.from_request(request.GET, LINE_SORTS, "han", keep=("don_vi", "trang_thai"))
    status = request.GET.get("trang_thai", "")
    if status in OccurrenceStatus.values:
        lines = [line for line in lines if line.status == status]
    found = listing.order(listing.search(lines, ["assignment.ref", "assignment.title", "assignment.unit.name"]))
    page = listing.page(found)
    return render(
        request,
        "execution/plan_units.html",
        {
            "plan": plan,
            "plan_id": plan_id,
            "listing": listing,
            "page": page,
            "lines": page.object_list,
            "filters": LineFilter(request.GET),
            "today": today,
        },
    )


def _assignment_context(
    request: HttpRequest,
    assignment: Assignment,
    form: ResultForm | None = None,
    progress_form: ProgressForm | None = None,
) -> dict[str, Any]:
    today = _today()
    occurrences = selectors.active_occurrences(assignment)
    for occ in occurrences:
        occ.computed = occ.status(today)  # type: ignore[attr-defined]
    can_log = access.can_log(request.user, assignment)
    results = selectors.assignment_results(assignment)
    return {
        "assignment": assignment,
        "plan": assignment.plan,
        "occurrences": occurrences,
        "results": results,
        "can_log": can_log,
        "today": today,
        "form": form or ResultForm(occurrences=occurrences, initial={"kind": _likely_kind(assignment)}),
        "progress_form": progress_form or ProgressForm(),
        "progress": selectors.latest_progress(assignment),
        "max_upload_mb": int(settings.MAX_UPLOAD_BYTES) // 1048576,
    }


def _likely_kind(assignment: Assignment) -> str:
    """The kind the wording suggests (the activity's forms, else its text), to preselect in the form."""
    forms = " ".join(assignment.activity.forms) if assignment.activity else ""
    kinds = kinds_in(forms) or kinds_in(assignment.title)
    return kinds[0] if kinds else ResultKind.OTHER


@login_required
def assignment_detail(request: AuthenticatedRequest, assignment_id: int) -> HttpResponse:
    assignment = access.get_assignment_for_user(request.user, assignment_id)
    return render(request, "execution/assignment.html", _assignment_context(request, assignment))


@login_required
@require_POST
def log_result(request: AuthenticatedRequest, assignment_id: int) -> HttpResponse:
    """Record a result for an assignment of the person's unit (another unit's assignment is a 404)."""
    assignment = access.get_assignment_for_user(request.user, assignment_id, write=True)
    if _too_large(request):
        messages.error(request, _too_large_message())
        return redirect("execution:assignment", assignment.pk)
    occurrences = selectors.active_occurrences(assignment)
    form = ResultForm(request.POST, request.FILES, occurrences=occurrences)
    if form.is_valid():
        try:
            outcome = services.log_result(
                request.user,
                assignment,
                form.to_input(),
                evidence=form.cleaned_data["evidence"],
                idempotency_key=form.cleaned_data.get("idempotency_key"),
            )
        except services.ExecutionError as exc:
            _form_errors(form, exc)
        else:
            if outcome.created:
                messages.success(request, f"Đã ghi nhận kết quả «{outcome.result.title}».")
            else:
                messages.info(request, "Biểu mẫu đã được gửi trước đó: kết quả đã có, không ghi thêm bản trùng.")
            return redirect("execution:assignment", assignment.pk)
    return render(request, "execution/assignment.html", _assignment_context(request, assignment, form=form), status=400)


def _form_errors(form: ResultForm, exc: services.ExecutionError) -> None:
    placed = False
    for name, message in exc.errors.items():
        if name in form.fields:
            form.add_error(name, message)
            placed = True
    if not placed or "__all__" in exc.errors or not exc.errors:
        form.add_error(None, str(exc))


@login_required
def edit_result(request: AuthenticatedRequest, result_id: int) -> HttpResponse:
    result = access.get_result_for_user(request.user, result_id, write=True)
    occurrences = selectors.active_occurrences(result.assignment)
    if request.method == "POST":
        if _too_large(request):
            messages.error(request, _too_large_message())
            return redirect("execution:result_edit", result.pk)
        form = ResultForm(request.POST, request.FILES, occurrences=occurrences)
        if form.is_valid():
            try:
                services.update_result(
                    request.user,
                    result,
                    form.to_input(),
                    expected_version=form.cleaned_data.get("version") or 0,
                    evidence=form.cleaned_data["evidence"],
                )
            except services.ExecutionError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, "Đã lưu thay đổi.")
                return redirect("execution:assignment", result.assignment_id)
    else:
        form = ResultForm(instance=result, occurrences=occurrences)
    return render(
        request, "execution/result_edit.html", {"form": form, "result": result, "assignment": result.assignment}
    )


@login_required
@require_POST
def delete_result(request: AuthenticatedRequest, result_id: int) -> HttpResponse:
    result = access.get_result_for_user(request.user, result_id, write=True)
    assignment_id = result.assignment_id
    services.delete_result(request.user, result)
    messages.success(request, "Đã xóa kết quả (nội dung cũ vẫn được lưu trong nhật ký thay đổi).")
    return redirect("execution:assignment", assignment_id)


@login_required
@require_POST
def state_progress(request: AuthenticatedRequest, assignment_id: int) -> HttpResponse:
    assignment = access.get_assignment_for_user(request.user, assignment_id, write=True)
    form = ProgressForm(request.POST)
    if form.is_valid():
        services.state_progress(request.user, assignment, form.cleaned_data["percent"], form.cleaned_data["note"])
        messages.success(request, "Đã ghi tiến độ tự đánh giá.")
        return redirect("execution:assignment", assignment.pk)
    return render(
        request, "execution/assignment.html", _assignment_context(request, assignment, progress_form=form), status=400
    )


@login_required
def evidence_download(request: AuthenticatedRequest, evidence_id: int) -> HttpResponseBase:
    """An evidence file, only to those who may read its result, always as a download (core.files)."""
    evidence = access.get_evidence_for_user(request.user, evidence_id)
    return files.protected_file_response(
        evidence.file, filename=evidence.original_name, allowed=services.ALLOWED_EVIDENCE
    )


@login_required
@require_POST
def evidence_public(request: AuthenticatedRequest, evidence_id: int) -> HttpResponse:
    """Show a picture on the plan's public progress page, or stop showing it (the unit's choice)."""
    evidence = access.get_evidence_for_user(request.user, evidence_id, write=True)
    public = request.POST.get("is_public") == "1"
    shown = "được hiển thị" if public else "không còn hiển thị"
    done = f"Ảnh «{evidence.original_name}» {shown} trên trang tiến độ công khai."
    tell(request, lambda: services.set_evidence_public(request.user, evidence, public), done, services.ExecutionError)
    return redirect("execution:result_edit", evidence.result_id)


def public_photo(request: HttpRequest, plan_id: int, photo_id: int) -> HttpResponse:
    """A picture of a published plan's public progress page, without the original file's metadata."""
    photo = access.get_public_photo(get_public_plan(plan_id), photo_id)
    return files.public_image_response(photo.file)


def _loggable_in(request: HttpRequest, plan_id: int) -> list[Assignment]:
    return list(
        access.loggable_assignments(request.user)
        .filter(plan_id=plan_id, is_active=True)
        .select_related("unit")
        .order_by("unit__name", "ref", "id")
    )


@login_required
def import_start(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    """Bulk results from Excel: download the template, upload it, check it."""
    allowed = _loggable_in(request, plan_id)
    if not allowed:
        return render(request, "execution/import.html", {"plan": None, "form": None}, status=404)
    plan = allowed[0].plan
    form = ImportForm()
    if request.method == "POST":
        if _too_large(request):
            messages.error(request, _too_large_message())
            return redirect("execution:import_start", plan_id)
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            checked = submit(
                request,
                form,
                lambda: services.check_result_import(request.user, plan, form.cleaned_data["file"], allowed),
                lambda result_import: redirect("execution:import_detail", result_import.pk),
                refused=services.ExecutionError,
                field="file",
            )
            if checked is not None:
                return checked
    return render(request, "execution/import.html", {"plan": plan, "form": form, "count": len(allowed)})


@login_required
def import_template(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    allowed = _loggable_in(request, plan_id)
    if not allowed:
        return render(request, "execution/import.html", {"plan": None, "form": None}, status=404)
    response = HttpResponse(excel.build_template(allowed), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="mau-ket-qua-ke-hoach-{plan_id}.xlsx"'
    return response


@login_required
def import_detail(request: AuthenticatedRequest, import_id: int) -> HttpResponse:
    result_import = access.get_import_for_user(request.user, import_id)
    if request.method == "POST":
        allowed = _loggable_in(request, result_import.plan_id)
        tell(
            request,
            lambda: services.commit_result_import(request.user, result_import, allowed),
            lambda count: f"Đã ghi nhận {count} kết quả từ tệp «{result_import.original_name}».",
            services.ExecutionError,
        )
        return redirect("execution:import_detail", result_import.pk)
    return render(request, "execution/import_detail.html", {"imp": result_import, "plan": result_import.plan})


@login_required
def import_errors(request: AuthenticatedRequest, import_id: int) -> HttpResponse:
    result_import = access.get_import_for_user(request.user, import_id)
    response = HttpResponse(excel.errors_workbook(result_import.errors), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="loi-nhap-ket-qua-{result_import.pk}.xlsx"'
    return response


@login_required
def dashboard(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    """The plan owner's view: completion by unit, pillar, kind and month; late units; targets against actuals."""
    plan = access.get_monitored_plan(request.user, plan_id)
    today = _today()
    # The same for everyone allowed to see it (access decided above), kept as rendered HTML (rendering its tables
    # costs more than computing them); recomputed after any write about the plan or a plan made from it (the rollup
    # shows them), or any plan written (a new plan made from it).
    scopes = [pagecache.scope(Plan), *(pagecache.scope(p) for p in (plan, *rollup.child_plans(plan)))]
    body = pagecache.remember(
        "execution:dashboard",
        [plan.pk, today],
        scopes,
        lambda: render_to_string("execution/_dashboard_body.html", dashboard_context(plan, today)),
    )
    return render(request, "execution/dashboard.html", {"plan": plan, "body": mark_safe(body)})


@login_required
def national_dashboard(request: AuthenticatedRequest) -> HttpResponse:
    """The ministry's view of every province's plans of a year: units, completion, results; national figures."""
    if not access.can_follow_the_country(request.user):
        raise PermissionDenied("Chỉ bộ, ngành trung ương theo dõi tiến độ của các tỉnh, thành phố.")
    today = _today()
    year = int(request.GET["nam"]) if request.GET.get("nam", "").isdigit() else today.year
    year = min(max(year, 2000), today.year + 1)
    return render(request, "execution/national.html", national_context(year, today))


def national_context(year: int, today: dt.date) -> dict[str, Any]:
    rows = national.provinces(year, today)
    return {
        "year": year,
        "today": today,
        "rows": rows,
        "total": national.country(rows),
        "kinds": national.consolidated(rows),
        "chart": charts.hbars(
            [(r.unit.name, r.status.completion or 0.0) for r in rows if r.plans],
            max_value=100,
            suffix="%",
            title=f"Tỷ lệ hoàn thành năm {year} theo tỉnh, thành phố",
        ),
    }


def dashboard_context(plan: Plan, today: dt.date) -> dict[str, Any]:
    """The dashboard's figures (selectors.dashboard), the children plans' roll-up, and the charts drawn from them."""
    figures = selectors.dashboard(plan, today)
    by_month, kinds = figures["by_month"], figures["kinds"]
    return {
        **figures,
        "children": rollup.children_rollup(plan, today),
        "chart_units": charts.hbars(
            [(r.label, r.completion or 0.0) for r in figures["ranked"][:20]],
            max_value=100,
            suffix="%",
            title="Tỷ lệ hoàn thành — 20 đơn vị thấp nhất",
        ),
        "chart_pillars": charts.hbars(
            [(r.label, r.completion or 0.0) for r in figures["by_pillar"]],
            max_value=100,
            suffix="%",
            title="Tỷ lệ hoàn thành theo lĩnh vực CCHC",
            color=charts.PALETTE[1],
        ),
        "chart_kinds": charts.hbars(
            [(k.label, k.results) for k in kinds], title="Số kết quả theo hình thức", color=charts.PALETTE[4]
        ),
        "chart_months": charts.columns(
            [r.label for r in by_month],
            [
                ("Kỳ đến hạn", [r.total for r in by_month]),
                ("Kỳ đã thực hiện", [r.done for r in by_month]),
                ("Kết quả ghi nhận", [figures["results_by_month"].get(r.key, 0) for r in by_month]),
            ],
            title="Theo tháng",
        ),
    }


@login_required
def targets(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    """Targets proposed from the wording (to confirm) and the reform pillar of each activity."""
    plan = access.get_monitored_plan(request.user, plan_id)
    can_write = access.can_manage_plan(request.user, plan)
    if request.method == "POST":
        if not can_write:
            messages.error(request, "Chỉ cơ quan theo dõi kế hoạch được xác nhận chỉ tiêu.")
            return redirect("execution:targets", plan.pk)
        _decide(request, plan)
        return redirect("execution:targets", plan.pk)
    return render(
        request,
        "execution/targets.html",
        {
            "plan": plan,
            "items": selectors.targets_with_actuals(plan, _today()),
            "classifications": selectors.activity_classifications(plan),
            "can_write": can_write,
            "pillar_form": PillarForm(),
        },
    )


def _decide(request: AuthenticatedRequest, plan: Any) -> None:
    if "activity" in request.POST:
        classification = selectors.activity_classification(plan, request.POST.get("activity"))
        form = PillarForm(request.POST)
        if classification and form.is_valid():
            services.set_activity_pillar(request.user, classification.activity, form.cleaned_data["pillar"])
            messages.success(request, "Đã lưu lĩnh vực CCHC của nhiệm vụ.")
        return
    target = selectors.plan_target(plan, request.POST.get("target"))
    decision = TargetDecisionForm(request.POST)
    if target is None or not decision.is_valid():
        messages.error(request, "Yêu cầu không hợp lệ.")
        return
    confirm, threshold = decision.cleaned_data["decision"] == "confirm", decision.cleaned_data.get("threshold")
    tell(
        request,
        lambda: services.decide_target(request.user, target, confirm=confirm, threshold=threshold),
        "Đã lưu chỉ tiêu.",
        services.ExecutionError,
    )


def public_progress(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Citizens' view of a plan's progress (only when the owner published it): no names, no personal data."""
    plan = get_public_plan(plan_id)
    today = _today()
    return pagecache.public_page(
        request, "execution:public", [today], [pagecache.scope(plan)], lambda: _public_progress(request, plan, today)
    )


def _public_progress(request: HttpRequest, plan: Plan, today: dt.date) -> HttpResponse:
    rows = selectors.public_progress(plan, today)
    kinds = selectors.result_totals(plan, "kind")
    return render(
        request,
        "execution/public.html",
        {
            "plan": plan,
            "rows": rows,
            "kinds": kinds,
            "today": today,
            "chart": charts.hbars(
                [(f"{r['ref']}. {r['text']}", r["completion"] or 0.0) for r in rows],
                max_value=100,
                suffix="%",
                title="Tiến độ từng nhiệm vụ",
            ),
        },
    )
