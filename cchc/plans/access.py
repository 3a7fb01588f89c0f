"""The only way a request reaches a plan: who may read and who may write which plans."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from cchc.accounts.models import Role
from cchc.plans.models import Plan, PlanStatus


def readable_plans(user: Any) -> QuerySet[Plan]:
    """Plans a signed-in staff user may read; the public reads only published progress pages."""
    plans = Plan.objects.all()
    if not getattr(user, "is_authenticated", False):
        return plans.none()
    if user.is_admin:
        return plans
    unit = user.unit
    if unit is None or user.role == Role.PUBLIC:
        return plans.none()
    root = unit.territorial_root()
    if user.role == Role.OWNER:
        return plans.filter(Q(owner_unit=unit) | Q(issuer_unit=root))
    if user.role == Role.LEADER:
        return plans.filter(
            Q(issuer_unit__path__startswith=unit.path) | Q(owner_unit__path__startswith=unit.path) | Q(issuer_unit=root)
        )
    # An officer reads the issued plans of the territory the unit belongs to (or of a territory above it).
    territory_ids = [int(p) for p in root.path.strip("/").split("/") if p]
    return plans.filter(issuer_unit_id__in=territory_ids).exclude(status=PlanStatus.DRAFT)


def writable_plans(user: Any) -> QuerySet[Plan]:
    """Plans a user may change: admins, and the owner office of each plan."""
    plans = Plan.objects.all()
    if not getattr(user, "is_authenticated", False):
        return plans.none()
    if user.is_admin:
        return plans
    if user.role == Role.OWNER and user.unit is not None:
        return plans.filter(owner_unit=user.unit)
    return plans.none()


def can_create_plan(user: Any) -> bool:
    return getattr(user, "is_authenticated", False) and (
        user.is_admin or (user.role == Role.OWNER and user.unit is not None)
    )


def get_plan_for_user(user: Any, plan_id: int, write: bool = False) -> Plan:
    """The plan, or 404 when the user may not read it (or write it, with write=True)."""
    plans = writable_plans(user) if write else readable_plans(user)
    plan = plans.select_related("issuer_unit", "owner_unit").filter(pk=plan_id).first()
    if plan is None:
        raise Http404("Không tìm thấy kế hoạch.")
    return plan


def get_public_plan(plan_id: int) -> Plan:
    """A plan whose owner chose to publish its progress to citizens."""
    plan = Plan.objects.filter(pk=plan_id, is_public=True).exclude(status=PlanStatus.DRAFT).first()
    if plan is None:
        raise Http404("Không tìm thấy kế hoạch.")
    return plan
