"""Publishing pages: the month's calendar, writing a piece, approving and sending it; the public news pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Enclosure
from django.views.decorators.http import require_POST, require_safe

from cchc.accounts.types import AuthenticatedRequest
from cchc.core import files
from cchc.core.calendar import month_end
from cchc.core.confirm import confirmation
from cchc.core.steps import submit, tell
from cchc.publishing import access, drafting, selectors, services
from cchc.publishing.channels import image_url, site_url
from cchc.publishing.forms import ChannelAccountForm, ImageForm, PieceForm, RescheduleForm, SubscribeForm
from cchc.publishing.models import Genre, Piece
from cchc.units.models import Unit

AUDIO_AND_PDF = {"audio/ogg": "âm thanh OGG", "application/pdf": "PDF"}


def _unit_of(request: AuthenticatedRequest) -> Unit:
    unit = access.writing_unit(request.user)
    if unit is None:
        raise PermissionDenied("Chỉ cán bộ của đơn vị mới soạn bài đăng.")
    return unit


VIEWS = {"thang": "Tháng", "tuan": "Tuần", "danh-sach": "Danh sách"}


@login_required
def calendar(request: AuthenticatedRequest) -> HttpResponse:
    """The month as a wall calendar (pieces dragged to another day), a week, or the month's list of days with work."""
    today = timezone.localdate()
    view = request.GET.get("xem") if request.GET.get("xem") in VIEWS else "thang"
    context: dict[str, object] = {"view": view, "views": VIEWS, "today": today,
                                  "can_write": bool(access.writable_unit_ids(request.user))}  # fmt: skip
    if view == "tuan":
        monday = selectors.week_start(request.GET.get("tuan"), today)
        sunday = monday + dt.timedelta(days=6)
        context.update(days=selectors.period_days(request.user, monday, sunday), first=monday, last=sunday,
                       previous=monday - dt.timedelta(days=7), following=monday + dt.timedelta(days=7))  # fmt: skip
    else:
        first = selectors.month_start(request.GET.get("thang"), today)
        context.update(first=first, previous=(first - dt.timedelta(days=1)).replace(day=1),
                       following=(first + dt.timedelta(days=32)).replace(day=1))  # fmt: skip
        if view == "thang":
            context["weeks"] = selectors.month_weeks(request.user, first)
        else:
            days = selectors.period_days(request.user, first, month_end(first.year, first.month))
            context["days"] = [d for d in days if d.pieces or d.due]
    return render(request, "publishing/calendar.html", context)


@login_required
@require_POST
def piece_reschedule(request: AuthenticatedRequest, piece_id: int) -> HttpResponse:
    """Another day for a piece: the form on its page, or a piece dropped on a day of the calendar."""
    piece = access.get_piece_for_user(request.user, piece_id)
    if not access.can_edit(request.user, piece):
        raise PermissionDenied("Bạn không dời được bài này.")
    form = RescheduleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Ngày dời đến không hợp lệ: hãy chọn ngày theo dạng ngày/tháng/năm.")
    else:
        day = form.cleaned_data["day"]
        moved = f"Đã dời bài sang ngày {day:%d/%m/%Y}."
        tell(request, lambda: services.reschedule_piece(request.user, piece, day), moved)
    back = request.POST.get("tiep", "")
    if back.startswith("/xuat-ban/") and "//" not in back and "\\" not in back:
        return redirect(back)
    return redirect("publishing:piece", piece.pk)


@login_required
@require_POST
def image_add(request: AuthenticatedRequest, piece_id: int) -> HttpResponse:
    piece = access.get_piece_for_user(request.user, piece_id)
    if not access.can_edit(request.user, piece):
        raise PermissionDenied("Bạn không sửa được bài này.")
    form = ImageForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        data = form.cleaned_data
        tell(request, lambda: services.add_image(request.user, piece, data["image"], data["alt"]), "Đã thêm ảnh.")
    return redirect("publishing:piece", piece.pk)


@login_required
@require_POST
def image_remove(request: AuthenticatedRequest, image_id: int) -> HttpResponse:
    image = access.get_image_to_edit(request.user, image_id)
    tell(request, lambda: services.remove_image(request.user, image), "Đã bỏ ảnh.")
    return redirect("publishing:piece", image.piece_id)


def image(request: HttpRequest, image_id: int) -> HttpResponseBase:
    picture = access.get_image_for_user(request.user, image_id)
    return files.protected_file_response(picture.file, filename=picture.file.name.rsplit("/", 1)[-1],
                                         allowed=services.IMAGE_TYPES)  # fmt: skip


@login_required
def piece_new(request: AuthenticatedRequest) -> HttpResponse:
    unit = _unit_of(request)
    assignments = access.attachable_assignments(request.user, unit)
    initial = {"scheduled_for": timezone.localdate(), "channels": ["portal"], **drafting.prefill(request.GET)}
    if (assignment_id := request.GET.get("nhiem-vu", "")).isdigit():
        initial["assignment"] = access.attachable_assignment(request.user, unit, int(assignment_id))
    form = PieceForm(request.POST or None, initial=initial, assignments=assignments)
    return _piece_form(request, form, None, "Đã lưu bản nháp. Khi xong, hãy gửi lãnh đạo duyệt.",
                       lambda: services.create_piece(request.user, unit, form.to_input(),
                                                     form.cleaned_data.get("assignment")))  # fmt: skip


