"""A district makes its plan from its province's (as Chợ Đồn's was made from Bắc Kạn's) and the province sees it
roll up: which children issued their plan, when, and how far they got."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from cchc.accounts.models import Role
from cchc.execution.models import Assignment
from cchc.execution.rollup import children_rollup
from cchc.execution.services import issue_plan, log_result
from cchc.plans.models import Plan, PlanStatus
from cchc.plans.services import PlanError, derive_plan, update_plan
from cchc.units.models import Unit, UnitKind
from conftest import make_user

from .conftest import result_input


def bac_kan(cast: Any) -> Plan:
    return Plan.objects.get(issuer="UBND tỉnh Bắc Kạn")


@pytest.fixture
def issued_parent(cast: Any) -> Plan:
    parent = bac_kan(cast)
    update_plan(None, parent, number="05/KH-UBND", issued_date=dt.date(2025, 1, 10))
    issue_plan(None, parent)
    return parent


def derive_as_owner(client: Any, cast: Any, parent: Plan) -> Any:
    client.force_login(cast.owner)
    return client.post(reverse("plans:derive", args=[parent.pk]))


def test_a_district_owner_derives_its_plan_from_the_province_plan(client: Any, cast: Any, issued_parent: Plan) -> None:
    client.force_login(cast.owner)
    page = client.get(reverse("plans:detail", args=[issued_parent.pk]))
    assert "Xây dựng kế hoạch của UBND huyện Chợ Đồn từ kế hoạch này" in page.content.decode()
    confirm = client.get(reverse("plans:derive", args=[issued_parent.pk])).content.decode()
    assert "Xây dựng dự thảo kế hoạch" in confirm and "UBND cấp huyện/xã" in confirm

    response = derive_as_owner(client, cast, issued_parent)
    child = Plan.objects.get(parent=issued_parent)
    assert response.status_code == 302 and response["Location"] == reverse("plans:detail", args=[child.pk])
    assert child.status == PlanStatus.DRAFT
    assert child.issuer == "UBND huyện Chợ Đồn" and child.issuer_unit == cast.plan.issuer_unit
    assert child.owner_unit == cast.owner.unit
    assert child.title == "Tuyên truyền công tác cải cách hành chính huyện Chợ Đồn năm 2025"
    # Within the parent's period, and within the district's life: districts ended on 30 June 2025.
    assert (child.period_start, child.period_end) == (dt.date(2025, 1, 1), dt.date(2025, 6, 30))
    basis = child.legal_bases[0]
    assert (basis["type"], basis["number"], basis["date"], basis["issuer"]) == (
        "Kế hoạch", "05/KH-UBND", "2025-01-10", "UBND tỉnh Bắc Kạn"
    )  # fmt: skip
    # The duty the province gave "UBND cấp huyện" is the district's activity, done by its offices with the communes.
    activity = child.activities.get()
    assert activity.content.startswith("Căn cứ Kế hoạch và tình hình thực tế của cơ quan, đơn vị xây dựng kế hoạch")
    assert "chỉ đạo các phòng, ban chuyên môn, UBND cấp xã trực thuộc" in activity.content
    lead = activity.mentions.get(role="lead")
    assert lead.text == "Các phòng, ban, ngành" and lead.group is not None and lead.group.scope == child.issuer_unit
    coordinating = activity.mentions.get(role="coordinate")
    assert coordinating.text == "UBND cấp xã" and set(coordinating.group.member_kinds) == {UnitKind.COMMUNE}
    # The province's other duties come down one level, as Chợ Đồn's plan did.
    units = [m.text for m in child.mentions.filter(responsibility__isnull=False)]
    assert "Ban Tuyên giáo Huyện ủy" in units and "Phòng Nội vụ" in units and "UBND cấp xã" in units
    assert "Ban Tuyên giáo Tỉnh ủy" not in units
    printed = client.get(reverse("plans:detail", args=[child.pk])).content.decode()
    assert "Kế hoạch cấp trên" in printed and "05/KH-UBND" in printed


def test_deriving_twice_gives_the_same_plan(client: Any, cast: Any, issued_parent: Plan) -> None:
    derive_as_owner(client, cast, issued_parent)
    again = derive_as_owner(client, cast, issued_parent)
    assert Plan.objects.filter(parent=issued_parent).count() == 1
    assert again["Location"] == reverse("plans:detail", args=[Plan.objects.get(parent=issued_parent).pk])


def test_a_parent_not_issued_is_refused_with_a_vietnamese_message(cast: Any) -> None:
    with pytest.raises(PlanError, match="chưa ban hành"):
        derive_plan(cast.owner, bac_kan(cast), issuer_unit=cast.plan.issuer_unit, owner_unit=cast.owner.unit)
    assert not Plan.objects.filter(parent__isnull=False).exists()


def test_only_a_lower_level_owner_may_derive(client: Any, cast: Any, issued_parent: Plan) -> None:
    url = reverse("plans:derive", args=[issued_parent.pk])
    # An officer, the public, a province-level owner (the plan's own level): refused.
    province_owner = make_user("noivu_backan", Role.OWNER, cast.outsider_unit)
    for user in (cast.officer, cast.public, province_owner):
        client.force_login(user)
        assert client.post(url).status_code in (403, 404), user.username
    client.logout()
    assert client.post(url).status_code == 302  # to the login page
    # A district of another province reads nothing of Bắc Kạn's.
    elsewhere = Unit.objects.create(name="UBND huyện Nơi Khác", kind=UnitKind.DISTRICT, locality="Nơi Khác")
    office = Unit.objects.create(name="Phòng Nội vụ", kind=UnitKind.OFFICE, parent=elsewhere)
    client.force_login(make_user("noivu_noikhac", Role.OWNER, office))
    assert client.post(url).status_code == 404
    with pytest.raises(PlanError, match="không phải địa phương cấp dưới"):
        derive_plan(None, issued_parent, issuer_unit=elsewhere, owner_unit=office)
    assert not Plan.objects.filter(parent=issued_parent).exists()


def _child_results_shown(page: str) -> str:
    row = page.split("12/KH-UBND</td>")[1].split("</tr>")[0]
    return row.rsplit("<td>", 1)[1].removesuffix("</td>")


def test_the_province_sees_its_children_issue_and_progress(client: Any, cast: Any, issued_parent: Plan) -> None:
    child = derive_plan(cast.owner, issued_parent, issuer_unit=cast.plan.issuer_unit, owner_unit=cast.owner.unit).plan
    rows = {row.unit.name: row for row in children_rollup(issued_parent, dt.date(2025, 6, 30))}
    assert len(rows) == 8  # Bắc Kạn's districts and its city before the reorganisation
    assert rows["UBND huyện Chợ Đồn"].state == "Dự thảo" and rows["UBND huyện Ba Bể"].plan is None

    update_plan(cast.owner, child, number="12/KH-UBND", issued_date=dt.date(2025, 2, 3))
    issue_plan(cast.owner, child)
    assignment = Assignment.objects.filter(plan=child).first()
    assert assignment is not None
    province_owner = make_user("noivu_backan", Role.OWNER, cast.outsider_unit)
    client.force_login(province_owner)
    dashboard = reverse("execution:dashboard", args=[issued_parent.pk])
    assert _child_results_shown(client.get(dashboard).content.decode()) == "0"
    log_result(cast.admin, assignment, result_input(date=dt.date(2025, 3, 1), kind="conference"))
    assert _child_results_shown(client.get(dashboard).content.decode()) == "1"  # the kept page was dropped

    row = {r.unit.name: r for r in children_rollup(issued_parent, dt.date(2025, 6, 30))}["UBND huyện Chợ Đồn"]
    assert row.state == "Đã ban hành" and row.results == 1
    assert row.status.completion is not None and 0 < row.status.completion <= 100

    page = client.get(dashboard).content.decode()
    assert "Kế hoạch của cấp dưới" in page and "12/KH-UBND" in page and "03/02/2025" in page
