"""Fixtures of the reporting tests: the Chợ Đồn seed plan issued to its units, with a few logged results.

Issuing a seed plan creates hundreds of assignments and thousands of occurrences, so the root conftest builds it
once (its ``world_reported`` layer) and each test runs in a savepoint within it.
"""

from __future__ import annotations

import pytest

from cchc.reporting.models import ReportingPeriod
from conftest import Cast


@pytest.fixture
def issued(world_reported: Cast) -> Cast:
    """The issued plan, its users and results; changes a test makes are rolled back after it."""
    return world_reported


@pytest.fixture
def period(issued: Cast) -> ReportingPeriod:
    """The plan's annual reporting period (the Chợ Đồn plan asks for a year-end report)."""
    return ReportingPeriod.objects.get(plan=issued.plan, kind="annual")
