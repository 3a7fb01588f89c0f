"""Staff pages for reporting: periods, unit reports and their review, consolidated reports, scores; downloads."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from cchc.accounts.types import AuthenticatedRequest
from cchc.core import files
from cchc.core.calendar import PeriodError
from cchc.core.listing import Listing, Sort
from cchc.core.steps import made_or_back, submit, tell
from cchc.execution.access import get_plan_to_issue
from cchc.execution.selectors import assignment_counts
from cchc.plans.access import get_plan_for_user, readable_plans
from cchc.plans.models import Plan
from cchc.plans.services import update_plan
from cchc.reporting import access, printing, scoring, selectors, services
from cchc.reporting.figures import kind_label, ordered_kinds, ordered_pillars, pillar_label, reporting_units
from cchc.reporting.forms import (
    ConsolidatedForm,
    CriterionFormSet,
    PeriodDatesForm,
    PeriodForm,
    ReviewForm,
    RubricHeaderForm,
    UnitReportForm,
)
from cchc.reporting.models import Issuer, ReportingPeriod, ReportStatus
from cchc.reporting.scoring import RubricError

# The units of a period: reports to act on first (submitted, then returned, accepted, being written, none).
_REPORT_ORDER = {ReportStatus.SUBMITTED: 0, ReportStatus.RETURNED: 1, ReportStatus.ACCEPTED: 2, ReportStatus.DRAFT: 3}
UNIT_LINE_SORTS = {
    "bao_cao": Sort("Báo cáo", key=lambda line: (_REPORT_ORDER.get(line.report.status, 4) if line.report else 4,)),
    "don_vi": Sort("Đơn vị", fields=("unit.name",)),
    "hoat_dong": Sort("Số hoạt động", key=lambda line: -int(line.figures.results or 0)),
    "hoan_thanh": Sort("Hoàn thành", key=lambda line: -int(line.figures.assignments_done or 0)),
}


@login_required
def index(request: AuthenticatedRequest) -> HttpResponse:
    """Plans the user reads, with their periods; the user's own unit's reports."""
    plans = readable_plans(request.user).prefetch_related("reporting_periods")
    return render(request, "reporting/index.html", {"plans": plans, "mine": selectors.own_reports(request.user)})


@login_required
def plan_docx_moved(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    """The plan's Word download lives with the plan (plans:docx); links to its old address under /bao-cao/ still
    work for those who may read the plan."""
    plan = get_plan_for_user(request.user, plan_id)
    return redirect("plans:docx", plan.pk, permanent=True)


@login_required
def issue_plan(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    """Issue a plan (or re-issue it after edits): every unit's assignments, then its reporting periods."""
    plan = get_plan_to_issue(request.user, plan_id)
    if request.method == "POST":
        try:
            result = services.issue_plan(request.user, plan)
        except ValueError as exc:  # ExecutionError, or a status change plans.services refuses
            messages.error(request, str(exc))
            return redirect("plans:detail", plan.pk)
        if request.POST.get("cong_khai") and not plan.is_public:  # publishing is a choice made when issuing
            update_plan(request.user, plan, is_public=True)
        text = (
            f"Đã ban hành: {result.created} nhiệm vụ mới, {result.updated} cập nhật, "
            f"{result.deactivated} không còn hiệu lực; {result.occurrences_created} kỳ thực hiện mới."
        )
        if result.unassigned_mentions:
            text += " Chưa giao được cho: " + "; ".join(result.unassigned_mentions) + " (chưa gắn với đơn vị)."
        messages.success(request, text)
        return redirect("execution:dashboard", plan.pk)
    return render(request, "reporting/issue.html", {"plan": plan, "counts": assignment_counts(plan)})


@login_required
def plan_reporting(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id)
    reviewer = access.can_review(request.user, plan)
    rows = selectors.periods_with_own_report(plan, request.user)
    return render(
        request,
        "reporting/plan.html",
        {
            "plan": plan,
            "rows": rows,
            "reviewer": reviewer,
            "can_report": access.can_report(request.user),
            "period_form": PeriodForm(),
            "today": services.today(),
        },
    )


