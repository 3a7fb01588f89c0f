"""Pages of feedback: the public form, status page, answers and rating; the staff inbox, item handling, entry of
items received elsewhere, figures, routing rules and the export for inspection."""

from __future__ import annotations

import csv
import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from cchc.accounts.types import AuthenticatedRequest
from cchc.core import files
from cchc.core.clients import over_rate
from cchc.core.confirm import confirmation
from cchc.core.inputs import InputError, clean_text, parse_int
from cchc.core.steps import refusal_on_form, submit, tell
from cchc.documents.xlsx import render_xlsx
from cchc.feedback import access, actions, challenge, selectors, services
from cchc.feedback.forms import FeedbackForm, RatingForm, RefuseForm, StatusForm
from cchc.feedback.models import Channel, FeedbackItem, Status, Topic

SESSION_KEY = "feedback_codes"
TOO_MANY = "Bạn đã gửi nhiều phản ánh trong thời gian ngắn. Vui lòng thử lại sau một giờ."


def _remember(request: HttpRequest, code: str) -> None:
    codes = [c for c in request.session.get(SESSION_KEY, []) if c != code]
    request.session[SESSION_KEY] = [*codes, code][-20:]


def _period(request: HttpRequest) -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    year = parse_int(request.GET.get("nam"), label="Năm", minimum=2000, maximum=2100) or today.year
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _submission(request: HttpRequest, form: FeedbackForm, *, channel: str, token: Any) -> services.Submission | None:
    """The form's values as a submission, the place resolved; None with the form's errors set otherwise."""
    data = form.cleaned_data
    place = None
    if data.get("place"):
        found = selectors.place_for_label(data["place"], timezone.localdate())
        if found is None:
            choices = selectors.find_places(data["place"], timezone.localdate())
            hint = "; ".join(p.label for p in choices[:5])
            form.add_error(
                "place",
                "Không tìm thấy nơi này trong danh mục đơn vị hành chính."
                + (f" Có phải: {hint}?" if hint else " Hãy gõ tên xã, phường hoặc tỉnh."),
            )
            return None
        place = found.unit
    return services.Submission(
        topic=data["topic"],
        content=data["content"],
        locality=place,
        sender_name=data["sender_name"],
        sender_phone=data.get("sender_phone", ""),
        sender_email=data.get("sender_email", ""),
        sender_address=data.get("sender_address", ""),
        consent=bool(data.get("consent")),
        publish_consent=bool(data.get("publish_consent")),
        channel=channel,
        files=request.FILES.getlist("attachments"),
        token=token,
    )


def _store(request: HttpRequest, form: FeedbackForm, submission: services.Submission) -> FeedbackItem | None:
    try:
        item, _ = services.submit(request.user, submission)
    except InputError as exc:
        refusal_on_form(form, exc.errors, exc.message, "content")
        return None
    return item


# --- public ---------------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    """The public form: no account; a code to follow the item comes back at once."""
    if request.method == "POST":
        form = FeedbackForm(request.POST, request.FILES)
        if over_rate(request, "feedback", int(settings.FEEDBACK_SUBMISSIONS_PER_HOUR), 3600):
            return render(request, "feedback/new.html", {"form": form, "refused": TOO_MANY}, status=429)
        if form.is_valid():
            signed = form.cleaned_data.get("form_token", "")
            token = challenge.form_token(signed)
            if form.cleaned_data.get("website"):
                form.add_error(None, "Không gửi được: biểu mẫu có dữ liệu không hợp lệ.")
            elif token is None:
                form.add_error(None, "Biểu mẫu đã hết hạn. Vui lòng gửi lại.")
            elif not challenge.answered(signed, form.cleaned_data.get("challenge", "")):
                form.add_error("challenge", "Câu trả lời kiểm tra chưa đúng.")
            elif (submission := _submission(request, form, channel=Channel.WEB, token=token)) is not None and (
                item := _store(request, form, submission)
            ) is not None:
                _remember(request, item.code)
                return redirect("feedback:status_detail", code=item.code)
        # A fresh question and token for the corrected form (nothing was stored under the old token).
        quiz = challenge.new_challenge()
        data = request.POST.copy()
        data["form_token"], data["challenge"] = quiz.signed, ""
        form.data = data
        return render(request, "feedback/new.html", {"form": form, "question": quiz.question})
    quiz = challenge.new_challenge()
    initial = {
        "content": clean_text(request.GET.get("q", ""), label="Nội dung", max_length=2000),
        "topic": request.GET.get("linh_vuc", "") if request.GET.get("linh_vuc") in Topic.values else "",
        "form_token": quiz.signed,
        "publish_consent": True,
    }
    return render(request, "feedback/new.html", {"form": FeedbackForm(initial=initial), "question": quiz.question})


