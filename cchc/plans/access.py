"""The only way a request reaches a plan: who may read and who may write which plans."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from cchc.accounts.models import Role
from cchc.accounts.types import Actor, Viewer, signed_in
from cchc.core.access import first_or_404
from cchc.core.audit import EntryCheck, HistoryRule
from cchc.plans.models import Activity, Plan, PlanStatus, UnitMention
from cchc.units.access import readable_units
from cchc.units.models import Unit, UnitGroup


def readable_plans(user: Viewer) -> QuerySet[Plan]:
    """Plans a signed-in staff user may read; the public reads only published progress pages."""
    plans = Plan.objects.all()
    if not signed_in(user):
        return plans.none()
    if user.is_admin:
        return plans
    unit = user.unit
    if unit is None or user.role == Role.PUBLIC:
        return plans.none()
    root = unit.territorial_root()
    if user.role == Role.OWNER:
        # The issued plans of the levels above are the owner's parents: it makes its own plan from them.
        return plans.filter(Q(owner_unit=unit) | Q(issuer_unit=root) | _issued_above(root))
    if user.role == Role.LEADER:
        return plans.filter(
            Q(issuer_unit__path__startswith=unit.path) | Q(owner_unit__path__startswith=unit.path) | Q(issuer_unit=root)
        )
    # An officer reads the issued plans of the territory the unit belongs to (or of a territory above it).
    return plans.filter(Q(issuer_unit=root) | _issued_above(root)).exclude(status=PlanStatus.DRAFT)


def _issued_above(root: Unit) -> Q:
    """Issued plans of the territories above `root` (a district reads its province's)."""
    above = [int(p) for p in root.path.strip("/").split("/")[:-1] if p]
    return Q(issuer_unit_id__in=above) & ~Q(status=PlanStatus.DRAFT)


def writable_plans(user: Viewer) -> QuerySet[Plan]:
    """Plans a user may change: admins, and the owner office of each plan."""
    plans = Plan.objects.all()
    if not signed_in(user):
        return plans.none()
    if user.is_admin:
        return plans
    if user.role == Role.OWNER and user.unit is not None:
        return plans.filter(owner_unit=user.unit)
    return plans.none()


def can_create_plan(user: Viewer) -> bool:
    return signed_in(user) and (user.is_admin or (user.role == Role.OWNER and user.unit is not None))


def can_derive_from(user: Viewer, plan: Plan) -> bool:
    """An owner office of a district or commune makes its plan from an issued plan of a territory above it."""
    if not signed_in(user) or user.role != Role.OWNER or user.unit is None:
        return False
    unit = user.unit
    root = unit.territorial_root()
    above = plan.issuer_unit
    return (
        plan.status != PlanStatus.DRAFT
        and root.kind in ("district", "commune")
        and above is not None
        and root.pk != above.pk
        and root.is_within(above)
    )


def plan_write_refusal(
    user: Viewer | None, *, issuer_unit: Unit | None, owner_unit: Unit | None, existing: Plan | None = None
) -> str | None:
    """Why `user` may not create a plan issued by `issuer_unit` and followed by `owner_unit` (or, with `existing`,
    overwrite or issue that plan); None when allowed. An owner office acts only for its own unit and in the name of
    the People's Committee (or ministry) it belongs to. `user` None is the system itself (seed loading, commands).
    """
    if user is None:
        return None
    if existing is not None and not writable_plans(user).filter(pk=existing.pk).exists():
        return (
            f"Kế hoạch «{existing.number or existing.title[:80]}» của {existing.issuer} đã có trong hệ thống "
            "và do cơ quan khác theo dõi; bạn không thể nhập đè hay ban hành nó."
        )
    if not signed_in(user) or not can_create_plan(user):
        return "Bạn không có quyền tạo, nhập hay ban hành kế hoạch."
    if user.is_admin:
        return None
    own = user.unit
    assert own is not None  # an owner office has its unit (can_create_plan)
    if owner_unit is not None and owner_unit.pk != own.pk:
        return f"Bạn chỉ theo dõi được kế hoạch cho đơn vị mình ({own.name}), không cho {owner_unit.name}."
    root = own.territorial_root()
    if issuer_unit is None or issuer_unit.pk != root.pk:
        named = issuer_unit.name if issuer_unit is not None else "một cơ quan chưa có trong danh mục"
        return f"Bạn chỉ tạo được kế hoạch do {root.name} ban hành; kế hoạch này do {named} ban hành."
    return None


def get_plan_for_user(user: Viewer, plan_id: int, write: bool = False) -> Plan:
    """The plan, or 404 when the user may not read it (or write it, with write=True)."""
    plans = writable_plans(user) if write else readable_plans(user)
    return first_or_404(
        plans.select_related("issuer_unit", "owner_unit").filter(pk=plan_id), "Không tìm thấy kế hoạch."
    )


def can_write_plan(user: Viewer, plan: Plan) -> bool:
    return writable_plans(user).filter(pk=plan.pk).exists()


def readable_parent(user: Viewer, plan: Plan) -> Plan | None:
    """The plan this one was made from, when the user reads it."""
    return readable_plans(user).filter(pk=plan.parent_id).first() if plan.parent_id else None


def get_activity(plan: Plan, activity_id: int) -> Activity:
    """An activity of a plan the user was given by get_plan_for_user, or 404."""
    return first_or_404(plan.activities.filter(pk=activity_id), "Không tìm thấy nhiệm vụ.")


def get_mention(plan: Plan, mention_id: int) -> UnitMention:
    """A printed unit mention of a plan the user was given by get_plan_for_user, or 404."""
    return first_or_404(plan.mentions.filter(pk=mention_id), "Không tìm thấy tên đơn vị trong kế hoạch.")


def get_plan_for_actor(actor: Actor, plan_id: int, write: bool = False) -> Plan | None:
    """The plan as a management command sees it: for a named user what they may read (or write), for the system
    (no user) any plan; None when there is none such."""
    if actor is None:
        return Plan.objects.filter(pk=plan_id).first()
    plans = writable_plans(actor) if write else readable_plans(actor)
    return plans.filter(pk=plan_id).first()


def public_plans() -> QuerySet[Plan]:
    """Plans whose owner chose to publish their progress to citizens (issued or closed, never a draft)."""
    return Plan.objects.filter(is_public=True).exclude(status=PlanStatus.DRAFT)


def get_public_plan(plan_id: int) -> Plan:
    """A plan whose owner chose to publish its progress to citizens."""
    return first_or_404(public_plans().filter(pk=plan_id), "Không tìm thấy kế hoạch.")


def plan_entries(user: Viewer, plan: Plan) -> EntryCheck:
    """History entries about the plan itself: for everyone who reads the plan."""
    readable = readable_plans(user).filter(pk=plan.pk).exists()
    return lambda entry: readable


HISTORY_RULES: dict[str, HistoryRule] = {"plans.": plan_entries}


def mention_targets(user: Viewer, plan: Plan) -> tuple[QuerySet[Unit], QuerySet[UnitGroup]]:
    """What a printed mention of the plan may be tied to: units the user reads within the issuer's territory, and
    the issuer's unit groups (nothing for a plan without an issuer)."""
    root = plan.issuer_unit
    if root is None:
        return Unit.objects.none(), UnitGroup.objects.none()
    return readable_units(user).filter(path__startswith=root.path), UnitGroup.objects.filter(scope=root)


def get_mention_unit(user: Viewer, plan: Plan, unit_id: int) -> Unit:
    """A unit a mention of the plan may be tied to (see mention_targets), or 404."""
    return first_or_404(mention_targets(user, plan)[0].filter(pk=unit_id), "Không tìm thấy đơn vị.")


def get_mention_group(user: Viewer, plan: Plan, group_id: int) -> UnitGroup:
    """A unit group a mention of the plan may be tied to (see mention_targets), or 404."""
    return first_or_404(mention_targets(user, plan)[1].filter(pk=group_id), "Không tìm thấy nhóm đơn vị.")
