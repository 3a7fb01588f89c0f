"""The only way a request reaches assignments, results and dashboards: a unit sees its own work, owners their plans."""

from __future__ import annotations

from typing import TypeGuard

from django.db.models import Q, QuerySet
from django.http import Http404

from cchc.accounts.models import Role, User
from cchc.accounts.types import Viewer, signed_in
from cchc.core.access import first_or_404
from cchc.core.audit import EntryCheck, HistoryRule, snapshot_value
from cchc.execution.models import Assignment, Evidence, LoggedResult, ResultImport
from cchc.plans.access import plan_entries, readable_plans, writable_plans
from cchc.plans.models import Plan, PlanStatus


def _signed_in_staff(user: Viewer) -> TypeGuard[User]:
    return signed_in(user) and (user.is_admin or user.unit is not None)


def readable_assignments(user: Viewer) -> QuerySet[Assignment]:
    """Assignments a user may read: admins all; plan owners those of their plans; leaders those of units under
    theirs; officers their own unit's."""
    assignments = Assignment.objects.all()
    if not _signed_in_staff(user):
        return assignments.none()
    if user.is_admin:
        return assignments
    if user.role == Role.OWNER:
        return assignments.filter(Q(plan__owner_unit=user.unit) | Q(unit=user.unit))
    if user.role == Role.LEADER:
        assert user.unit is not None  # staff who is not an administrator has a unit
        return assignments.filter(Q(unit__path__startswith=user.unit.path) | Q(plan__in=readable_plans(user)))
    if user.role == Role.OFFICER:
        return assignments.filter(unit=user.unit)
    return assignments.none()


def loggable_assignments(user: Viewer) -> QuerySet[Assignment]:
    """Assignments of issued plans a user may record results for: those they read, except as a leader (leaders read
    and approve; officers their unit's, owners for their units, and admins record)."""
    if _signed_in_staff(user) and not user.is_admin and user.role == Role.LEADER:
        return Assignment.objects.none()
    return readable_assignments(user).filter(plan__status=PlanStatus.ISSUED)


def plan_assignments(user: Viewer, plan: Plan, unit_id: int | None = None) -> QuerySet[Assignment]:
    """A plan's active assignments the user reads: those of `unit_id` when given, else all of them (an officer's
    own unit's only)."""
    assignments = readable_assignments(user).filter(plan=plan, is_active=True)
    if unit_id:
        return assignments.filter(unit_id=unit_id)
    if signed_in(user) and user.role == Role.OFFICER:
        return assignments.filter(unit=user.unit)
    return assignments


def can_log(user: Viewer, assignment: Assignment) -> bool:
    """May the user record results against this assignment now (it is active and theirs to log)."""
    return loggable_assignments(user).filter(pk=assignment.pk, is_active=True).exists()


def get_assignment_for_user(user: Viewer, assignment_id: int, write: bool = False) -> Assignment:
    """The assignment, or 404 when the user may not read it (or log against it, with write=True)."""
    qs = loggable_assignments(user) if write else readable_assignments(user)
    return first_or_404(
        qs.select_related("plan", "unit", "activity", "responsibility").filter(pk=assignment_id),
        "Không tìm thấy nhiệm vụ.",
    )


def readable_results(user: Viewer) -> QuerySet[LoggedResult]:
    return LoggedResult.objects.filter(assignment__in=readable_assignments(user))


def get_result_for_user(user: Viewer, result_id: int, write: bool = False) -> LoggedResult:
    """A logged result, or 404 when the user may not read it (or change it, with write=True)."""
    assignments = loggable_assignments(user) if write else readable_assignments(user)
    return first_or_404(
        LoggedResult.objects.filter(assignment__in=assignments, pk=result_id).select_related(
            "assignment__plan", "assignment__unit", "occurrence"
        ),
        "Không tìm thấy kết quả.",
    )


def get_evidence_for_user(user: Viewer, evidence_id: int, write: bool = False) -> Evidence:
    """An evidence file of a result the user reads (or, with write=True, may change), else 404."""
    results = (
        LoggedResult.objects.filter(assignment__in=loggable_assignments(user)) if write else readable_results(user)
    )
    return first_or_404(
        Evidence.objects.filter(pk=evidence_id, result__in=results).select_related("result__plan"),
        "Không tìm thấy tài liệu.",
    )