@login_required
def piece_edit(request: AuthenticatedRequest, piece_id: int) -> HttpResponse:
    piece = access.get_piece_for_user(request.user, piece_id)
    if not access.can_edit(request.user, piece):
        raise PermissionDenied("Bạn không sửa được bài này.")
    form = PieceForm(request.POST or None, initial=PieceForm.initial_for(piece))
    return _piece_form(request, form, piece, "Đã lưu thay đổi; bản trước được giữ trong lịch sử phiên bản.",
                       lambda: services.update_piece(request.user, piece, form.to_input()))  # fmt: skip


def _piece_form(
    request: HttpRequest, form: PieceForm, piece: Piece | None, done: str, save: Callable[[], Piece]
) -> HttpResponse:
    """The new-piece and edit pages: a valid form is saved (a refusal shown on the form), then the piece's page."""
    if request.method == "POST" and form.is_valid():
        saved = submit(request, form, save, lambda piece: redirect("publishing:piece", piece.pk), done)
        if saved is not None:
            return saved
    status = 400 if form.errors else 200
    return render(request, "publishing/piece_form.html", {"form": form, "piece": piece}, status=status)


@login_required
def piece_detail(request: AuthenticatedRequest, piece_id: int) -> HttpResponse:
    piece = access.get_piece_for_user(request.user, piece_id)
    user = request.user
    return render(request, "publishing/piece.html", {
        "piece": piece, "publications": piece.publications.select_related("result"),
        "versions": piece.versions.all(), "late": selectors.is_late(piece, timezone.localdate()),
        "images": piece.images.all(), "image_form": ImageForm(), "reschedule_form": RescheduleForm(),
        "can_edit": access.can_edit(user, piece), "can_approve": access.can_approve(user, piece),
        "can_publish": access.can_publish(user, piece) and selectors.left_to_send(piece),
    })  # fmt: skip


# Each step: who may take it, and the service that takes it.
STEPS = {
    "gui-duyet": (access.can_edit, services.submit_piece, "Đã gửi lãnh đạo duyệt."),
    "duyet": (access.can_approve, services.approve_piece, "Đã duyệt: đơn vị có thể đăng bài."),
    "tra-lai": (access.can_approve, services.return_piece, "Đã trả lại bài để đơn vị sửa."),
    "dang": (access.can_publish, services.publish_piece, "Đã gửi bài tới các kênh; trạng thái từng kênh ở dưới."),
}


@login_required
@require_POST
def piece_step(request: AuthenticatedRequest, piece_id: int, step: str) -> HttpResponse:
    if step not in STEPS:
        raise Http404("Không có thao tác này.")
    allowed, service, done = STEPS[step]
    piece = access.get_piece_for_user(request.user, piece_id)
    if not allowed(request.user, piece):
        raise PermissionDenied("Bạn không thực hiện được thao tác này với bài đăng.")
    if step == "dang":  # what goes out on the channels cannot be called back: confirm first (core.confirm)
        page = confirmation(
            request,
            title=f"Đăng bài «{piece.title}»",
            lines=[f"Bài được gửi tới các kênh: {', '.join(str(c) for c in piece.channel_labels())}."],
            action_label="Đăng bài",
            back_url=reverse("publishing:piece", args=[piece.pk]),
        )
        if page is not None:
            return page
    tell(request, lambda: service(request.user, piece), done)
    return redirect("publishing:piece", piece.pk)


@login_required
def publication_file(request: AuthenticatedRequest, publication_id: int) -> HttpResponseBase:
    publication = access.get_publication_for_user(request.user, publication_id)
    if not publication.file:
        raise Http404("Kênh này không có tệp.")
    name = publication.file.name.rsplit("/", 1)[-1]
    return files.protected_file_response(publication.file, filename=name, allowed=AUDIO_AND_PDF)


@login_required
def channel_accounts(request: AuthenticatedRequest) -> HttpResponse:
    unit = _unit_of(request)
    form = ChannelAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = submit(
            request,
            form,
            lambda: services.save_channel_account(request.user, unit, data["channel"], data["account_id"],
                                                  data["token"]),
            lambda _: redirect("publishing:accounts"),
            "Đã lưu tài khoản kênh; khóa truy cập được mã hóa và không hiển thị lại.",
        )  # fmt: skip
        if saved is not None:
            return saved
    accounts = selectors.channel_accounts(unit)
    return render(request, "publishing/accounts.html", {"form": form, "accounts": accounts, "unit": unit})


# The portal's sections: every piece, or one genre (the CCHC column's questions and answers on procedures …).
SECTIONS = {"tin-bai": Genre.NEWS, "hoi-dap": Genre.PROCEDURE_QA, "thong-bao": Genre.ANNOUNCEMENT}


