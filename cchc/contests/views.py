"""Contest pages: organisers set up contests and rounds, watch a round and publish its results; anyone enters an
open round, takes the paper (timer, autosave) and reads published results."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cchc.accounts.types import AuthenticatedRequest
from cchc.contests import access, certificates, selectors, services
from cchc.contests.forms import ContestForm, RegistrationForm, RoundForm
from cchc.core.clients import client_ip
from cchc.core.confirm import CONFIRM_FIELD, confirmation
from cchc.core.listing import Listing, Sort
from cchc.core.steps import made_or_back, refusal_on_form, submit, tell
from cchc.questions.access import is_organiser, manageable_banks
from cchc.questions.models import QuestionBank
from cchc.units import directory

# ---------------------------------------------------------------------------------------------------------------
# Organisers


@login_required
def manage(request: AuthenticatedRequest) -> HttpResponse:
    if not is_organiser(request.user):
        raise Http404("Không tìm thấy trang.")
    form = ContestForm(request.POST or None, banks=manageable_banks(request.user, QuestionBank.Purpose.CONTEST))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = submit(
            request,
            form,
            lambda: services.create_contest(
                request.user, title=data["title"], description=data["description"], bank=data["bank"]
            ),
            lambda contest: redirect("contests:manage_contest", contest.pk),
            refused=services.ContestError,
        )
        if created is not None:
            return created
    contests = access.manageable_contests(request.user).select_related("bank", "organiser_unit")
    return render(request, "contests/manage.html", {"contests": contests, "form": form})


@login_required
def manage_contest(request: AuthenticatedRequest, contest_id: int) -> HttpResponse:
    contest = access.get_contest_for_organiser(request.user, contest_id)
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["pillars"] = tuple(data["pillars"])
        data["guess_prompt"] = data["guess_prompt"] or ""
        added = submit(
            request,
            form,
            lambda: services.add_round(request.user, contest, services.RoundInput(**data)),
            lambda _: redirect("contests:manage_contest", contest.pk),
            lambda round_: f"Đã tạo vòng {round_.number} ({len(round_.pool)} câu hỏi trong ngân hàng).",
            services.ContestError,
        )
        if added is not None:
            return added
    return render(
        request,
        "contests/manage_contest.html",
        {"contest": contest, "rounds": contest.rounds.all(), "form": form, "now": timezone.now(),
         "announce": selectors.announcement_query(contest, request.build_absolute_uri(
             reverse("contests:contest", args=[contest.pk])))},
    )  # fmt: skip


RANKING_SORTS = {"hang": Sort("Hạng")}  # the ranking keeps its own order (score, guess, time)


def _ranking_page(request: HttpRequest, ranking: list[Any]) -> dict[str, Any]:
    """The ranking in pages of 50 (core.listing)."""
    listing = Listing.from_request(request.GET, RANKING_SORTS, "hang")
    return {"listing": listing, "page": listing.page(ranking)}


@login_required
def manage_round(request: AuthenticatedRequest, round_id: int) -> HttpResponse:
    round_ = access.get_round_for_organiser(request.user, round_id)
    services.finalise_expired(round_id=round_.pk)
    return render(
        request,
        "contests/manage_round.html",
        {
            "round": round_,
            "contest": round_.contest,
            "stats": selectors.round_stats(round_),
            **_ranking_page(request, selectors.ranking(round_)),
            "participation": selectors.participation_by_unit([round_.pk]),
            "signals": selectors.cheat_signals(round_),
            "perfect": selectors.perfect_count(round_),
            "closed": timezone.now() >= round_.closes_at,
        },
    )


@login_required
@require_POST
def publish(request: AuthenticatedRequest, round_id: int) -> HttpResponse:
    round_ = access.get_round_for_organiser(request.user, round_id)
    done = "Đã công bố kết quả, xếp hạng và số người dự thi theo đơn vị."
    tell(request, lambda: services.publish_round(request.user, round_), done, services.ContestError)
    return redirect("contests:manage_round", round_.pk)


def _pdf(request: HttpRequest, render_pdf: Callable[[], bytes], round_id: int, filename: str) -> HttpResponse:
    def download() -> HttpResponse:
        response = HttpResponse(render_pdf(), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    back = reverse("contests:manage_round", args=[round_id])
    return made_or_back(request, download, back, certificates.CertificateError)


@login_required
def certificate(request: AuthenticatedRequest, attempt_id: int) -> HttpResponse:
    attempt = access.get_attempt_for_organiser(request.user, attempt_id)
    return _pdf(
        request, lambda: certificates.certificate_pdf(attempt), attempt.round_id, f"giay-chung-nhan-{attempt.pk}.pdf"
    )


@login_required
def round_certificates(request: AuthenticatedRequest, round_id: int) -> HttpResponse:
    round_ = access.get_round_for_organiser(request.user, round_id)
    return _pdf(
        request, lambda: certificates.round_certificates_pdf(round_), round_.pk, f"giay-chung-nhan-vong-{round_.pk}.pdf"
    )


# ---------------------------------------------------------------------------------------------------------------
# The public


def index(request: HttpRequest) -> HttpResponse:
    contests = access.public_contests().select_related("organiser_unit").prefetch_related("rounds")
    return render(request, "contests/index.html", {"contests": contests, "now": timezone.now()})


def contest(request: HttpRequest, contest_id: int) -> HttpResponse:
    item = access.get_public_contest(contest_id)
    return render(
        request, "contests/contest.html", {"contest": item, "rounds": item.rounds.all(), "now": timezone.now()}
    )


def enter(request: HttpRequest, round_id: int) -> HttpResponse:
    """The registration form of a round; posting it starts the attempt (the paper is drawn then)."""
    round_ = access.get_open_round(round_id)
    units = directory.labelled_choices(access.participant_units(round_.contest), f"contests:units:{round_.contest_id}")
    form = RegistrationForm(request.POST or None, units=units)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                attempt = services.start_attempt(
                    round_,
                    services.Registration(**form.cleaned_data),
                    client_ip=client_ip(request),
                    user=request.user,
                )
            except services.ContestError as exc:
                refusal_on_form(form, exc.errors, str(exc))
            else:
                return redirect("contests:take", attempt.token)
        status = 400
    now = timezone.now()
    return render(
        request,
        "contests/enter.html",
        {"round": round_, "contest": round_.contest, "form": form, "open": round_.opens_at <= now < round_.closes_at},
        status=status,
    )


def take(request: HttpRequest, token: str) -> HttpResponse:
    attempt = access.get_attempt_by_token(token)
    now = timezone.now()
    if attempt.submitted_at is None and now > attempt.deadline_at:
        services.finalise_expired(now, attempt_id=attempt.pk)
        attempt = access.get_attempt_by_token(token)
    context: dict[str, Any] = {
        "attempt": attempt,
        "round": attempt.round,
        "contest": attempt.round.contest,
        "confirm_field": CONFIRM_FIELD,
    }
    if attempt.submitted_at is None:
        context.update(paper=selectors.paper(attempt), remaining=selectors.remaining_seconds(attempt, now))
    response = render(request, "contests/take.html", context)
    response["Cache-Control"] = "no-store"
    return response


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@require_POST
def save(request: HttpRequest, token: str) -> HttpResponse:
    """Autosave (the page's script, every 30 s and on change) or the «Lưu tạm» button without script."""
    attempt = access.get_attempt_by_token(token)
    try:
        outcome = services.autosave(attempt, request.POST, request.POST.get("seq"))
    except services.ContestError as exc:
        if _wants_json(request):
            return JsonResponse({"saved": False, "error": str(exc)}, status=400)
        messages.error(request, str(exc))
        return redirect("contests:take", token)
    if _wants_json(request):
        remaining = selectors.remaining_seconds(attempt, timezone.now())
        return JsonResponse({"saved": outcome.saved, "reason": outcome.reason, "remaining": remaining})
    if outcome.saved:
        messages.success(request, f"Đã lưu lúc {timezone.localtime():%H:%M:%S}.")
    elif outcome.reason:
        messages.info(request, outcome.reason)
    return redirect("contests:take", token)


@require_POST
def hand_in(request: HttpRequest, token: str) -> HttpResponse:
    """Hand the paper in after a confirmation saying how many questions are answered (the page's timer, at the
    deadline, hands it in without asking)."""
    attempt = access.get_attempt_by_token(token)
    if attempt.submitted_at is None:
        answered = sum(1 for item in attempt.paper if request.POST.getlist(f"q{item['q']}"))
        page = confirmation(
            request,
            title="Nộp bài thi",
            lines=[
                f"Bạn đã trả lời {answered}/{len(attempt.paper)} câu hỏi.",
                "Sau khi nộp, bài thi không sửa được nữa.",
            ],
            action_label="Nộp bài",
            back_url=reverse("contests:take", args=[token]),
            public=True,
        )
        if page is not None:
            return page
    try:
        services.submit(attempt, request.POST)
    except services.ContestError as exc:
        messages.error(request, str(exc))
    return redirect("contests:take", token)


def results(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = access.get_published_round(round_id)
    return render(
        request,
        "contests/results.html",
        {
            "round": round_,
            "contest": round_.contest,
            **_ranking_page(request, selectors.ranking(round_, limit=max(round_.prize_count, 100))),
            "participation": selectors.participation_by_unit([round_.pk]),
            "stats": selectors.round_stats(round_),
        },
    )