@login_required
@require_POST
def sync_periods(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id, write=True)
    try:
        periods = services.sync_periods(request.user, plan)
    except PeriodError as exc:
        messages.error(request, str(exc))
    else:
        if periods:
            messages.success(request, f"Kế hoạch có {len(periods)} kỳ báo cáo.")
        else:
            messages.warning(request, "Chế độ báo cáo của kế hoạch không nêu kỳ báo cáo nào: hãy thêm kỳ đột xuất.")
    return redirect("reporting:plan", plan.pk)


@login_required
@require_POST
def add_period(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id, write=True)
    _submit(
        request,
        PeriodForm(request.POST),
        lambda data: services.add_period(request.user, plan, **data),
        done="Đã thêm kỳ báo cáo.",
        invalid="Kỳ báo cáo chưa hợp lệ: hãy nhập tên, ngày bắt đầu, ngày kết thúc và hạn nộp.",
    )
    return redirect("reporting:plan", plan.pk)


def _submit(
    request: HttpRequest, form: Form, save: Callable[[dict[str, Any]], object], *, done: str, invalid: str
) -> None:
    """A POSTed form saved through a service; the user is told whether it was saved, refused, or not valid."""
    if not form.is_valid():
        messages.error(request, invalid)
        return
    tell(request, lambda: save(form.cleaned_data), done, services.ReportingError)


@login_required
def period_detail(request: AuthenticatedRequest, period_id: int) -> HttpResponse:
    period = access.get_period_for_user(request.user, period_id)
    plan = period.plan
    user = request.user
    reviewer = access.can_review(user, plan)
    context: dict[str, Any] = {
        "summaries": access.can_read_summaries(user, plan),
        "period": period,
        "plan": plan,
        "reviewer": reviewer,
        "can_report": access.can_report(request.user),
    }
    if access.can_read_summaries(user, plan):
        try:
            context["data"] = data = printing.consolidated_data(period, services.today())
        except printing.PrintError as exc:
            context["problem"] = str(exc)
        else:
            listing = Listing.from_request(request.GET, UNIT_LINE_SORTS, "bao_cao")
            context["listing"] = listing
            context["page"] = listing.page(listing.order(listing.search(data.lines, ["unit.name"])))
    if reviewer:
        context["dates_form"] = PeriodDatesForm(initial={"start": period.start, "end": period.end, "due": period.due})
    context["own"] = selectors.own_report_in(period, user)
    return render(request, "reporting/period.html", context)


@login_required
@require_POST
def period_dates(request: AuthenticatedRequest, period_id: int) -> HttpResponse:
    period = access.get_period_for_user(request.user, period_id, review=True)
    _submit(
        request,
        PeriodDatesForm(request.POST),
        lambda data: services.update_period(request.user, period, **data),
        done="Đã lưu thời gian của kỳ báo cáo.",
        invalid="Ngày không hợp lệ.",
    )
    return redirect("reporting:period", period.pk)


@login_required
@require_POST
def open_own_report(request: AuthenticatedRequest, period_id: int) -> HttpResponse:
    """Create (or reopen) the signed-in user's unit report for the period."""
    period = access.get_period_for_user(request.user, period_id)
    user = request.user
    if not access.can_report(user) or user.unit is None:
        raise Http404("Tài khoản không thuộc đơn vị nào để lập báo cáo.")
    if user.unit_id not in {u.pk for u in reporting_units(period.plan).all}:
        messages.error(request, "Đơn vị của bạn không được giao nhiệm vụ trong kế hoạch này nên không phải báo cáo.")
        return redirect("reporting:period", period.pk)
    report = services.open_report(user, period, user.unit)
    return redirect("reporting:report", report.pk)


