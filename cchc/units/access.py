"""Who may read and change units."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from cchc.units.models import Unit


def readable_units(user: Any) -> QuerySet[Unit]:
    """The unit directory is public information for signed-in staff."""
    if not getattr(user, "is_authenticated", False) or not user.is_staff_role:
        return Unit.objects.none()
    return Unit.objects.all()


def can_edit_units(user: Any) -> bool:
    return getattr(user, "is_authenticated", False) and user.is_admin


def get_unit_for_user(user: Any, unit_id: int) -> Unit:
    unit = readable_units(user).filter(pk=unit_id).first()
    if unit is None:
        raise Http404("Không tìm thấy đơn vị.")
    return unit