def get_public_photo(plan: Plan, photo_id: int) -> Evidence:
    """A picture its unit chose to show on the public progress page of `plan` (already checked as public)."""
    return first_or_404(
        Evidence.objects.filter(pk=photo_id, is_public=True, result__plan=plan, content_type__startswith="image/"),
        "Không tìm thấy ảnh.",
    )


def monitored_plans(user: Viewer) -> QuerySet[Plan]:
    """Plans whose dashboard a user may see: admins, the owner office, and leaders of the units above them."""
    if not signed_in(user):
        return Plan.objects.none()
    plans = writable_plans(user)
    if user.role == Role.LEADER:
        plans = plans | readable_plans(user)
    return plans.exclude(status=PlanStatus.DRAFT)


def can_follow_the_country(user: Viewer) -> bool:
    """The cross-province dashboard: admins, and the owner offices and leaders of a ministry (the Ministry of Home
    Affairs follows every province's communication on administrative reform)."""
    if not _signed_in_staff(user):
        return False
    if user.is_admin:
        return True
    unit = user.unit
    return user.role in (Role.OWNER, Role.LEADER) and unit is not None and unit.territorial_root().kind == "ministry"


def get_monitored_plan(user: Viewer, plan_id: int) -> Plan:
    return first_or_404(
        monitored_plans(user).select_related("owner_unit", "issuer_unit").filter(pk=plan_id), "Không tìm thấy kế hoạch."
    )


def can_manage_plan(user: Viewer, plan: Plan) -> bool:
    """The owner office (and admins) issue a plan, confirm its targets and classify its activities."""
    return writable_plans(user).filter(pk=plan.pk).exists()


def get_plan_to_issue(user: Viewer, plan_id: int) -> Plan:
    """Only the plan's owner office (or an admin) issues it."""
    return first_or_404(writable_plans(user).filter(pk=plan_id), "Không tìm thấy kế hoạch.")


def get_import_for_user(user: Viewer, import_id: int) -> ResultImport:
    """An Excel import is seen by the person who uploaded it (and admins)."""
    if not signed_in(user):
        raise Http404("Không tìm thấy tệp.")
    qs = ResultImport.objects.all() if user.is_admin else ResultImport.objects.filter(uploaded_by=user)
    return first_or_404(qs.select_related("plan").filter(pk=import_id), "Không tìm thấy tệp.")


def _assignment_ids(user: Viewer, plan: Plan) -> set[int]:
    return set(readable_assignments(user).filter(plan_id=plan.pk).values_list("pk", flat=True))


def _result_entries(user: Viewer, plan: Plan) -> EntryCheck:
    """Results and their evidence (also deleted ones, by the assignment they were logged against): the units whose
    assignments the reader reads."""
    assignments = _assignment_ids(user, plan)
    results = {
        str(pk) for pk in LoggedResult.objects.filter(assignment_id__in=assignments).values_list("pk", flat=True)
    }
    return lambda entry: entry.object_id in results or snapshot_value(entry, "assignment_id") in assignments


def _progress_entries(user: Viewer, plan: Plan) -> EntryCheck:
    assignments = _assignment_ids(user, plan)
    return lambda entry: snapshot_value(entry, "assignment_id") in assignments


def _import_entries(user: Viewer, plan: Plan) -> EntryCheck:
    """An Excel import (its file name, its rows) is seen by the person who uploaded it and by the plan's managers."""
    imports = ResultImport.objects.filter(plan_id=plan.pk)
    if not (signed_in(user) and can_manage_plan(user, plan)):
        imports = imports.filter(uploaded_by_id=getattr(user, "pk", None))
    ids = {str(pk) for pk in imports.values_list("pk", flat=True)}
    return lambda entry: entry.object_id in ids


HISTORY_RULES: dict[str, HistoryRule] = {
    "execution.plan.": plan_entries,
    "execution.target.": plan_entries,
    "execution.activity.": plan_entries,
    "execution.result.": _result_entries,
    "execution.evidence.": _result_entries,
    "execution.progress.": _progress_entries,
    "execution.import.": _import_entries,
}
