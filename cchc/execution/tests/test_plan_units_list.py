"""A plan's list of assignments: 50 a page, searched, sorted and filtered on the server, bounded."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from cchc.execution.models import Assignment


def _page(user: Any, plan_id: int, **params: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("execution:plan_units", args=[plan_id]), params)
    assert response.status_code == 200, params
    return response.content.decode()


def test_the_owner_pages_through_hundreds_of_assignments(world_issued: Any) -> None:
    cast = world_issued
    total = Assignment.objects.filter(plan=cast.plan, is_active=True).count()
    assert total > 100
    first = _page(cast.owner, cast.plan.pk)
    assert first.count('href="/thuc-hien/nhiem-vu/') == 50
    assert f"1–50 / {total} nhiệm vụ" in first and 'rel="next"' in first
    last = _page(cast.owner, cast.plan.pk, trang="999999")
    assert 'rel="next"' not in last and 'rel="prev"' in last


def test_search_sort_and_status_narrow_the_list(world_issued: Any) -> None:
    cast = world_issued
    name = cast.officer_unit.name
    found = _page(cast.owner, cast.plan.pk, q=name.lower(), sap_xep="don_vi")
    rows = [row for row in found.split("<tbody>", 1)[1].split("</tbody>")[0].split("</tr>") if "<td" in row]
    mine = Assignment.objects.filter(plan=cast.plan, unit=cast.officer_unit, is_active=True).count()
    assert len(rows) >= min(mine, 50) and all(name in row for row in rows)  # its own, or naming it
    missing = _page(cast.owner, cast.plan.pk, trang_thai="missing")
    assert "Đã thực hiện</span>" not in missing.split("<tbody>", 1)[1]


def test_an_officer_still_sees_only_the_units_own_and_absurd_parameters_are_harmless(world_issued: Any) -> None:
    cast = world_issued
    page = _page(cast.officer, cast.plan.pk, q=cast.other_unit.name)
    assert cast.other_unit.name not in page.split("<tbody>", 1)[1]
    for params in ({"sap_xep": "__class__"}, {"trang": "-5"}, {"trang_thai": "'; DROP"}, {"q": "x" * 10_000}):
        _page(cast.officer, cast.plan.pk, **params)
