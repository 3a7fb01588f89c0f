"""A unit's score explained on its page: each criterion, the figures measured, the rule applied, the points; read
by those who read the plan's scores and by the unit itself, by no other unit."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from cchc.reporting import services
from cchc.reporting.models import UnitScore
from cchc.reporting.scoring import DEFAULT_RUBRIC, explain, parse_rubric


def _page(user: Any, plan: Any, unit: Any) -> Any:
    client = Client()
    client.force_login(user)
    return client.get(reverse("reporting:unit_score", args=[plan.pk, unit.pk]) + "?nam=2024")


def test_each_criterion_says_what_was_measured_and_how_it_became_points() -> None:
    rubric = parse_rubric(DEFAULT_RUBRIC)
    measures = {"assignments_done": 0.85, "forms:web_social": 1.0, "forms:screen": 0.0, "forms:traditional": 1.0}
    lines = {line.code: line for line in explain(rubric, measures, {"assignments_done": "17/20 nhiệm vụ"})}
    done = lines["4.1"]
    assert done.earned == 0 and done.basis == "17/20 nhiệm vụ"
    assert done.reason == "Đạt 85%, dưới ngưỡng 90%: 0/1 điểm."
    assert lines["4.2.1.a"].reason == "Chưa thực hiện: 0/0,25 điểm."
    assert lines["4.2.1.b"].reason == "Có thực hiện: 0,25/0,25 điểm."
    assert lines["4.2"].earned == 0.75 and lines["4.2"].measure == ""
    later = {line.code: line for line in explain(rubric, {**measures, "assignments_done": 0.95}, {})}
    assert later["4.1"].reason == "Đạt 95%, từ ngưỡng 90% đến dưới 100%, điểm theo tỷ lệ: 0,95/1 điểm."
    assert later["4.1"].earned == 0.95


def test_the_units_page_explains_its_stored_score_with_the_figures_behind_it(issued: Any) -> None:
    services.compute_scores(issued.owner, issued.plan, 2024)
    stored = UnitScore.objects.get(plan=issued.plan, unit=issued.officer_unit, year=2024)
    response = _page(issued.owner, issued.plan, issued.officer_unit)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Tỷ lệ nhiệm vụ được giao đã hoàn thành" in page and "nhiệm vụ có kỳ đến hạn đã hoàn thành" in page
    assert "Hình thức đã dùng:" in page and "Điểm được tính thế nào" in page
    total = f"{stored.total:g}".replace(".", ",")
    assert f"{issued.officer_unit.name}: {total}/2 điểm năm 2024" in page
    scores = Client()
    scores.force_login(issued.owner)
    listing = scores.get(reverse("reporting:scores", args=[issued.plan.pk]) + "?nam=2024").content.decode()
    assert reverse("reporting:unit_score", args=[issued.plan.pk, issued.officer_unit.pk]) in listing


def test_the_unit_reads_its_own_explanation_and_no_other_units(issued: Any) -> None:
    services.compute_scores(issued.owner, issued.plan, 2024)
    assert _page(issued.officer, issued.plan, issued.officer_unit).status_code == 200
    assert _page(issued.other_officer, issued.plan, issued.officer_unit).status_code == 404
    assert _page(issued.outsider, issued.plan, issued.officer_unit).status_code == 404
