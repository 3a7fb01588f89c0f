"""The only way a request reaches feedback items: a unit handles and sees its own items (and only it sees the
senders' personal data), its leaders approve, the owner office sorts and follows its territory's items."""

from __future__ import annotations

from typing import TypeGuard

from django.db.models import Q, QuerySet

from cchc.accounts.models import Role, User
from cchc.accounts.types import Viewer, signed_in
from cchc.core.access import first_or_404
from cchc.core.inputs import InputError
from cchc.feedback.models import PUBLISHED, FeedbackItem, RoutingRule
from cchc.units.models import Unit


def _staff(user: Viewer) -> TypeGuard[User]:
    return signed_in(user) and (user.is_admin or user.unit_id is not None)


def territory(user: User) -> Unit | None:
    """The People's Committee an owner office or a leader works for: what they follow."""
    unit: Unit | None = user.unit
    if unit is None:
        return None
    if user.role == Role.OWNER:
        return unit.territorial_root()
    return unit if user.role == Role.LEADER else None


def readable_items(user: Viewer) -> QuerySet[FeedbackItem]:
    """Items a user may read: admins all (and alone those neither routed nor placed, to sort); owners and leaders
    those routed to a unit of their territory, or not routed yet but about a place in it; officers their own
    unit's."""
    items = FeedbackItem.objects.all()
    if not _staff(user):
        return items.none()
    if user.is_admin:
        return items
    area = territory(user)
    if area is not None:
        return items.filter(
            Q(unit=user.unit)
            | Q(unit__path__startswith=area.path)
            | Q(unit__isnull=True, locality__path__startswith=area.path)
        )
    if user.role == Role.OFFICER:
        return items.filter(unit=user.unit)
    return items.none()


def own_items(user: Viewer) -> QuerySet[FeedbackItem]:
    """The items a signed-in citizen sent through the site (staff entering items for others are not senders)."""
    if not signed_in(user) or _staff(user):
        return FeedbackItem.objects.none()
    return FeedbackItem.objects.filter(entered_by_id=user.pk, anonymised_at__isnull=True)


def follows(request_codes: list[str], user: Viewer, code: str) -> bool:
    """May this visitor follow the item `code`: it was sent or looked up in this browser, or by this account."""
    return code in request_codes or own_items(user).filter(code=code).exists()


def published_items() -> QuerySet[FeedbackItem]:
    """Answered items whose sender agreed to publication: anyone reads them, shown without any personal data."""
    return FeedbackItem.objects.filter(PUBLISHED).select_related("unit", "locality")


def get_published_item(code: str) -> FeedbackItem:
    return first_or_404(published_items().filter(code=code), "Không tìm thấy câu trả lời.")


def get_item_for_user(user: Viewer, item_id: int) -> FeedbackItem:
    """The item, or 404 when the user may not read it."""
    return first_or_404(
        readable_items(user).select_related("unit", "locality", "assignee").filter(pk=item_id),
        "Không tìm thấy phản ánh, kiến nghị.",
    )


def can_read(user: Viewer, item_id: int) -> bool:
    return readable_items(user).filter(pk=item_id).exists()


def can_see_personal_data(user: Viewer, item: FeedbackItem) -> bool:
    """The sender's name, phone, e-mail and address: only the unit handling the item (and administrators)."""
    if not _staff(user):
        return False
    return bool(user.is_admin or (item.unit_id is not None and user.unit_id == item.unit_id))


def can_handle(user: Viewer, item: FeedbackItem) -> bool:
    """Accept, refuse, assign, draft the answer, extend, transfer, split, merge, publish, close: the handling unit."""
    if not _staff(user):
        return False
    if user.is_admin:
        return True
    return item.unit_id is not None and user.unit_id == item.unit_id and user.role in (Role.OFFICER, Role.OWNER)


def can_approve(user: Viewer, item: FeedbackItem) -> bool:
    """A leader of the handling unit or above it approves the answer before it is published."""
    if not _staff(user) or item.unit is None:
        return False
    if user.is_admin:
        return True
    return user.role == Role.LEADER and user.unit is not None and item.unit.is_within(user.unit)


def can_route(user: Viewer, item: FeedbackItem) -> bool:
    """The owner office sorts what no rule routed (and may re-route anything in its territory)."""
    if not _staff(user):
        return False
    if user.is_admin:
        return True
    area = territory(user)
    return user.role == Role.OWNER and area is not None and can_read(user, item.pk)


def can_enter_items(user: Viewer) -> bool:
    """Staff of a unit enter items received on paper, by phone, by e-mail or at the one-stop desk."""
    return _staff(user) and user.role != Role.PUBLIC


def can_manage_rules(user: Viewer) -> TypeGuard[User]:
    return _staff(user) and (user.is_admin or user.role == Role.OWNER)


def readable_rules(user: Viewer) -> QuerySet[RoutingRule]:
    """Rules an owner office keeps: those sending items to units of its territory."""
    rules = RoutingRule.objects.select_related("unit", "locality")
    if not can_manage_rules(user):
        return rules.none()
    if user.is_admin:
        return rules
    area = territory(user)
    return rules.filter(unit__path__startswith=area.path) if area is not None else rules.none()


def units_for_rules(user: Viewer) -> QuerySet[Unit]:
    """Units a rule (or a transfer, a split, a sorting) of this user may send items to."""
    units = Unit.objects.filter(valid_until__isnull=True)
    if not _staff(user):
        return units.none()
    if user.is_admin:
        return units
    assert user.unit is not None  # staff who are not administrators belong to a unit
    area = territory(user) or user.unit.territorial_root()
    return units.filter(path__startswith=area.path)


def figure_units(user: Viewer) -> QuerySet[Unit]:
    """Units whose figures a user may read: owners and leaders their territory's, officers their own."""
    if not _staff(user):
        return Unit.objects.none()
    if user.is_admin:
        return Unit.objects.all()
    area = territory(user)
    if area is not None:
        return Unit.objects.filter(path__startswith=area.path)
    assert user.unit_id is not None  # staff who are not administrators belong to a unit
    return Unit.objects.filter(pk=user.unit_id)


def assignable_officers(user: Viewer, item: FeedbackItem) -> QuerySet[User]:
    """Officers of the handling unit an item may be assigned to (none for who may not handle it)."""
    if not can_handle(user, item) or item.unit_id is None:
        return User.objects.none()
    return User.objects.filter(unit_id=item.unit_id, is_active=True, role__in=(Role.OFFICER, Role.OWNER))


def officer_for(user: Viewer, item: FeedbackItem, officer_id: str | None) -> User | None:
    if officer_id is None:
        return None
    try:
        return assignable_officers(user, item).filter(pk=int(officer_id)).first()
    except (TypeError, ValueError):
        return None


def target_unit(user: Viewer, unit_id: int | None) -> Unit:
    """A unit this user may send items to (route, transfer, split, rule), or a Vietnamese refusal."""
    unit = units_for_rules(user).filter(pk=unit_id).first() if unit_id is not None else None
    if unit is None:
        raise InputError("Đơn vị nhận: hãy chọn một đơn vị trong danh sách.")
    return unit


def item_by_code_for_user(user: Viewer, code: str) -> FeedbackItem:
    found = readable_items(user).filter(code=str(code).strip().upper()).first()
    if found is None:
        raise InputError(f"Không tìm thấy phản ánh «{str(code)[:30]}» trong các phản ánh bạn được xem.")
    return found


def get_rule_for_user(user: Viewer, rule_id: int) -> RoutingRule:
    return first_or_404(readable_rules(user).filter(pk=rule_id), "Không tìm thấy quy tắc.")
