"""Who may read and change surveys: organisers (staff of the survey's unit, administrators) manage them, enter
paper forms and read the results; anyone with the link (or the QR code) answers an open survey."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.http import Http404

from cchc.accounts.types import Viewer
from cchc.core.access import first_or_404
from cchc.questions.access import organiser_unit_filter
from cchc.surveys.models import Survey
from cchc.units import directory
from cchc.units.models import Unit


def manageable_surveys(user: Viewer | None) -> QuerySet[Survey]:
    scope = organiser_unit_filter(user, "organiser_unit")
    return Survey.objects.none() if scope is None else Survey.objects.filter(**scope)


def can_manage_survey(user: Viewer | None, survey: Survey) -> bool:
    return manageable_surveys(user).filter(pk=survey.pk).exists()


def get_survey_for_organiser(user: Viewer, survey_id: int) -> Survey:
    return first_or_404(
        manageable_surveys(user).select_related("organiser_unit", "bank").filter(pk=survey_id),
        "Không tìm thấy cuộc khảo sát.",
    )


def get_survey_by_token(token: str) -> Survey:
    """The survey a link or QR code names (its token is the only key: survey ids are not guessable addresses)."""
    survey = Survey.objects.select_related("organiser_unit").filter(token=token[:64]).first() if token else None
    if survey is None:
        raise Http404("Không tìm thấy phiếu khảo sát.")
    return survey


def evaluated_units(survey: Survey, on: dt.date) -> QuerySet[Unit]:
    """The bodies a respondent may evaluate: the directory under the organiser's People's Committee."""
    return directory.under_committee(survey.organiser_unit, on)