def places(request: HttpRequest) -> HttpResponse:
    """Suggestions for the place field (a datalist filled as the sender types)."""
    found = selectors.find_places(request.GET.get("place", "")[:100], timezone.localdate())
    return render(request, "feedback/_places.html", {"places": found})


@require_http_methods(["GET", "POST"])
def status(request: HttpRequest) -> HttpResponse:
    """Follow an item: its code and the phone number or e-mail address the sender gave."""
    form = StatusForm(request.POST or None)
    if request.method == "POST":
        if over_rate(request, "feedback-status", 30, 600):
            form.add_error(None, "Bạn tra cứu quá nhiều lần. Vui lòng thử lại sau 10 phút.")
        elif form.is_valid():
            item = selectors.item_by_code(form.cleaned_data["code"].strip().upper())
            if item is not None and services.sender_matches(item, form.cleaned_data["contact"]):
                _remember(request, item.code)
                return redirect("feedback:status_detail", code=item.code)
            form.add_error(None, "Mã số và số điện thoại (hoặc thư điện tử) không khớp với phản ánh nào.")
    return render(request, "feedback/status.html", {"form": form})


@require_http_methods(["GET", "POST"])
def status_detail(request: HttpRequest, code: str) -> HttpResponse:
    """What happened to the sender's item: state, due date, the answer once published; the rating."""
    if not access.follows(request.session.get(SESSION_KEY, []), request.user, code):
        return redirect("feedback:status")
    item = selectors.item_by_code(code)
    if item is None:
        raise Http404("Không tìm thấy phản ánh, kiến nghị.")
    form = RatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        rated = submit(
            request,
            form,
            lambda: services.rate(item, form.cleaned_data["satisfied"], form.cleaned_data["reason"]),
            lambda _: redirect("feedback:status_detail", code=code),
            "Cảm ơn bạn đã đánh giá câu trả lời.",
        )
        if rated is not None:
            return rated
    return render(request, "feedback/status_detail.html", {"item": item, "form": form})


def public_list(request: HttpRequest) -> HttpResponse:
    """Answered items the senders agreed to publish: search, filter by topic, unit, place."""
    q = clean_text(request.GET.get("q", ""), label="Tìm kiếm", max_length=200, multiline=False)
    topic = request.GET.get("linh_vuc", "") if request.GET.get("linh_vuc") in Topic.values else ""
    unit = parse_int(request.GET.get("don_vi"), label="Đơn vị", maximum=2**31 - 1)
    place_text = clean_text(request.GET.get("dia_ban", ""), label="Địa bàn", max_length=200, multiline=False)
    place = selectors.place_for_label(place_text, timezone.localdate()) if place_text else None
    items = selectors.search_published(q, topic, unit, place.unit.pk if place else (-1 if place_text else None))
    page = Paginator(items, 20).get_page(request.GET.get("trang"))
    return render(
        request,
        "feedback/public_list.html",
        {"page": page, "q": q, "topic": topic, "topics": Topic.choices, "place": place_text, "unit": unit,
         "units": selectors.answering_units()},
    )  # fmt: skip


def public_detail(request: HttpRequest, code: str) -> HttpResponse:
    return render(request, "feedback/public_detail.html", {"item": access.get_published_item(code)})


# --- staff ----------------------------------------------------------------------------------------------------------


