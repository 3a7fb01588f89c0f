"""Rules topic × place → unit, the most specific first; what no rule catches waits for the owner office; transfers
with a reason, duplicates merged, an item split between two units."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cchc.core.inputs import InputError
from cchc.feedback import services
from cchc.feedback.models import Status, Topic

from .conftest import Desk, submit


@pytest.mark.django_db
def test_the_most_specific_rule_wins_and_the_rest_waits_for_the_owner(desk: Desk) -> None:
    cast = desk.cast
    assert services.route_for(Topic.PROCEDURE, desk.commune) == cast.officer_unit  # district rule
    assert services.route_for(Topic.CONDUCT, desk.commune) is None
    services.save_rule(cast.owner, "", desk.district, cast.other_unit)  # any topic in the district
    services.save_rule(cast.owner, Topic.PROCEDURE, desk.commune, cast.other_unit)  # the commune's own
    assert services.route_for(Topic.CONDUCT, desk.commune) == cast.other_unit
    assert services.route_for(Topic.PROCEDURE, desk.commune) == cast.other_unit
    other_commune = desk.district.children.filter(kind="commune").exclude(pk=desk.commune.pk).first()
    assert services.route_for(Topic.PROCEDURE, other_commune) == cast.officer_unit


@pytest.mark.django_db
def test_the_owner_sorts_an_unrouted_item_and_units_transfer_with_a_reason(desk: Desk) -> None:
    cast = desk.cast
    item = submit(desk, topic=Topic.CONDUCT)
    assert item.unit is None
    owner = Client()
    owner.force_login(cast.owner)
    assert item.code in owner.get(reverse("feedback:inbox"), {"trang_thai": "unrouted"}).content.decode()
    owner.post(reverse("feedback:act", args=[item.pk, "route"]), {"unit": cast.other_unit.pk})
    item.refresh_from_db()
    assert item.unit == cast.other_unit
    # The outsider (another province's office) cannot route into Chợ Đồn's units.
    services.save_rule(cast.owner, Topic.FEES, None, cast.officer_unit)
    with pytest.raises(InputError):
        services.transfer(cast.other_officer, item, cast.other_unit, "Không thuộc thẩm quyền")
    with pytest.raises(InputError):
        services.transfer(cast.other_officer, item, cast.officer_unit, "   ")
    services.transfer(cast.other_officer, item, cast.officer_unit, "Thuộc lĩnh vực tư pháp")
    assert (item.unit, item.status) == (cast.officer_unit, Status.RECEIVED)


@pytest.mark.django_db
def test_duplicates_merge_and_a_two_unit_item_splits(desk: Desk) -> None:
    cast = desk.cast
    first, again = submit(desk), submit(desk)
    services.merge(cast.officer, again, first)
    assert again.status == Status.MERGED and again.merged_into == first
    with pytest.raises(InputError):
        services.merge(cast.officer, first, first)
    part = services.split(cast.officer, first, cast.other_unit, "Phần về loa truyền thanh của xã")
    assert part.unit == cast.other_unit and part.split_from == first
    assert part.due_on == first.due_on and part.code != first.code
    assert part.sender_phone == first.sender_phone


def test_a_renamed_commune_is_found_by_its_new_name_at_once(world_issued: Any) -> None:
    import datetime as dt

    from cchc.feedback.selectors import find_places
    from cchc.units.models import Unit, UnitKind
    from cchc.units.services import update_unit

    commune = Unit.objects.filter(kind=UnitKind.COMMUNE).order_by("pk").first()
    assert commune is not None
    today = commune.valid_until or dt.date(2026, 1, 5)  # a day the commune is in force
    assert commune.pk in [p.unit.pk for p in find_places(commune.locality, today)]  # the index is built and kept
    update_unit(world_issued.admin, commune, name="UBND xã Bình Minh Mới", locality="Bình Minh Mới")
    assert [p.unit.pk for p in find_places("Bình Minh Mới", today)] == [commune.pk]
