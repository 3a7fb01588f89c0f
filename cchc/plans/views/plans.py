"""Plan list, plan page, authoring, mapping mentions, history, JSON import and export."""

from __future__ import annotations

import copy

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cchc.accounts.types import AuthenticatedRequest
from cchc.core import files, inputs
from cchc.core.audit import history_for
from cchc.core.listing import Listing
from cchc.core.steps import made_or_back, submit, tell
from cchc.documents.xlsx import render_xlsx
from cchc.plans import selectors, services
from cchc.plans.access import (
    can_create_plan,
    can_derive_from,
    can_write_plan,
    get_activity,
    get_mention,
    get_mention_group,
    get_mention_unit,
    get_plan_for_user,
    mention_targets,
    readable_parent,
    readable_plans,
)
from cchc.plans.body import find, header_cells
from cchc.plans.docx_export import PlanExportError, print_plan
from cchc.plans.estimates import estimate_tables, plan_estimates
from cchc.plans.forms import ActivityForm, PlanFilterForm, PlanForm, PlanJsonUploadForm
from cchc.plans.models import Plan, UnitMention
from cchc.plans.schema import PlanFormatError


@login_required
def plan_list(request: AuthenticatedRequest) -> HttpResponse:
    """The plans the person reads: filters, search, sort, pages of 50 (core.listing)."""
    listing = Listing.from_request(
        request.GET, selectors.PLAN_SORTS, "thoi_ky", descending=True, keep=("year", "level", "locality", "status")
    )
    form = PlanFilterForm(request.GET or None)
    plans = readable_plans(request.user).select_related("issuer_unit")
    if form.is_valid():
        data = form.cleaned_data
        if data.get("year"):
            plans = plans.filter(period_start__year__lte=data["year"], period_end__year__gte=data["year"])
        if data.get("level"):
            plans = plans.filter(level=data["level"])
        if data.get("status"):
            plans = plans.filter(status=data["status"])
        if data.get("locality"):
            plans = selectors.in_locality(plans, data["locality"])
    plans = listing.order(listing.search(plans, ("title", "number", "issuer")))
    return render(
        request,
        "plans/list.html",
        {
            "form": form,
            "listing": listing,
            "page": listing.page(plans),
            "can_create": can_create_plan(request.user),
        },
    )


def _plan_context(request: HttpRequest, plan: Plan) -> dict[str, object]:
    estimates = plan_estimates(plan)
    return {
        "plan": plan,
        **selectors.plan_page(plan),
        "can_write": can_write_plan(request.user, plan),
        "can_derive": can_derive_from(request.user, plan),
        "estimates": estimates,
        "estimated_count": sum(line.activity.estimate is not None for line in estimates.lines),
        "parent": readable_parent(request.user, plan),
        "document": selectors.document(plan),
    }


@login_required
def plan_detail(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id)
    return render(request, "plans/detail.html", _plan_context(request, plan))


@login_required
def plan_create(request: AuthenticatedRequest) -> HttpResponse:
    if not can_create_plan(request.user):
        raise PermissionDenied("Bạn không có quyền tạo kế hoạch.")
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        unit = request.user.unit
        issuer = unit.territorial_root() if unit else None
        if issuer is None:
            messages.error(request, "Tài khoản quản trị cần chọn đơn vị ban hành: hãy nhập kế hoạch từ tệp JSON.")
        else:
            created = submit(
                request,
                form,
                lambda: services.create_plan(request.user, issuer_unit=issuer, owner_unit=unit, **form.cleaned_data),
                _to_plan,
                "Đã tạo kế hoạch (dự thảo).",
                services.PlanError,
            )
            if created is not None:
                return created
    return render(request, "plans/form.html", {"form": form, "heading": "Tạo kế hoạch mới"})


