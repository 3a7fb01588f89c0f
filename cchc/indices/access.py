"""Who reads and who writes index values and a plan's targets on them. The values are published figures: every
staff member reads them; administrators and plan-owner offices import them; a plan's owner office sets its targets."""

from __future__ import annotations

from typing import TypeGuard

from cchc.accounts.models import Role, User
from cchc.accounts.types import Viewer, signed_in
from cchc.core.access import first_or_404
from cchc.indices.models import IndexTarget
from cchc.plans.access import writable_plans
from cchc.plans.models import Plan


def can_read(user: Viewer) -> TypeGuard[User]:
    return signed_in(user) and user.is_staff_role


def can_import(user: Viewer) -> bool:
    return can_read(user) and (user.is_admin or (user.role == Role.OWNER and user.unit_id is not None))


def can_set_targets(user: Viewer, plan: Plan) -> bool:
    return can_read(user) and writable_plans(user).filter(pk=plan.pk).exists()


def get_target(plan: Plan, target_id: int) -> IndexTarget:
    return first_or_404(IndexTarget.objects.filter(plan=plan, pk=target_id), "Không tìm thấy mục tiêu chỉ số.")
