"""`manage.py dumpdata --natural-foreign` (what an operator reaches for to move data between installations) dumps
every table of an installation with issued plans and logged results."""

from __future__ import annotations

import io
import json
from typing import Any

from django.core.management import call_command

from conftest import Cast


def test_dumpdata_natural_foreign_dumps_issued_plans_and_results(world_reported: Cast) -> None:
    out = io.StringIO()
    call_command("dumpdata", "--natural-foreign", "--natural-primary", stdout=out)
    rows: list[dict[str, Any]] = json.loads(out.getvalue())
    models = {row["model"] for row in rows}
    assert {
        "execution.assignment",
        "execution.occurrence",
        "execution.loggedresult",
        "reporting.reportingperiod",
    } <= models
    # Rows pointing at an assignment keep its primary key (an assignment has no natural key of its own).
    occurrence = next(row for row in rows if row["model"] == "execution.occurrence")
    assert isinstance(occurrence["fields"]["assignment"], int)
    # Users and content types are written by natural key, so the dump loads into another installation.
    assert any(isinstance(row["fields"].get("content_type"), list) for row in rows if row["model"] == "auth.permission")
