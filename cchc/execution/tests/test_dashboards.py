"""Dashboards: the owner's aggregates are right and cost the same number of queries for 5 or 40 units."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench import synthetic
from cchc.execution import selectors
from cchc.execution.models import Assignment, Occurrence, Target
from cchc.execution.services import decide_target, issue_plan, log_result, set_activity_pillar

from .conftest import officer_assignment, result_input

D = dt.date


def _dashboard_queries(client: Any, units: int, tag: str) -> int:
    province = synthetic.build_province(tag, units, 4)
    issue_plan(province.owner, province.plan)
    synthetic.add_results(province.plan, units * 10)
    client.force_login(province.owner)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("execution:dashboard", args=[province.plan.pk]))
    assert response.status_code == 200
    assert f"Đơn vị {tag} số 000" in response.content.decode()
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_the_owner_dashboard_costs_the_same_queries_for_5_and_40_units(client: Any) -> None:
    small = _dashboard_queries(client, 5, "nho")
    large = _dashboard_queries(client, 40, "lon")
    assert small == large
    assert large <= 15


@pytest.mark.django_db
def test_the_officer_page_costs_the_same_queries_for_few_or_many_assignments(
    client: Any, django_assert_max_num_queries: Any
) -> None:
    counts = []
    for tag, activities in (("it", 2), ("nhieu", 12)):
        province = synthetic.build_province(tag, 3, activities)
        issue_plan(province.owner, province.plan)
        client.force_login(province.officer)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("execution:my_work")).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(counts[1]):
        client.get(reverse("execution:my_work"))


def test_sql_status_agrees_with_the_pure_status_function(issued: Any) -> None:
    log_result(issued.officer, officer_assignment(issued), result_input(date=D(2024, 3, 15)))
    for today in (D(2023, 12, 1), D(2024, 3, 20), D(2024, 6, 15), D(2025, 1, 1)):
        annotated = Occurrence.objects.filter(plan=issued.plan).annotate(s=selectors.status_expression(today))
        for occ in annotated:
            assert occ.s == occ.status(today)


def test_completion_by_unit_counts_done_windows_among_those_fallen_due(issued: Any) -> None:
    assignment = officer_assignment(issued)
    log_result(issued.officer, assignment, result_input(date=D(2024, 1, 10)))
    rows = {r.key: r for r in selectors.status_counts(issued.plan, "unit", D(2024, 2, 15))}
    mine = rows[issued.officer_unit.pk]
    january = Occurrence.objects.filter(unit=issued.officer_unit, due__lt=D(2024, 2, 15)).count()
    assert mine.counts["done"] == 1
    assert mine.expected == january
    assert mine.completion == round(100 / january, 1)


def test_results_are_totalled_by_kind_and_month_and_targets_compared(issued: Any) -> None:
    assignment = officer_assignment(issued)
    log_result(issued.officer, assignment, result_input(date=D(2024, 3, 1), participants=50))
    log_result(issued.officer, assignment, result_input(date=D(2024, 3, 20), title="Lần 2", participants=70))
    log_result(
        issued.officer,
        assignment,
        result_input(date=D(2024, 4, 2), kind="printed", title="Tờ gấp", participants=None, copies=300),
    )
    kinds = {r.key: r for r in selectors.result_totals(issued.plan, "kind")}
    assert (kinds["conference"].results, kinds["conference"].participants) == (2, 120)
    assert kinds["printed"].copies == 300
    months = {r.key: r.results for r in selectors.result_totals(issued.plan, "month")}
    assert months == {D(2024, 3, 1): 2, D(2024, 4, 1): 1}
    units = selectors.result_totals(issued.plan, "unit")
    assert [(u.key, u.results) for u in units] == [(issued.officer_unit.pk, 3)]
    target = Target.objects.create(
        plan=issued.plan,
        activity=assignment.activity,
        phrase="ít nhất 02 hội nghị",
        description="Ít nhất 2 hội nghị",
        metric="total",
        kinds=["conference"],
        threshold=2,
    )
    assert selectors.target_actuals(issued.plan, D(2025, 1, 1)) == []
    decide_target(issued.owner, target, confirm=True)
    [actual] = selectors.target_actuals(issued.plan, D(2025, 1, 1))
    assert (actual.actual, actual.met) == (2, True)


def test_changing_an_activitys_pillar_moves_its_work_in_the_pillar_view(issued: Any) -> None:
    assignment = officer_assignment(issued)
    log_result(issued.officer, assignment, result_input())
    set_activity_pillar(issued.owner, assignment.activity, "procedures")
    pillars = {r.key for r in selectors.status_counts(issued.plan, "pillar", D(2025, 1, 1))}
    assert "procedures" in pillars
    assert {r.key for r in selectors.result_totals(issued.plan, "pillar")} == {"procedures"}


def test_the_owner_dashboard_shows_charts_tables_and_late_units(issued: Any, client: Any) -> None:
    log_result(issued.officer, officer_assignment(issued), result_input())
    client.force_login(issued.owner)
    page = client.get(reverse("execution:dashboard", args=[issued.plan.pk])).content.decode()
    assert page.count("<svg") == 1 and page.count('<figure class="bars">') == 3  # months; units, pillars, kinds
    assert "Đơn vị chậm, chưa thực hiện" in page and issued.other_unit.name in page
    assert "Hội nghị, tập huấn, hội thảo, tọa đàm" in page
    assert "cdn" not in page.lower()


def _main(page: str) -> str:
    return page.split('<main id="main">')[1].split("</main>")[0]


def _results_shown(page: str) -> int:
    return int(re.search(r"<strong>(\d+)</strong>kết quả đã ghi nhận", page).group(1))  # type: ignore[union-attr]


def test_the_dashboard_is_rendered_once_for_its_readers_until_a_result_is_logged(issued: Any, client: Any) -> None:
    elsewhere = synthetic.build_province("khac", 2, 1)
    issue_plan(elsewhere.owner, elsewhere.plan)
    assignment = Assignment.objects.filter(plan=elsewhere.plan, unit=elsewhere.officer.unit).first()
    url = reverse("execution:dashboard", args=[issued.plan.pk])
    client.force_login(issued.owner)
    with CaptureQueriesContext(connection) as first_queries:
        first = client.get(url).content.decode()
    with CaptureQueriesContext(connection) as again_queries:
        again = client.get(url).content.decode()
    assert _main(again) == _main(first) and _results_shown(first) == 0
    assert len(again_queries) < len(first_queries) - 5  # the figures were not computed again
    client.force_login(issued.leader)
    with CaptureQueriesContext(connection) as leader_queries:
        seen_by_leader = client.get(url).content.decode()
    assert len(leader_queries) < len(first_queries) - 5 and _main(seen_by_leader) == _main(first)
    log_result(elsewhere.officer, assignment, result_input(date=D(2025, 3, 1)))
    with CaptureQueriesContext(connection) as unchanged_queries:
        client.get(url)
    assert len(unchanged_queries) == len(leader_queries)  # another plan's result: still the kept page

    log_result(issued.officer, officer_assignment(issued), result_input())
    assert _results_shown(client.get(url).content.decode()) == 1
    client.force_login(issued.owner)
    assert _results_shown(client.get(url).content.decode()) == 1


def test_the_owner_confirms_a_proposed_target_on_the_targets_page(cast: Any, client: Any) -> None:
    from cchc.plans.services import save_activity

    activity = cast.plan.activities.first()
    save_activity(cast.owner, cast.plan, activity, content=activity.content + " Tổ chức ít nhất 02 buổi đối thoại.")
    issue_plan(cast.owner, cast.plan)
    target = Target.objects.get(plan=cast.plan, activity=activity)
    assert (target.metric, target.threshold, target.status) == ("total", 2, "proposed")
    client.force_login(cast.owner)
    client.post(
        reverse("execution:targets", args=[cast.plan.pk]),
        {"target": target.pk, "decision": "confirm", "threshold": "3"},
    )
    target.refresh_from_db()
    assert (target.status, target.threshold) == ("confirmed", 3)
    client.force_login(cast.leader)
    client.post(reverse("execution:targets", args=[cast.plan.pk]), {"target": target.pk, "decision": "reject"})
    target.refresh_from_db()
    assert target.status == "confirmed"