@login_required
def inbox(request: AuthenticatedRequest) -> HttpResponse:
    """The items a user may read, open ones first by due date; filters by state and 'overdue'."""
    if not access.can_enter_items(request.user):
        raise PermissionDenied
    wanted = request.GET.get("trang_thai", "open")
    items = selectors.inbox(access.readable_items(request.user), wanted, timezone.localdate())
    page = Paginator(items, 30).get_page(request.GET.get("trang"))
    return render(
        request,
        "feedback/inbox.html",
        {"page": page, "wanted": wanted, "statuses": Status.choices, "today": timezone.localdate()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def intake(request: AuthenticatedRequest) -> HttpResponse:
    """Staff enter an item received on paper, by phone, by e-mail or at the one-stop desk."""
    if not access.can_enter_items(request.user):
        raise PermissionDenied
    form = FeedbackForm(request.POST or None, request.FILES or None, staff=True)
    if request.method == "POST" and form.is_valid():
        submission = _submission(request, form, channel=form.cleaned_data["channel"], token=None)
        if submission is not None and (item := _store(request, form, submission)) is not None:
            messages.success(request, f"Đã tiếp nhận phản ánh {item.code}.")
            if access.can_read(request.user, item.pk):
                return redirect("feedback:item", item_id=item.pk)
            return redirect("feedback:inbox")
    return render(request, "feedback/intake.html", {"form": form})


@login_required
def item(request: AuthenticatedRequest, item_id: int) -> HttpResponse:
    found = access.get_item_for_user(request.user, item_id)
    personal = access.can_see_personal_data(request.user, found)
    if personal:
        services.record_personal_data_view(request.user, found)
    context = {
        "item": found,
        "personal": personal,
        "can_handle": access.can_handle(request.user, found),
        "can_approve": access.can_approve(request.user, found),
        "can_route": access.can_route(request.user, found),
        "allowed": services.TRANSITIONS[found.status],
        "refuse_form": RefuseForm(),
        "officers": access.assignable_officers(request.user, found),
        "units": access.units_for_rules(request.user).only("pk", "name")[:500],
        "history": selectors.item_history(found),
        "today": timezone.localdate(),
        "redacted": found.public_content or services.redact(found),
    }
    return render(request, "feedback/item.html", context)


# Actions that cannot be undone: a confirmation page first (core.confirm), saying what will happen.
CONFIRMED: dict[str, tuple[str, str]] = {
    "approve": ("Duyệt câu trả lời", "Câu trả lời được duyệt sẽ được gửi cho người phản ánh, kiến nghị."),
    "publish": ("Gửi trả lời và công khai", "Câu trả lời được gửi cho người gửi và đăng công khai (không kèm tên)."),
    "erase": ("Xóa dữ liệu cá nhân", "Họ tên, điện thoại, thư điện tử, địa chỉ của người gửi bị xóa hẳn."),
}


@login_required
@require_POST
def act(request: AuthenticatedRequest, item_id: int, action: str) -> HttpResponse:
    found = access.get_item_for_user(request.user, item_id)
    actions.allowed(request.user, found, action)  # 404 or 403 before anything is asked
    if action in CONFIRMED:
        label, effect = CONFIRMED[action]
        page = confirmation(
            request,
            title=f"{label}: {found.code}",
            lines=[effect, f"Phản ánh, kiến nghị {found.code}, nhận ngày {found.received_on:%d/%m/%Y}."],
            action_label=label,
            back_url=reverse("feedback:item", args=[found.pk]),
        )
        if page is not None:
            return page
    tell(request, lambda: actions.take(request.user, found, action, request.POST), "Đã lưu.")
    if access.can_read(request.user, item_id):
        return redirect("feedback:item", item_id=item_id)
    return redirect("feedback:inbox")


@login_required
def figures(request: AuthenticatedRequest) -> HttpResponse:
    """Per unit and year: received, answered on time, late, still overdue, satisfaction."""
    units = access.figure_units(request.user)
    start, end = _period(request)
    rows = selectors.figures(units, start, end, timezone.localdate())
    return render(
        request,
        "feedback/figures.html",
        {"rows": rows, "total": selectors.total(rows), "year": start.year, "start": start, "end": end},
    )


@login_required
def export(request: AuthenticatedRequest) -> HttpResponse:
    """The items a user may read as CSV, or as an Excel workbook (`dinh_dang=xlsx`), for an inspection (personal
    data only of the user's own unit's items)."""
    if not access.can_enter_items(request.user):
        raise PermissionDenied
    start, end = _period(request)
    items = access.readable_items(request.user)
    if request.GET.get("dinh_dang") == "xlsx":
        workbook = render_xlsx([selectors.export_table(request.user, items, start, end)])
        services.record_export(request.user, start.year)
        return files.generated_download(workbook, files.XLSX, f"phan-anh-kien-nghi-{start.year}")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="phan-anh-kien-nghi-{start.year}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    for row in selectors.export_rows(request.user, items, start, end):
        writer.writerow(row)
    services.record_export(request.user, start.year)
    return response


def _change_rule(request: AuthenticatedRequest) -> None:
    """Delete the rule the form names, or save the rule topic × place → unit it sets."""
    if request.POST.get("delete"):
        rule = access.get_rule_for_user(
            request.user, parse_int(request.POST["delete"], label="Quy tắc", maximum=2**31 - 1) or 0
        )
        services.delete_rule(request.user, rule)
        return
    place_text = request.POST.get("place", "")
    place = selectors.place_for_label(place_text, timezone.localdate()) if place_text.strip() else None
    if place_text.strip() and place is None:
        raise InputError("Địa bàn: không tìm thấy nơi này trong danh mục đơn vị hành chính.")
    unit_id = parse_int(request.POST.get("unit"), label="Đơn vị", maximum=2**31 - 1)
    services.save_rule(request.user, request.POST.get("topic", ""), place.unit if place else None,
                       access.target_unit(request.user, unit_id))  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def rules(request: AuthenticatedRequest) -> HttpResponse:
    """Routing rules topic × place → unit, kept by the owner office."""
    if not access.can_manage_rules(request.user):
        raise PermissionDenied
    if request.method == "POST":
        tell(request, lambda: _change_rule(request), "Đã lưu quy tắc phân loại.")
        return redirect("feedback:rules")
    return render(
        request,
        "feedback/rules.html",
        {"rules": access.readable_rules(request.user), "topics": Topic.choices,
         "units": access.units_for_rules(request.user).only("pk", "name")[:500]},
    )  # fmt: skip