@login_required
def plan_derive(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    """The owner office of a district or commune makes its draft plan from this (parent) plan: GET explains what
    will be made (or why the reader cannot), POST makes it."""
    parent = get_plan_for_user(request.user, plan_id)
    allowed = can_derive_from(request.user, parent)
    if request.method != "POST":
        return render(request, "plans/derive.html", {"plan": parent, "can_derive": allowed})
    if not allowed:
        raise PermissionDenied("Bạn không xây dựng được kế hoạch từ kế hoạch này.")
    unit = request.user.unit
    assert unit is not None  # can_derive_from asked for it
    try:
        result = services.derive_plan(request.user, parent, issuer_unit=unit.territorial_root(), owner_unit=unit)
    except (services.PlanError, PlanFormatError) as exc:
        messages.error(request, str(exc))
        return redirect("plans:detail", parent.pk)
    if result.created:
        messages.success(
            request,
            f"Đã xây dựng dự thảo kế hoạch từ kế hoạch của {parent.issuer}: "
            f"{result.plan.activities.count()} nhiệm vụ được giao cho cấp mình. Hãy soát lại trước khi ban hành.",
        )
    else:
        messages.info(request, "Kế hoạch của đơn vị bạn đã được xây dựng từ kế hoạch này trước đó.")
    return redirect("plans:detail", result.plan.pk)


@login_required
def plan_edit(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id, write=True)
    form = PlanForm(request.POST or None, instance=copy.copy(plan))
    if request.method == "POST" and form.is_valid():
        saved = submit(request, form, lambda: services.update_plan(request.user, plan, **form.cleaned_data),
                       lambda _: _to_plan(plan), "Đã lưu kế hoạch.", services.PlanError)  # fmt: skip
        if saved is not None:
            return saved
    return render(request, "plans/form.html", {"form": form, "plan": plan, "heading": "Sửa kế hoạch"})


@login_required
def activity_edit(request: AuthenticatedRequest, plan_id: int, activity_id: int | None = None) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id, write=True)
    activity = get_activity(plan, activity_id) if activity_id else None
    initial = selectors.activity_units(activity) if activity is not None else {}
    form = ActivityForm(request.POST or None, instance=activity, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        lead, coordinators = data.pop("lead"), data.pop("coordinators")
        saved = submit(
            request,
            form,
            lambda: services.save_activity(request.user, plan, activity, lead=lead, coordinators=coordinators, **data),
            lambda _: _to_plan(plan),
            "Đã lưu nhiệm vụ.",
            services.PlanError,
        )
        if saved is not None:
            return saved
    return render(request, "plans/activity_form.html", {"form": form, "plan": plan, "activity": activity})


@login_required
@require_POST
def activity_delete(request: AuthenticatedRequest, plan_id: int, activity_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id, write=True)
    activity = get_activity(plan, activity_id)
    tell(request, lambda: services.delete_activity(request.user, activity), "Đã xóa nhiệm vụ.", services.PlanError)
    return _to_plan(plan)


def _to_plan(plan: Plan) -> HttpResponse:
    return redirect("plans:detail", plan.pk)


def _map_mention(request: AuthenticatedRequest, plan: Plan, mention: UnitMention) -> None:
    """Map `mention` of `plan` to the unit or group chosen in the form (`unit:<id>` or `group:<id>`)."""
    kind, _, pk = request.POST.get("target", "").partition(":")
    if kind == "unit" and pk.isdigit():
        services.map_mention(request.user, mention, unit=get_mention_unit(request.user, plan, int(pk)))
    elif kind == "group" and pk.isdigit():
        services.map_mention(request.user, mention, group=get_mention_group(request.user, plan, int(pk)))
    else:
        raise services.PlanError("Hãy chọn một đơn vị trong danh sách.")


@login_required
def mention_map(request: AuthenticatedRequest, plan_id: int, mention_id: int) -> HttpResponse:
    """Choose the unit or group an unresolved printed mention stands for."""
    plan = get_plan_for_user(request.user, plan_id, write=True)
    mention = get_mention(plan, mention_id)
    units, groups = mention_targets(request.user, plan)
    done = f"Đã gắn «{mention.text}» với đơn vị."
    if request.method == "POST" and tell(
        request, lambda: _map_mention(request, plan, mention), done, services.PlanError
    ):
        return _to_plan(plan)
    return render(
        request,
        "plans/mention_map.html",
        {
            "plan": plan,
            "mention": mention,
            "units": units.exclude(kind="commune")[:500],
            "groups": groups,
        },
    )


@login_required
def plan_history(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id)
    listing = Listing.from_request(request.GET, selectors.HISTORY_SORTS, "moi_nhat")
    page = listing.page(history_for(plan, request.user))
    return render(request, "plans/history.html", {"plan": plan, "page": page, "listing": listing})


@login_required
def plan_export_json(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id)
    response = JsonResponse(services.export_plan_json(plan), json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'attachment; filename="ke-hoach-{plan.pk}.json"'
    return response


@login_required
def plan_docx(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    """The plan printed as a Word document (the one plan printer, `docx_export.print_plan`)."""
    plan = get_plan_for_user(request.user, plan_id)
    name = f"ke-hoach-{plan.pk}-{plan.number or plan.title[:40]}"
    return made_or_back(
        request,
        lambda: files.generated_download(print_plan(plan), files.DOCX, name),
        reverse("plans:detail", args=[plan.pk]),
        PlanExportError,
        "Chưa in được kế hoạch: {}",
    )


@login_required
def plan_import_json(request: AuthenticatedRequest) -> HttpResponse:
    if not can_create_plan(request.user):
        raise PermissionDenied("Bạn không có quyền nhập kế hoạch.")
    form = PlanJsonUploadForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > settings.MAX_UPLOAD_BYTES:
            errors = [f"Tệp quá lớn: tối đa {settings.MAX_UPLOAD_BYTES // (1024 * 1024)} MB."]
        else:
            try:
                raw = inputs.load_json(upload.read(), label="Tệp kế hoạch (JSON)")
                owner = None if request.user.is_admin else request.user.unit
                result = services.import_plan_json(request.user, raw, owner_unit=owner)
            except inputs.InputError as exc:
                errors = [exc.message]
            except PlanFormatError as exc:
                errors = exc.errors
            else:
                messages.success(
                    request,
                    "Đã nhập kế hoạch."
                    + (
                        f" Có {len(result.unresolved)} đơn vị chưa xác định, cần gắn với danh mục."
                        if result.unresolved
                        else ""
                    ),
                )
                return redirect("plans:detail", result.plan.pk)
    return render(request, "plans/import_json.html", {"form": form, "errors": errors})


@login_required
def plan_estimate_xlsx(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    """The plan's funding estimate for the budget round (.xlsx): per activity, and per lead unit and source."""
    plan = get_plan_for_user(request.user, plan_id)
    return files.generated_download(render_xlsx(estimate_tables(plan)), files.XLSX, f"du-toan-ke-hoach-{plan.pk}")


def _body_fragment(request: HttpRequest, plan: Plan) -> HttpResponse:
    return render(request, "plans/_body.html", {"plan": plan, "document": selectors.document(plan), "can_write": True})


@login_required
def body_node(request: AuthenticatedRequest, plan_id: int, node_id: str) -> HttpResponse:
    """Edit one node of the plan's body: GET the editor (inline with htmx, a page without), POST an action
    (edit, add, up, down, delete). A deletion that would orphan values asks whether to move or delete them."""
    plan = get_plan_for_user(request.user, plan_id, write=True)
    htmx = request.headers.get("HX-Request") == "true"
    context: dict[str, object] = {"plan": plan, "node_id": node_id, "node": find(plan.body, node_id)}
    if context["node"] is None and node_id != "cuoi":
        raise Http404("Không có đoạn này trong kế hoạch.")
    if request.method == "POST":
        data = {
            "label": request.POST.get("label"),
            "text": request.POST.get("text"),
            "cells": request.POST.getlist("cells") if "cells" in request.POST else None,
            "type": request.POST.get("type"),
            "where": request.POST.get("where"),
            "linked": request.POST.get("linked"),
        }
        try:
            services.edit_body(
                request.user, plan, request.POST.get("action", ""), None if node_id == "cuoi" else node_id, data
            )
        except services.LinkedValuesError as exc:
            context.update(linked=exc.values, error=str(exc))
        except services.PlanError as exc:
            context["error"] = str(exc)
        else:
            plan.refresh_from_db()
            if htmx:
                return _body_fragment(request, plan)
            messages.success(request, "Đã lưu toàn văn.")
            return redirect(reverse("plans:detail", args=[plan.pk]) + f"#{node_id}")
    if context["node"] is not None:
        context["header"] = header_cells(plan.body, node_id)
    if htmx:
        response = render(request, "plans/_body_editor.html", context)
        if request.method == "POST":  # the refusal or the question goes where the editor is, not over the text
            response["HX-Retarget"] = f"#tools-{node_id}"
            response["HX-Reswap"] = "innerHTML"
        return response
    return render(request, "plans/body_node.html", context)