def news_list(request: HttpRequest) -> HttpResponse:
    section = request.GET.get("chuyen-muc", "")
    news = access.public_news()
    if section in SECTIONS:
        news = news.filter(genre=SECTIONS[section])
    page = Paginator(news, 20).get_page(request.GET.get("trang"))
    sections = [(key, genre.label) for key, genre in SECTIONS.items()]
    return render(request, "publishing/news_list.html", {"page": page, "section": section, "sections": sections})


def news_detail(request: HttpRequest, piece_id: int) -> HttpResponse:
    piece = access.get_public_news(piece_id)
    return render(request, "publishing/news_detail.html", {"piece": piece, "form": SubscribeForm()})


class NewsFeed(Feed):
    title = "Tin cải cách hành chính"
    description = "Tin, bài tuyên truyền cải cách hành chính do các cơ quan, đơn vị đăng."

    def link(self) -> str:
        return reverse("publishing:news")

    def items(self) -> list[Piece]:
        return list(access.public_news().prefetch_related("images")[:50])

    def item_title(self, item: Piece) -> str:
        return item.title

    def item_description(self, item: Piece) -> str:
        return item.body[:1000]

    def item_link(self, item: Piece) -> str:
        return reverse("publishing:news_detail", args=[item.pk])

    def item_pubdate(self, item: Piece) -> dt.datetime:
        return dt.datetime.combine(item.scheduled_for, dt.time(7), tzinfo=timezone.get_current_timezone())

    def item_enclosures(self, item: Piece) -> list[Enclosure]:
        return [Enclosure(image_url(picture), str(picture.file.size), _image_type(picture.file.name))
                for picture in list(item.images.all())[:1]]  # fmt: skip


class AtomNewsFeed(NewsFeed):
    feed_type = Atom1Feed
    subtitle = NewsFeed.description


def _image_type(name: str) -> str:
    return {"png": "image/png", "webp": "image/webp"}.get(name.rsplit(".", 1)[-1].lower(), "image/jpeg")


@require_safe
def sitemap(request: HttpRequest) -> HttpResponse:
    """The public news pages for search engines (sitemaps.org 0.9)."""
    urls: list[tuple[str, dt.date | None]] = [(site_url(reverse("publishing:news")), None)]
    urls += [(site_url(reverse("publishing:news_detail", args=[p.pk])), p.scheduled_for)
             for p in access.public_news()[:50000]]  # fmt: skip
    return render(request, "publishing/sitemap.xml", {"urls": urls}, content_type="application/xml")


@require_POST
def subscribe(request: HttpRequest, piece_id: int) -> HttpResponse:
    """From a news page: the territory that published it sends its news to this address, once confirmed."""
    piece = access.get_public_news(piece_id)
    form = SubscribeForm(request.POST)
    if form.is_valid():
        sent = submit(
            request,
            form,
            lambda: services.subscribe(piece.unit.territorial_root(), form.cleaned_data["email"]),
            lambda _: redirect("publishing:news_detail", piece.pk),
            "Đã gửi thư xác nhận: hãy mở thư và bấm vào đường dẫn để bắt đầu nhận tin.",
            field="email",
        )
        if sent is not None:
            return sent
    return render(request, "publishing/news_detail.html", {"piece": piece, "form": form}, status=400)


def confirm(request: HttpRequest, token: str) -> HttpResponse:
    subscriber = services.confirm_subscription(token)
    return render(request, "publishing/subscription.html", {"subscriber": subscriber, "confirmed": True})


def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """A GET only shows the button (mail scanners follow links); the POST stops the e-mails."""
    if request.method == "POST":
        return render(request, "publishing/subscription.html", {"subscriber": services.unsubscribe(token)})
    return render(request, "publishing/subscription.html", {"token": token, "ask": True})


@login_required
def calendar_ics(request: AuthenticatedRequest) -> HttpResponse:
    """The next three months of pieces and due work as an iCalendar feed, for a calendar application."""
    today = timezone.localdate()
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Tuyen truyen CCHC//Lich dang tin//VI"]
    first, stamp = today.replace(day=1), f"{timezone.now():%Y%m%dT%H%M%SZ}"
    after_next = first + dt.timedelta(days=64)
    last = month_end(after_next.year, after_next.month)
    for day in selectors.period_days(request.user, first, last):
        events = [(f"piece-{p.pk}", p.title) for p in day.pieces]
        events += [(f"due-{o.pk}", f"Đến hạn: {o.assignment.title[:150]}") for o in day.due]
        for uid, summary in events:
            start = f"DTSTART;VALUE=DATE:{day.date:%Y%m%d}"
            lines += ["BEGIN:VEVENT", f"UID:{uid}@cchc", f"DTSTAMP:{stamp}", start, f"SUMMARY:{_ics_text(summary)}",
                      "END:VEVENT"]  # fmt: skip
    lines.append("END:VCALENDAR")
    return HttpResponse("\r\n".join(lines) + "\r\n", content_type="text/calendar; charset=utf-8")


def _ics_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", " ")
