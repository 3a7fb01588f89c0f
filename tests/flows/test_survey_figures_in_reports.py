"""A survey's satisfaction figures reach the reports: the consolidated report's satisfaction section lists them
beside the rates units logged, and the scoring rubric can score them (measure «satisfaction»)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from cchc.questions.selectors import content, current_ids
from cchc.questions.tests.conftest import _empty_cache
from cchc.reporting import figures, scoring
from cchc.reporting.models import ReportingPeriod
from cchc.reporting.services import unit_measures
from cchc.surveys import services

__all__ = ["_empty_cache"]


def test_survey_satisfaction_in_the_consolidated_report_and_the_rubric(world_reported: Any) -> None:
    cast = world_reported
    period = ReportingPeriod.objects.filter(plan=cast.plan).order_by("start").first()
    survey = services.create_survey(
        cast.owner,
        cast.owner.unit,
        services.SurveyInput("Khảo sát một cửa", timezone.make_aware(dt.datetime(2024, 1, 1))),
    )
    questions = sorted(content(current_ids(survey.bank_id)).values(), key=lambda q: q["key"])
    form = {f"q{q['id']}": level for q, level in zip(questions[:5], "55541", strict=True)}
    day = period.start + dt.timedelta(days=3)
    entry = services.ResponseInput("f" * 20, str(cast.officer_unit.pk), paper_number="1", answered_on=day)
    services.submit_response(survey, form, entry, actor=cast.owner)
    units = [cast.officer_unit, cast.other_unit]
    rows = figures.rate_rows(cast.plan, period.start, period.end, units)
    assert {"unit": cast.officer_unit.name, "title": "Khảo sát «Khảo sát một cửa» (1 phiếu)", "date": day,
            "rate": 80.0} in rows  # fmt: skip
    measures = unit_measures(cast.plan, day.year, units, period.end)
    assert measures[cast.officer_unit.pk]["satisfaction"] == 0.8
    assert measures[cast.other_unit.pk]["satisfaction"] is None
    assert "satisfaction" in scoring.MEASURES
