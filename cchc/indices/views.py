"""Index pages: a locality's indices with their trends and tables, importing a published table, and a plan's
objectives linked to the indices they aim at."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render

from cchc.accounts.types import AuthenticatedRequest
from cchc.core.inputs import InputError
from cchc.indices import access, selectors, services
from cchc.indices.forms import ImportForm, TargetForm
from cchc.plans.access import get_plan_for_user


@login_required
def locality(request: AuthenticatedRequest) -> HttpResponse:
    """The indices of the user's province (and of the provinces merged into it), or of a locality chosen."""
    if not access.can_read(request.user):
        raise PermissionDenied("Chỉ cán bộ, công chức xem được trang chỉ số.")
    held = selectors.held_localities()
    chosen = request.GET.get("dia_phuong", "")
    names = [chosen] if chosen in held else selectors.localities_of(request.user.unit)
    return render(
        request,
        "indices/locality.html",
        {
            "trends": selectors.trends(names),
            "names": names,
            "held": held,
            "can_import": access.can_import(request.user),
        },
    )


@login_required
def import_values(request: AuthenticatedRequest) -> HttpResponse:
    """Upload a published table; every row is checked and nothing is saved while one row is wrong."""
    if not access.can_import(request.user):
        raise PermissionDenied("Chỉ quản trị hệ thống và cơ quan chủ trì kế hoạch nhập số liệu chỉ số.")
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[tuple[int, str]] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > int(settings.MAX_UPLOAD_BYTES):
                raise services.IndexInputError("Tệp quá lớn.")
            summary = services.import_values(
                request.user, upload.read(), upload.name, source=form.cleaned_data["source"]
            )
        except services.IndexInputError as exc:
            form.add_error(None, exc.message)
            errors = exc.errors
        else:
            messages.success(
                request,
                f"Đã nhập {summary.created} giá trị mới, cập nhật {summary.updated}, giữ nguyên {summary.unchanged}"
                f" ({', '.join(sorted(summary.localities))}).",
            )
            return redirect("indices:home")
    return render(request, "indices/import.html", {"form": form, "errors": errors})


@login_required
def plan_targets(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    """A plan's objectives linked to indices with targets, beside the values of its locality."""
    plan = get_plan_for_user(request.user, plan_id)
    can_set = access.can_set_targets(request.user, plan)
    form = TargetForm(request.POST or None, objectives=list(plan.objectives), initial={"year": plan.period_end.year})
    if request.method == "POST":
        if not can_set:
            raise PermissionDenied("Chỉ cơ quan theo dõi kế hoạch đặt mục tiêu chỉ số.")
        remove = request.POST.get("remove", "")
        try:
            if remove:
                services.remove_target(request.user, access.get_target(plan, int(remove) if remove.isdigit() else 0))
                messages.success(request, "Đã bỏ mục tiêu chỉ số.")
                return redirect("indices:plan", plan.pk)
            if form.is_valid():
                data = form.cleaned_data
                services.set_target(
                    request.user,
                    plan,
                    objective=form.chosen_objective(),
                    index=data["index"],
                    component=data["component"],
                    year=data["year"],
                    target=data["target"],
                )
                messages.success(request, "Đã gắn mục tiêu với chỉ số.")
                return redirect("indices:plan", plan.pk)
        except (services.IndexInputError, InputError) as exc:
            form.add_error(None, exc.message)
    return render(
        request,
        "indices/plan.html",
        {
            "plan": plan,
            "form": form,
            "can_set": can_set,
            "targets": selectors.plan_targets(plan),
            "trends": selectors.trends(selectors.plan_localities(plan), plan),
        },
    )
