"""Who may read and change units."""

from __future__ import annotations

from django.db.models import QuerySet

from cchc.accounts.models import User
from cchc.accounts.types import Viewer
from cchc.core.access import first_or_404
from cchc.units.models import Unit


def readable_units(user: Viewer) -> QuerySet[Unit]:
    """The unit directory is public information for signed-in staff."""
    if not isinstance(user, User) or not user.is_staff_role:
        return Unit.objects.none()
    return Unit.objects.all()


def can_edit_units(user: Viewer) -> bool:
    return isinstance(user, User) and user.is_admin


def get_unit_for_user(user: Viewer, unit_id: int) -> Unit:
    return first_or_404(readable_units(user).filter(pk=unit_id), "Không tìm thấy đơn vị.")
