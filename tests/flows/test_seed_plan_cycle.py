"""End to end, one run per seed plan: document → plan → issue → log → unit report → consolidated report → scores."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document

from cchc.execution.models import Assignment
from cchc.execution.services import ResultInput, log_result
from cchc.plans.docx_export import print_plan
from cchc.plans.importing import import_document
from cchc.plans.seeds import SEED_DIR, load_seed_plan
from cchc.plans.services import export_plan_json
from cchc.reporting import printing
from cchc.reporting.models import ReportingPeriod
from cchc.reporting.services import (
    accept_report,
    compute_scores,
    consolidated_for,
    issue_plan,
    open_report,
    proposed_symbol,
    save_report,
    submit_report,
)
from cchc.units.services import update_unit

DOCUMENTS = sorted((SEED_DIR / "documents").glob("*.txt"))


def _docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.mark.django_db
@pytest.mark.parametrize("path", DOCUMENTS, ids=[p.stem[:3] for p in DOCUMENTS])
def test_a_seed_plan_goes_from_its_document_to_scored_units(path):
    draft = import_document(path.read_bytes(), path.name)
    plan = load_seed_plan(None, draft.plan).plan
    assert plan.issuer_unit is not None, "the issuer's locality is set up from the shipped unit data"

    issued = issue_plan(None, plan)
    assignments = list(Assignment.objects.filter(plan=plan, is_active=True).select_related("unit"))
    assert assignments and issued is not None

    # A unit the plan assigns work to (the owner compiles and scores; bodies only asked are not scored).
    assignment = next(a for a in assignments if a.mode == Assignment.Mode.ASSIGNED and a.unit_id != plan.owner_unit_id)
    day = min(plan.period_end, plan.period_start + dt.timedelta(days=20))
    outcome = log_result(
        None,
        assignment,
        ResultInput(date=day, kind="portal_news", title="Tin bài về CCHC", link="https://example.gov.vn/tin-cchc"),
    )
    assert outcome.result.pk is not None

    periods = list(ReportingPeriod.objects.filter(plan=plan).order_by("due"))
    assert periods, "issuing the plan opens the reporting periods its reporting regime asks for"
    period = periods[0]
    report = open_report(None, period, assignment.unit)
    # The clerks confirm the symbols the system proposes from the names (their registers' symbols).
    update_unit(None, plan.owner_unit, symbol=proposed_symbol(plan.owner_unit))
    save_report(
        None,
        report,
        results="Đã đăng tin bài trên cổng thông tin.",
        signer_name="Nguyễn Văn An",
        symbol=proposed_symbol(assignment.unit),
    )
    report = accept_report(None, submit_report(None, report))
    unit_text = _docx_text(printing.unit_report_docx(report))
    assert "BÁO CÁO" in unit_text and "None" not in unit_text and "nan" not in unit_text.split()

    data = printing.consolidated_data(period, plan.period_end)
    # Compiled by the owner for its people's committee, or issued by the committee to the level above.
    consolidated = _docx_text(printing.consolidated_docx(data, consolidated_for(period)))
    assert f"/BC-{proposed_symbol(plan.owner_unit)}" in consolidated and "None" not in consolidated
    by_committee = _docx_text(printing.consolidated_docx(data, consolidated_for(period, "committee")))
    assert "/BC-UBND" in by_committee and "TM. ỦY BAN NHÂN DÂN" in by_committee

    scores = compute_scores(None, plan, plan.period_start.year, on=plan.period_end)
    assert any(s.unit_id == assignment.unit_id for s in scores)

    plan_text = _docx_text(print_plan(plan))
    assert "KẾ HOẠCH" in plan_text and plan.title.split()[0] in plan_text
    assert export_plan_json(plan)["title"] == plan.title
