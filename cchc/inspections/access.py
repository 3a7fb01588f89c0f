"""The only way a request reaches inspection rounds: the plan's owner office runs them, leaders read them, an
inspected unit's officers read what concerns their unit and report their follow-up."""

from __future__ import annotations

from typing import TypeGuard

from django.db.models import QuerySet
from django.http import Http404

from cchc.accounts.models import Role, User
from cchc.accounts.types import Viewer, signed_in
from cchc.core.access import first_or_404
from cchc.inspections.models import ChecklistItem, Finding, InspectionRound, Recommendation
from cchc.plans.access import readable_plans, writable_plans
from cchc.plans.models import Plan


def _staff(user: Viewer) -> TypeGuard[User]:
    return signed_in(user) and (user.is_admin or user.unit is not None)


def can_run_inspections(user: Viewer, plan: Plan) -> bool:
    """The plan's owner office (and administrators) create rounds, judge, record findings and recommendations."""
    return _staff(user) and writable_plans(user).filter(pk=plan.pk).exists()


def readable_rounds(user: Viewer) -> QuerySet[InspectionRound]:
    rounds = InspectionRound.objects.all()
    if not _staff(user):
        return rounds.none()
    if user.is_admin:
        return rounds
    if user.role == Role.OWNER:
        return rounds.filter(plan__in=writable_plans(user))
    if user.role == Role.LEADER:
        return rounds.filter(plan__in=readable_plans(user))
    if user.role == Role.OFFICER:
        return rounds.filter(units=user.unit)
    return rounds.none()


def get_round_for_user(user: Viewer, round_id: int, write: bool = False) -> InspectionRound:
    """The round, or 404 when the user may not read it (or run it, with write=True)."""
    found = readable_rounds(user).select_related("plan").filter(pk=round_id).first()
    if found is None or (write and not can_run_inspections(user, found.plan)):
        raise Http404("Không tìm thấy đợt kiểm tra.")
    return found


def visible_unit_ids(user: User, inspection: InspectionRound) -> set[int] | None:
    """The units whose checklist and findings the user sees in a round it reads; None for all of them."""
    if user.is_admin or user.role in (Role.OWNER, Role.LEADER):
        return None
    return {user.unit_id} if user.unit_id is not None else set()


def get_recommendation_to_follow_up(user: Viewer, inspection: InspectionRound, rec_id: int) -> Recommendation:
    """A recommendation of the round about the user's own unit (its officer reports the follow-up) or any one of
    the round (the owner office confirms it)."""
    recs = Recommendation.objects.filter(finding__round=inspection).select_related("finding")
    if not can_run_inspections(user, inspection.plan):
        if not _staff(user) or user.role != Role.OFFICER:
            raise Http404("Không tìm thấy kiến nghị.")
        assert user.unit_id is not None  # staff who are not administrators belong to a unit
        recs = recs.filter(finding__unit_id=user.unit_id)
    return first_or_404(recs.filter(pk=rec_id), "Không tìm thấy kiến nghị.")


def checklist_item(inspection: InspectionRound, item_id: int) -> ChecklistItem | None:
    """A checklist line of a round the user runs (see can_run_inspections), None when the round has no such line."""
    return inspection.items.filter(pk=item_id).first()


def get_finding(inspection: InspectionRound, finding_id: int) -> Finding:
    return first_or_404(Finding.objects.filter(round=inspection, pk=finding_id), "Không tìm thấy phát hiện.")
