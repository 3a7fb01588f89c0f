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
    response = client.post(reverse("reporting:rubric", args=[issued.plan.pk]), {"definition": '{"total": 3'})
    assert response.status_code == 200 and "Không đọc được JSON" in response.content.decode()
    assert not Rubric.objects.exists()
