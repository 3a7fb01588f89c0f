"""Issuing a plan creates each unit's assignments and occurrences; re-issuing updates them without losing work."""

from __future__ import annotations

from typing import Any

import pytest

from cchc.execution.models import Assignment, LoggedResult, Occurrence
from cchc.execution.services import ExecutionError, issue_plan, log_result
from cchc.plans.models import PlanStatus, UnitMention
from cchc.plans.services import save_activity, set_plan_status
from cchc.units.models import UnitKind

from .conftest import officer_assignment, result_input


def test_issuing_sets_the_plan_issued_and_assigns_every_lead_and_coordinating_unit(cast: Any) -> None:
    result = issue_plan(cast.owner, cast.plan)
    cast.plan.refresh_from_db()
    assert cast.plan.status == PlanStatus.ISSUED
    assert result.created == Assignment.objects.filter(plan=cast.plan).count() > 0
    for activity in cast.plan.activities.all():
        for mention in activity.mentions.filter(unit__isnull=False):
            assert Assignment.objects.filter(activity=activity, unit=mention.unit).exists(), mention.text


def test_collective_mentions_expand_to_every_member_unit(cast: Any) -> None:
    issue_plan(cast.owner, cast.plan)
    mention = UnitMention.objects.filter(plan=cast.plan, activity__isnull=False, group__isnull=False).first()
    assert mention is not None
    members = set(mention.group.members(on=cast.plan.period_start).values_list("pk", flat=True))
    assert members
    assigned = set(Assignment.objects.filter(activity=mention.activity).values_list("unit_id", flat=True))
    assert members <= assigned


def test_a_unit_both_leading_and_coordinating_gets_one_lead_assignment(cast: Any) -> None:
    issue_plan(cast.owner, cast.plan)
    for activity in cast.plan.activities.all():
        units = list(Assignment.objects.filter(activity=activity).values_list("unit_id", flat=True))
        assert len(units) == len(set(units))


def test_duties_become_assignments_and_requested_bodies_are_marked_requested(cast: Any) -> None:
    issue_plan(cast.owner, cast.plan)
    duties = Assignment.objects.filter(plan=cast.plan, responsibility__isnull=False)
    assert duties.filter(role=Assignment.Role.RESPONSIBLE).count() == duties.count() > 0
    requested = duties.filter(responsibility__mode="requested")
    assert requested.exists()
    assert set(requested.values_list("mode", flat=True)) == {"requested"}
    party = Assignment.objects.filter(
        plan=cast.plan, unit__kind__in=[UnitKind.PARTY, UnitKind.FRONT, UnitKind.MASS_ORGANISATION]
    )
    assert party.exists() and not party.exclude(mode="requested").exists()


def test_ongoing_activities_get_one_occurrence_per_month_of_the_plan(cast: Any) -> None:
    issue_plan(cast.owner, cast.plan)
    assignment = Assignment.objects.filter(plan=cast.plan, timing_kind="ongoing").first()
    assert assignment is not None
    assert assignment.occurrences.count() == 12


def test_issuing_twice_changes_nothing(cast: Any) -> None:
    issue_plan(cast.owner, cast.plan)
    before = (Assignment.objects.count(), Occurrence.objects.count())
    again = issue_plan(cast.owner, cast.plan)
    assert (again.created, again.updated, again.deactivated, again.occurrences_created) == (0, 0, 0, 0)
    assert (Assignment.objects.count(), Occurrence.objects.count()) == before


def test_reissuing_after_an_edit_updates_assignments_and_keeps_logged_work(issued: Any) -> None:
    assignment = officer_assignment(issued)
    log_result(issued.officer, assignment, result_input())
    activity = assignment.activity
    save_activity(
        issued.owner,
        issued.plan,
        activity,
        lead=["Phòng Văn hóa và Thông tin"],
        coordinators=[],
        timing_text="Quý II và Quý IV",
        timing_kind="quarters",
        timing_quarters=[2, 4],
    )
    result = issue_plan(issued.owner, issued.plan)
    assignment.refresh_from_db()
    assert result.deactivated >= 1
    assert not assignment.is_active
    assert LoggedResult.objects.filter(assignment=assignment).count() == 1
    # The window holding the logged result is kept (inactive); the new lead unit has two quarterly windows.
    assert assignment.occurrences.filter(results_count=1).exists()
    new = Assignment.objects.get(activity=activity, unit=issued.other_unit)
    assert new.is_active and new.role == "lead"
    assert [o.label for o in new.occurrences.order_by("start")] == ["Quý II/2024", "Quý IV/2024"]


def test_a_closed_plan_cannot_be_reissued(cast: Any) -> None:
    issue_plan(cast.owner, cast.plan)
    set_plan_status(cast.owner, cast.plan, PlanStatus.CLOSED)
    with pytest.raises(ExecutionError, match="đã kết thúc"):
        issue_plan(cast.owner, cast.plan)


def test_issuing_records_one_audit_entry(cast: Any) -> None:
    from cchc.core.models import AuditEntry

    issue_plan(cast.owner, cast.plan)
    assert AuditEntry.objects.filter(action="execution.plan.issued", object_id=str(cast.plan.pk)).count() == 1
