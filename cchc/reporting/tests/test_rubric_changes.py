"""Changing the rubric is audited and every year's scores are recomputed; a bad rubric changes nothing."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cchc.core.models import AuditEntry
from cchc.reporting import services
from cchc.reporting.models import Rubric, UnitScore
from cchc.reporting.scoring import DEFAULT_RUBRIC, RubricError


def test_a_new_rubric_is_audited_and_scores_are_recomputed(issued: Any) -> None:
    services.compute_scores(issued.owner, issued.plan, 2024)
    assert UnitScore.objects.get(plan=issued.plan, unit=issued.officer_unit).total == 1
    evidence_only = {
        "name": "Tài liệu kiểm chứng",
        "total": 10,
        "criteria": [
            {
                "code": "1",
                "title": "Có tài liệu kiểm chứng",
                "points": 10,
                "measure": "forms:traditional",
                "rule": "any",
            }
        ],
    }
    services.set_rubric(issued.owner, issued.plan, evidence_only)
    assert UnitScore.objects.get(plan=issued.plan, unit=issued.officer_unit).total == 10
    entry = AuditEntry.objects.get(action="reporting.rubric.updated")
    assert entry.before == {"definition": None} and entry.after["definition"]["total"] == 10
    assert AuditEntry.objects.filter(action="reporting.scores.computed").count() == 2


def test_a_rubric_whose_points_do_not_add_up_changes_nothing(issued: Any) -> None:
    bad = copy.deepcopy(DEFAULT_RUBRIC)
    bad["total"] = 3
    with pytest.raises(RubricError, match="không bằng tổng điểm"):
        services.set_rubric(issued.owner, issued.plan, bad)
    assert not Rubric.objects.exists()
    client = Client()
    client.force_login(issued.owner)
    form = _form_data(client, issued.plan.pk)
    form["total"] = "3"
    form["tc-0-points"] = "1,5"  # criterion 4.1 now worth more than the 2 points the total says
    response = client.post(reverse("reporting:rubric", args=[issued.plan.pk]), form)
    page = response.content.decode()
    assert response.status_code == 400 and "Có lỗi cần sửa" in page
    assert "Tổng điểm (3) không bằng tổng điểm các tiêu chí (2,5)." in page
    assert 'value="1,5"' in page  # what was typed is kept
    assert not Rubric.objects.exists()


def _form_data(client: Client, plan_id: int) -> dict[str, str]:
    """The rubric form as the page fills it (the plan's current rubric), ready to post back."""
    response = client.get(reverse("reporting:rubric", args=[plan_id]))
    form = response.context["form"]
    rows = response.context["rows"]
    data = {name: str(value) for name, value in form.initial.items()}
    data.update({f"tc-{key}": str(value) for key, value in rows.management_form.initial.items()})
    for index, initial in enumerate(rows.initial):
        data.update({f"tc-{index}-{key}": str(value) for key, value in initial.items()})
    return data


def test_the_rubric_is_edited_as_a_form_with_vietnamese_labels_and_decimal_commas(issued: Any) -> None:
    client = Client()
    client.force_login(issued.owner)
    page = client.get(reverse("reporting:rubric", args=[issued.plan.pk])).content.decode()
    assert "Tỷ lệ nhiệm vụ được giao đã hoàn thành" in page and "Có thực hiện được điểm tối đa" in page
    assert "assignments_done</option>" not in page and '"criteria"' not in page  # labels, not keys or JSON
    form = _form_data(client, issued.plan.pk)
    assert form["tc-3-code"] == "4.2.1.a" and form["tc-3-points"] == "0,25"
    # Split 4.1 into two children worth 0,5 each: one on completion (threshold 80%), one on evidence.
    form.update({"tc-0-measure": "", "tc-TOTAL_FORMS": str(int(form["tc-TOTAL_FORMS"]) + 2)})
    n = int(form["tc-TOTAL_FORMS"]) - 2
    for i, (code, measure, rule) in enumerate(
        [("4.1.1", "assignments_done", "threshold"), ("4.1.2", "evidence_present", "proportional")], n
    ):
        form.update(
            {
                f"tc-{i}-code": code,
                f"tc-{i}-title": f"Tiêu chí {code}",
                f"tc-{i}-points": "0,5",
                f"tc-{i}-measure": measure,
                f"tc-{i}-rule": rule,
                f"tc-{i}-threshold": "80",
            }
        )
    response = client.post(reverse("reporting:rubric", args=[issued.plan.pk]), form)
    assert response.status_code == 302, response.content.decode()[:3000]
    stored = Rubric.objects.get(plan=issued.plan).definition
    first = stored["criteria"][0]
    assert first["code"] == "4.1" and "measure" not in first
    assert [(c["code"], c["points"], c["threshold"]) for c in first["children"]] == [
        ("4.1.1", 0.5, 0.8),
        ("4.1.2", 0.5, 0.8),
    ]
    assert UnitScore.objects.filter(plan=issued.plan).exists()