@never_cache  # the back button after submitting fetches the report again and shows it submitted, not a form
@login_required
def report_detail(request: AuthenticatedRequest, report_id: int) -> HttpResponse:
    """The report; its own unit edits it. Every button of the form saves what was typed first: «Lưu», «Cập nhật
    số liệu» (then recounts the figures) and «Kiểm tra trước khi nộp» (then shows the answers to confirm)."""
    report = access.get_report_for_user(request.user, report_id)
    user = request.user
    can_edit = access.can_edit_report(user, report)
    draft = selectors.autosaved(report) if can_edit and request.method != "POST" else None
    initial = draft.values if draft is not None else None
    form = UnitReportForm(request.POST or None, instance=report, initial=initial) if can_edit else None
    if request.method == "POST":
        if form is None:
            if report.status != ReportStatus.DRAFT:  # sent again from a page left open: nothing to save any more
                messages.info(request, "Báo cáo đã được nộp, không sửa được nữa.")
                return redirect("reporting:report", report.pk)
            raise Http404("Không tìm thấy báo cáo.")
        if form.is_valid():
            try:
                services.save_report(
                    user,
                    report,
                    symbol=form.cleaned_data["symbol"],
                    **{k: form.cleaned_data[k] for k in services.REPORT_FIELDS},
                )
                then = request.POST.get("then", "")
                if then == "refresh":
                    services.refresh_figures(user, report)
            except services.ReportingError as exc:
                form.add_error(None, str(exc))
            else:
                if then == "check":
                    return redirect("reporting:check", report.pk)
                done = "Đã lưu báo cáo và cập nhật số liệu." if then == "refresh" else "Đã lưu báo cáo."
                messages.success(request, done)
                return redirect("reporting:report", report.pk)
    return render(
        request,
        "reporting/report.html",
        {
            "report": report,
            "period": report.period,
            "plan": report.period.plan,
            "form": form,
            "can_edit": can_edit,
            "reviewer": access.can_review(user, report.period.plan),
            "review_form": ReviewForm(),
            "late": report.is_late(services.today()),
            "figures": _figure_rows(report.figures),
            "draft": draft,
        },
    )


@login_required
@require_POST
def autosave_report(request: AuthenticatedRequest, report_id: int) -> JsonResponse:
    """The page's background save of what is being typed (JSON). A session that expired gets the login redirect,
    which the page reads as "log in again": the text stays in the browser and in the last background copy."""
    report = access.get_report_for_user(request.user, report_id, write=True)
    if not access.can_edit_report(request.user, report):
        return JsonResponse({"error": "Báo cáo đã được nộp, không sửa được nữa."}, status=409)
    try:
        draft = services.autosave_report(request.user, report, request.POST)
    except services.ReportingError as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    return JsonResponse({"saved_at": timezone.localtime(draft.saved_at).strftime("%H:%M:%S")})


@never_cache  # back after submitting fetches the page again: it then shows the submitted report, no button
@login_required
def check_report(request: AuthenticatedRequest, report_id: int) -> HttpResponse:
    """Check your answers: the report as it will be submitted, what is still missing, and the one submit button."""
    report = access.get_report_for_user(request.user, report_id, write=True)
    if not report.is_editable:
        messages.info(request, "Báo cáo đã được nộp.")
        return redirect("reporting:report", report.pk)
    return render(
        request,
        "reporting/report_check.html",
        {
            "report": report,
            "period": report.period,
            "missing": services.missing_to_submit(report),
        },
    )


def _figure_rows(figures: dict[str, Any]) -> dict[str, Any]:
    by_kind = figures.get("by_kind") or {}
    by_pillar = figures.get("by_pillar") or {}
    return {
        **figures,
        "kinds": [{"label": kind_label(k), **by_kind[k]} for k in ordered_kinds(by_kind)],
        "pillars": [{"label": pillar_label(p), "count": by_pillar[p]} for p in ordered_pillars(by_pillar)],
    }


