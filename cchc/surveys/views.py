"""Survey pages: organisers create a survey, print its link and QR code, enter paper forms and read the results;
anyone answers an open survey by its link."""

from __future__ import annotations

import io
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from cchc.accounts.types import AuthenticatedRequest
from cchc.core.clients import client_ip
from cchc.core.dates import DateError, parse_date
from cchc.core.steps import submit
from cchc.questions.access import is_organiser
from cchc.surveys import access, selectors, services
from cchc.surveys.forms import FilterForm, SurveyForm
from cchc.units import directory


@login_required
def manage(request: AuthenticatedRequest) -> HttpResponse:
    if not is_organiser(request.user):
        raise Http404("Không tìm thấy trang.")
    form = SurveyForm(request.POST or None, initial={"opens_at": timezone.localtime().replace(second=0, microsecond=0)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = [line.strip() for line in data["fields_text"].splitlines() if line.strip()]
        survey = services.SurveyInput(
            data["title"], data["opens_at"], data["closes_at"], data["intro"], fields, data["is_anonymous"]
        )
        created = submit(
            request,
            form,
            lambda: services.create_survey(request.user, request.user.unit, survey),
            lambda made: redirect("surveys:manage_survey", made.pk),
            refused=services.SurveyError,
        )
        if created is not None:
            return created
    surveys = access.manageable_surveys(request.user).select_related("organiser_unit")
    return render(request, "surveys/manage.html", {"surveys": surveys, "form": form})


def _unit_choices(survey: Any) -> list[tuple[int, str]]:
    return directory.labelled_choices(
        access.evaluated_units(survey, timezone.localdate()), f"surveys:units:{survey.pk}"
    )


@login_required
def manage_survey(request: AuthenticatedRequest, survey_id: int) -> HttpResponse:
    """Results by question, unit, field and channel, filtered; the link and QR code to print."""
    survey = access.get_survey_for_organiser(request.user, survey_id)
    form = FilterForm(request.GET or None, units=_unit_choices(survey), fields=list(survey.fields))
    filters = selectors.Filters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.Filters(
            int(data["unit"]) if data["unit"] else None, data["field"], data["start"], data["end"]
        )
    qs = selectors.responses(survey, filters)
    link = request.build_absolute_uri(reverse("surveys:answer", args=[survey.token]))
    return render(
        request,
        "surveys/manage_survey.html",
        {
            "survey": survey,
            "form": form,
            "link": link,
            "announce": selectors.announcement_query(survey, link),
            "overall": selectors.overall(qs),
            "questions": selectors.question_results(survey, qs),
            "by_unit": selectors.breakdown(qs, "unit__name"),
            "by_field": selectors.breakdown(qs, "field"),
            "by_channel": selectors.breakdown(qs, "channel"),
        },
    )


def _questionnaire_context(survey: Any, form_data: Any, errors: dict[str, str]) -> dict[str, Any]:
    return {
        "survey": survey,
        "questions": services.questionnaire(survey),
        "units": _unit_choices(survey),
        "data": form_data,
        "errors": errors,
        "nonce": form_data.get("nonce") or services.new_nonce(),
    }


@login_required
def paper(request: AuthenticatedRequest, survey_id: int) -> HttpResponse:
    """Staff type in a paper form, numbered; the next form follows."""
    survey = access.get_survey_for_organiser(request.user, survey_id)
    errors: dict[str, str] = {}
    data: Any = {}
    if request.method == "POST":
        data = request.POST
        try:
            answered_on = parse_date(data.get("answered_on", "")) if data.get("answered_on") else None
        except DateError as exc:
            answered_on, errors = None, {"answered_on": str(exc)}
        if not errors:
            try:
                _, created = services.submit_response(
                    survey, data, _response_input(data, answered_on), actor=request.user
                )
            except services.SurveyError as exc:
                errors = exc.errors or {"form": str(exc)}
            else:
                messages.success(request, "Đã nhập phiếu." if created else "Phiếu này đã được nhập (không ghi lại).")
                return redirect("surveys:paper", survey.pk)
    context = _questionnaire_context(survey, data, errors)
    return render(request, "surveys/paper.html", context, status=400 if errors else 200)


def _response_input(data: Any, answered_on: Any = None) -> services.ResponseInput:
    return services.ResponseInput(
        nonce=data.get("nonce", ""),
        unit_id=data.get("unit_id", ""),
        field=data.get("field", ""),
        paper_number=data.get("paper_number", ""),
        answered_on=answered_on,
        respondent=data.get("respondent", ""),
    )


def answer(request: HttpRequest, token: str) -> HttpResponse:
    """The public questionnaire (by link or QR code; `?don-vi=ID` preselects the desk's body)."""
    survey = access.get_survey_by_token(token)
    errors: dict[str, str] = {}
    data: Any = {"unit_id": request.GET.get("don-vi", "")}
    if request.method == "POST":
        data = request.POST
        try:
            services.submit_response(survey, data, _response_input(data), client=client_ip(request))
        except services.SurveyError as exc:
            errors = exc.errors or {"form": str(exc)}
        else:
            return redirect("surveys:thanks", survey.token)
    context = _questionnaire_context(survey, data, errors)
    context["open"] = services.is_open(survey, timezone.now())
    return render(request, "surveys/answer.html", context, status=400 if errors else 200)


def thanks(request: HttpRequest, token: str) -> HttpResponse:
    survey = access.get_survey_by_token(token)
    return render(request, "surveys/thanks.html", {"survey": survey})


def qr(request: HttpRequest, token: str) -> HttpResponse:
    """The QR code of the survey's link (SVG, to print for the one-stop desk)."""
    survey = access.get_survey_by_token(token)
    link = request.build_absolute_uri(reverse("surveys:answer", args=[survey.token]))
    out = io.BytesIO()
    segno.make(link, error="m").save(out, kind="svg", scale=8, border=2, title="Mã QR phiếu khảo sát")
    return HttpResponse(out.getvalue(), content_type="image/svg+xml")
