"""Units in the JSON API."""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema

from cchc.accounts.types import AuthenticatedRequest
from cchc.units.access import get_unit_for_user, readable_units

router = Router(tags=["Đơn vị"])


class UnitOut(Schema):
    id: int
    code: str | None
    name: str
    short_name: str
    kind: str
    parent_id: int | None
    locality: str
    valid_from: dt.date | None
    valid_until: dt.date | None
    successor_id: int | None


@router.get("/", response=list[UnitOut], summary="Danh sách đơn vị")
def list_units(request: AuthenticatedRequest, parent: int | None = None, kind: str | None = None) -> list[UnitOut]:
    units = readable_units(request.user)
    units = units.filter(parent_id=parent) if parent else units.filter(parent__isnull=True)
    if kind:
        units = units.filter(kind=kind)
    return list(units[:1000])  # type: ignore[arg-type]


@router.get("/{unit_id}", response=UnitOut, summary="Một đơn vị")
def get_unit(request: AuthenticatedRequest, unit_id: int) -> UnitOut:
    return get_unit_for_user(request.user, unit_id)  # type: ignore[return-value]