@login_required
@require_POST
def report_action(request: AuthenticatedRequest, report_id: int, action: str) -> HttpResponse:
    """Submit a report or refresh its figures (its unit), accept or return it (the reviewer); `action` is set by
    the URL (`reporting/urls.py`), one address per action."""
    user = request.user
    if action in ("submit", "refresh"):
        report = access.get_report_for_user(user, report_id, write=True)
    else:
        report = access.get_report_for_review(user, report_id)
    form = ReviewForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    if action == "submit" and report.status == ReportStatus.SUBMITTED:
        # A double click, or the submit button of a page left open: the report went in once, that is enough.
        messages.info(request, f"Báo cáo đã được nộp lúc {timezone.localtime(report.submitted_at):%H:%M %d/%m/%Y}.")
        return redirect("reporting:report", report.pk)
    try:
        if action == "submit":
            services.submit_report(user, report)
            done = "Đã nộp báo cáo. Cơ quan chủ trì sẽ xem xét, tiếp nhận hoặc trả lại để bổ sung."
        elif action == "refresh":
            services.refresh_figures(user, report)
            done = "Đã cập nhật số liệu từ kết quả đã ghi nhận."
        elif action == "accept":
            services.accept_report(user, report, comment)
            done = "Đã tiếp nhận báo cáo."
        else:
            services.return_report(user, report, comment)
            done = "Đã trả lại báo cáo để đơn vị bổ sung."
    except services.ReportingError as exc:
        messages.error(request, str(exc))
        if action == "submit":
            return redirect("reporting:check", report.pk)
    else:
        messages.success(request, done)
    return redirect("reporting:report", report.pk)


@login_required
def report_docx(request: AuthenticatedRequest, report_id: int) -> HttpResponse:
    report = access.get_report_for_user(request.user, report_id)
    name = f"bao-cao-{report.unit.name}-{report.period.title}"
    return _printed(
        request,
        lambda: files.generated_download(printing.unit_report_docx(report), files.DOCX, name),
        reverse("reporting:report", args=[report.pk]),
    )


def _printed(request: HttpRequest, make: Callable[[], HttpResponse], back: str) -> HttpResponse:
    """A printed document (or its preview); when the printer refuses, its reason on the page `back`."""
    return made_or_back(request, make, back, printing.PrintError)


@login_required
def consolidated(request: AuthenticatedRequest, period_id: int) -> HttpResponse:
    period = access.get_period_for_user(request.user, period_id, review=True)
    # ?issued_by=committee shows the people's committee's defaults (signer, recipients) before saving.
    issued_by = request.GET.get("issued_by")
    report = services.consolidated_for(period, issued_by if issued_by in Issuer.values else None)
    form = ConsolidatedForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        saved = submit(
            request,
            form,
            lambda: services.save_consolidated(request.user, period, **form.cleaned_data),
            lambda _: redirect("reporting:consolidated", period.pk),
            "Đã lưu báo cáo tổng hợp.",
            services.ReportingError,
        )
        if saved is not None:
            return saved
    return render(request, "reporting/consolidated.html", {"period": period, "plan": period.plan, "form": form})


@login_required
def consolidated_preview(request: AuthenticatedRequest, period_id: int) -> HttpResponse:
    """What the consolidated report's .docx will say, on screen, with the narrative as last saved."""
    period = access.get_period_for_user(request.user, period_id)
    if not access.can_read_summaries(request.user, period.plan):
        raise Http404("Không tìm thấy kỳ báo cáo.")

    def preview() -> HttpResponse:
        data = printing.consolidated_data(period, services.today())
        html = printing.consolidated_html(data, services.consolidated_for(period))
        context = {"period": period, "plan": period.plan, "preview": html}
        return render(request, "reporting/consolidated_preview.html", context)

    return _printed(request, preview, reverse("reporting:period", args=[period.pk]))


@login_required
def consolidated_file(request: AuthenticatedRequest, period_id: int, kind: str) -> HttpResponse:
    """The consolidated report as .docx, or its annex as .xlsx (`kind`, set by the URL)."""
    period = access.get_period_for_user(request.user, period_id)
    if not access.can_read_summaries(request.user, period.plan):
        raise Http404("Không tìm thấy kỳ báo cáo.")
    return _printed(request, lambda: _consolidated(period, kind), reverse("reporting:period", args=[period.pk]))


def _consolidated(period: ReportingPeriod, kind: str) -> HttpResponse:
    data = printing.consolidated_data(period, services.today())
    if kind == "docx":
        body = printing.consolidated_docx(data, services.consolidated_for(period))
        return files.generated_download(body, files.DOCX, f"bao-cao-tong-hop-{period.title}")
    return files.generated_download(
        printing.consolidated_xlsx(data), files.XLSX, f"phu-luc-bao-cao-tong-hop-{period.title}"
    )


