"""Frequencies and timing kinds are the one calendar's (`core.calendar`): the plan JSON schema, the activity model
and the reporting periods use its words."""

from __future__ import annotations

from typing import get_args

from cchc.core import calendar
from cchc.plans import schema
from cchc.plans.models import Activity
from cchc.reporting.models import PeriodKind


def test_the_plan_schema_spells_the_calendars_vocabulary() -> None:
    assert get_args(schema.Frequency) == calendar.FREQUENCIES
    assert get_args(schema.TimingKind) == calendar.TIMING_KINDS


def test_models_take_values_and_labels_from_the_calendar() -> None:
    assert dict(Activity.TimingKind.choices) == calendar.TIMING_KIND_LABELS
    assert dict(PeriodKind.choices) == calendar.REPORT_KIND_LABELS
