"""The ministry's cross-province dashboard: every province's plans of the year, their units, progress and results,
the country's totals and consolidated figures by kind; only for a ministry's staff and administrators; the same
queries whatever the number of provinces (bench/national.py measures it at national scale)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.db.models import Count, Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench import synthetic
from cchc.accounts.models import Role, User
from cchc.execution import national
from cchc.execution.models import Assignment, LoggedResult
from cchc.execution.services import ResultInput, issue_plan, log_result
from cchc.units.models import Unit, UnitKind

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 10, 15)


def _province(tag: str, units: int, results: int) -> synthetic.Province:
    province = synthetic.build_province(tag, units, 3)
    issue_plan(province.owner, province.plan)
    synthetic.add_results(province.plan, results)
    return province


def _ministry_owner() -> User:
    ministry = Unit.objects.create(name="Bộ Nội vụ", kind=UnitKind.MINISTRY)
    office = Unit.objects.create(name="Vụ Cải cách hành chính", kind=UnitKind.AGENCY, parent=ministry)
    return User.objects.create_user(username="vu_cchc", role=Role.OWNER, unit=office)


def test_each_province_shows_its_plan_units_and_results_and_the_country_adds_them_up() -> None:
    first, second = _province("mot", 4, 30), _province("hai", 6, 50)
    waiting = Unit.objects.create(name="UBND tỉnh Chưa Ban Hành", kind=UnitKind.PROVINCE)
    rows = {r.unit.pk: r for r in national.provinces(2025, TODAY)}
    for province, units, results in ((first, 4, 30), (second, 6, 50)):
        row = rows[province.plan.issuer_unit_id]
        assert row.plans == [province.plan] and row.units == units and row.results == results
        statuses = Assignment.objects.filter(plan=province.plan).aggregate(n=Count("occurrences"))["n"]
        assert row.status.total == statuses and row.status.completion is not None
    assert rows[waiting.pk].plans == [] and rows[waiting.pk].status.total == 0
    total = national.country(list(rows.values()))
    assert total.results == LoggedResult.objects.count() and total.units >= 10
    assert total.status.total == sum(r.status.total for r in rows.values())
    assert national.provinces(2023, TODAY)[0].plans == []  # another year: no plan runs


def test_the_consolidated_figures_count_every_result_by_kind() -> None:
    _province("mot", 3, 40)
    _province("hai", 3, 40)
    figures = {f.kind: f for f in national.consolidated(national.provinces(2025, TODAY))}
    expected = LoggedResult.objects.values("kind").annotate(n=Count("id"), people=Sum("participants", default=0))
    assert {k: (f.results, f.participants) for k, f in figures.items()} == {
        e["kind"]: (e["n"], e["people"]) for e in expected
    }
    assert all(f.provinces <= 2 and f.label for f in figures.values())


def test_a_write_about_one_plan_counts_only_that_plan_again() -> None:
    first, second = _province("mot", 3, 20), _province("hai", 3, 20)
    national.provinces(2025, TODAY)
    with CaptureQueriesContext(connection) as kept:
        national.provinces(2025, TODAY)
    assert len(kept) == 2  # provinces and plans; every tally from the cache
    assignment = Assignment.objects.filter(plan=second.plan, unit=second.officer.unit).first()
    log_result(second.officer, assignment, ResultInput(date=dt.date(2025, 3, 2), kind="conference", title="Mới"))
    with CaptureQueriesContext(connection) as after_write:
        rows = {r.unit.pk: r for r in national.provinces(2025, TODAY)}
    counted = [q["sql"] for q in after_write.captured_queries if "execution_loggedresult" in q["sql"]]
    assert len(counted) == 1 and f'"plan_id" = {second.plan.pk} ' in counted[0]
    assert rows[second.plan.issuer_unit_id].results == 21 and rows[first.plan.issuer_unit_id].results == 20


def test_only_a_ministry_and_administrators_see_the_country(client: Any) -> None:
    province = _province("mot", 3, 10)
    url = reverse("execution:national")
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(province.owner)
    assert client.get(url).status_code == 403
    client.force_login(User.objects.create_user(username="qt", role=Role.ADMIN))
    assert client.get(url).status_code == 200
    client.force_login(_ministry_owner())
    page = client.get(url + "?nam=2025").content.decode()
    assert "Tiến độ tuyên truyền cải cách hành chính toàn quốc năm 2025" in page
    assert "UBND tỉnh Thử nghiệm mot" in page and reverse("execution:dashboard", args=[province.plan.pk]) in page
    assert "Tổng hợp toàn quốc theo hình thức tuyên truyền" in page
    assert client.get(url + "?nam=abc").status_code == 200