def _year(request: HttpRequest, plan: Plan) -> int:
    years = services.plan_years(plan)
    raw = request.GET.get("nam") or request.POST.get("nam") or ""
    return int(raw) if raw.isdigit() and int(raw) in years else years[-1]


@login_required
def scores(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id)
    reviewer = access.can_review(request.user, plan)
    if not access.can_read_summaries(request.user, plan):
        raise Http404("Không tìm thấy kết quả chấm điểm.")
    year = _year(request, plan)
    if request.method == "POST":
        if not reviewer:
            raise Http404("Không tìm thấy kết quả chấm điểm.")
        services.compute_scores(request.user, plan, year)
        messages.success(request, f"Đã chấm điểm, xếp hạng các đơn vị năm {year}.")
        return redirect(f"{request.path}?nam={year}")
    rows = selectors.scores(plan, year)
    rubric = services.rubric_for(plan)
    return render(
        request,
        "reporting/scores.html",
        {
            "plan": plan,
            "year": year,
            "years": services.plan_years(plan),
            "rows": rows,
            "rubric": rubric,
            "criteria": list(rubric.criteria),
            "reviewer": reviewer,
        },
    )


@login_required
def ranking_file(request: AuthenticatedRequest, plan_id: int, kind: str) -> HttpResponse:
    """The year's ranking as .docx or .xlsx (`kind`, set by the URL)."""
    plan = get_plan_for_user(request.user, plan_id)
    if not access.can_read_summaries(request.user, plan):
        raise Http404("Không tìm thấy kết quả chấm điểm.")
    year = _year(request, plan)
    rows = selectors.scores(plan, year)
    rubric = services.rubric_for(plan)
    printer, content_type = (
        (printing.ranking_docx, files.DOCX) if kind == "docx" else (printing.ranking_xlsx, files.XLSX)
    )
    return _printed(
        request,
        lambda: files.generated_download(printer(plan, year, rubric, rows), content_type, f"xep-hang-{year}-{plan.pk}"),
        f"{reverse('reporting:scores', args=[plan.pk])}?nam={year}",
    )


@login_required
def rubric(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    """The rubric as a form: a header and one row per criterion (a child's code extends its parent's)."""
    plan = get_plan_for_user(request.user, plan_id, write=True)
    current = services.rubric_for(plan)
    data = request.POST if request.method == "POST" else None
    header = RubricHeaderForm(
        data,
        initial={
            "name": current.name,
            "total": scoring.number_text(current.total),
            "award_min_share": scoring.number_text(current.award_min_share * 100),
            "award_max": current.award_max,
        },
    )
    rows = CriterionFormSet(data, initial=scoring.rubric_rows(current), prefix="tc")
    if data is not None and header.is_valid() and rows.is_valid():
        try:
            changed = scoring.rubric_from_rows(header.cleaned_data, [r for r in rows.cleaned_data if r])
            services.set_rubric(request.user, plan, scoring.rubric_json(changed))
        except RubricError as exc:
            for message in exc.errors:
                header.add_error(None, message)
        else:
            messages.success(request, "Đã lưu bộ tiêu chí và chấm điểm lại các đơn vị.")
            return redirect("reporting:scores", plan.pk)
    return render(
        request,
        "reporting/rubric.html",
        {"plan": plan, "form": header, "rows": rows},
        status=400 if data is not None else 200,
    )


@login_required
def unit_score(request: AuthenticatedRequest, plan_id: int, unit_id: int) -> HttpResponse:
    """How one unit's score was reached: each criterion, the figures measured, the rule, the points."""
    plan = get_plan_for_user(request.user, plan_id)
    if not access.can_read_unit_score(request.user, plan, unit_id):
        raise Http404("Không tìm thấy kết quả chấm điểm.")
    year = _year(request, plan)
    row = selectors.unit_score(plan, unit_id, year)
    if row is None:
        raise Http404("Đơn vị chưa được chấm điểm năm này.")
    rubric = services.rubric_for(plan)
    basis = services.measure_basis(plan, year, row.unit, timezone.localdate(row.computed_at))
    lines = scoring.explain(rubric, row.measures, basis)
    return render(
        request,
        "reporting/unit_score.html",
        {"plan": plan, "year": year, "score": row, "rubric": rubric, "lines": lines},
    )
