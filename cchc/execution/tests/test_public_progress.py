"""The public accountability page: only for plans the owner published, with no personal data."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from cchc.execution.services import log_result
from cchc.plans.services import update_plan

from .conftest import officer_assignment, result_input


def test_an_unpublished_plan_has_no_public_page(issued: Any, client: Any) -> None:
    assert client.get(reverse("execution:public", args=[issued.plan.pk])).status_code == 404


def test_a_published_plan_shows_each_activitys_progress_without_names(issued: Any, client: Any) -> None:
    issued.officer.first_name, issued.officer.last_name, issued.officer.email = "Văn", "Nguyễn", "a@b.vn"
    issued.officer.save()
    log_result(issued.officer, officer_assignment(issued), result_input(note="Liên hệ anh Nguyễn Văn"))
    update_plan(issued.owner, issued.plan, is_public=True)
    page = client.get(reverse("execution:public", args=[issued.plan.pk])).content.decode()
    assert "Tiến độ từng nhiệm vụ" in page and '<figure class="bars">' in page
    assert issued.plan.activities.first().ref + "." in page
    for private in ("Nguyễn Văn", "a@b.vn", issued.officer.username, "Hội nghị tuyên truyền CCHC quý I"):
        assert private not in page


def test_a_plan_without_an_appendix_shows_the_progress_of_its_responsibilities(cast: Any, client: Any) -> None:
    from cchc.execution.services import issue_plan
    from cchc.plans.models import Plan

    province_plan = Plan.objects.exclude(pk=cast.plan.pk).get()
    assert not province_plan.activities.exists()
    issue_plan(None, province_plan)
    update_plan(None, province_plan, is_public=True)
    page = client.get(reverse("execution:public", args=[province_plan.pk])).content.decode()
    first = province_plan.responsibilities.first()
    assert first.duties[0][:40] in page and "Kế hoạch chưa có nhiệm vụ" not in page


def test_the_public_page_dates_each_activitys_latest_results_without_their_titles(issued: Any, client: Any) -> None:
    log_result(issued.officer, officer_assignment(issued), result_input(participants=1234))
    update_plan(issued.owner, issued.plan, is_public=True)
    page = client.get(reverse("execution:public", args=[issued.plan.pk])).content.decode()
    assert "Hội nghị, tập huấn, hội thảo, tọa đàm, 1.234 người tham dự" in page
    assert "Hội nghị tuyên truyền CCHC quý I" not in page
