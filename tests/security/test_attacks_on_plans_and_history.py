"""The reproductions of issue 9's access findings, tried as the attacker did; each must now do no harm.

1. An owner office imports plan JSON naming another province's plan (same issuer and number) to take it over.
2. An owner office imports a plan in another body's name and issues it, to put tasks on that body's units.
3. An officer reads another unit's draft report, results and import file names on the plan history page.
11. A token client writes through the API (no CSRF token), with the plan JSON as the request body.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cchc.accounts.services import create_token
from cchc.core.models import AuditEntry
from cchc.execution.models import Assignment
from cchc.execution.services import ExecutionError
from cchc.plans.models import Plan
from cchc.plans.services import PlanAccessError, export_plan_json, import_plan_json
from cchc.reporting.services import issue_plan
from tests.security.conftest import World

pytestmark = pytest.mark.django_db


def _login(user: Any) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def _csrf_post(client: Client, url: str, data: dict[str, Any]) -> Any:
    """A POST as the browser sends it: with the CSRF token of the form page."""
    client.get(url)
    return client.post(url, {**data, "csrfmiddlewaretoken": client.cookies["csrftoken"].value})


def _takeover_json(target: Plan, **changes: Any) -> dict[str, Any]:
    raw = export_plan_json(target)
    return {**raw, "title": "Kế hoạch đã bị chiếm", "activities": [], "responsibilities": [], **changes}


def _plan_state(plan: Plan) -> tuple[Any, ...]:
    plan.refresh_from_db()
    return plan.title, plan.owner_unit_id, plan.issuer_unit_id, plan.activities.count(), plan.mentions.count()


def test_1_importing_json_that_names_another_provinces_plan_changes_nothing(w: World) -> None:
    target = w.away.plan
    Plan.objects.filter(pk=target.pk).update(status="draft")  # even a draft, which imports may overwrite
    before, audit = _plan_state(target), AuditEntry.objects.count()
    upload = SimpleUploadedFile("k.json", json.dumps(_takeover_json(target), ensure_ascii=False).encode())
    response = _csrf_post(_login(w.home.owner), reverse("plans:import_json"), {"file": upload})
    assert response.status_code == 200
    assert "do cơ quan khác theo dõi" in response.content.decode()
    assert _plan_state(target) == before and AuditEntry.objects.count() == audit
    # The owner office still reaches its own plan.
    assert _login(w.away.owner).get(reverse("plans:detail", args=[target.pk])).status_code == 200


def test_1_the_same_takeover_through_the_api_and_the_service_is_refused(w: World) -> None:
    target = w.away.plan
    Plan.objects.filter(pk=target.pk).update(status="draft")
    before = _plan_state(target)
    key = create_token(None, w.home.owner, "tan-cong")
    response = Client(enforce_csrf_checks=True).post(
        reverse("api:list_plans"),
        _takeover_json(target),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )
    assert response.status_code == 403 and "cơ quan khác theo dõi" in response.json()["detail"]
    with pytest.raises(PlanAccessError):
        import_plan_json(w.home.owner, _takeover_json(target))
    assert _plan_state(target) == before


def test_1_the_owner_office_updates_its_own_draft_and_keeps_it(w: World) -> None:
    plan = w.home.plan
    Plan.objects.filter(pk=plan.pk).update(status="draft")
    owner_unit = plan.owner_unit_id
    result = import_plan_json(w.home.owner, _takeover_json(plan, title="Kế hoạch đã soát lại"))
    assert result.plan.pk == plan.pk and not result.created
    assert _plan_state(plan)[:2] == ("Kế hoạch đã soát lại", owner_unit)


def test_1_an_administrators_import_never_moves_ownership(w: World) -> None:
    plan = w.away.plan
    Plan.objects.filter(pk=plan.pk).update(status="draft")
    owner_unit = plan.owner_unit_id
    import_plan_json(w.admin, _takeover_json(plan), owner_unit=w.home.owner.unit)
    assert _plan_state(plan)[1] == owner_unit


def test_2_a_new_plan_in_another_bodys_name_is_refused_on_every_path(w: World) -> None:
    raw = _takeover_json(w.away.plan, number="99/KH-UBND", source="khac.txt", title="Nộp ngay báo cáo mật")
    count = Plan.objects.count()
    upload = SimpleUploadedFile("k.json", json.dumps(raw, ensure_ascii=False).encode())
    page = _csrf_post(_login(w.home.owner), reverse("plans:import_json"), {"file": upload})
    assert "Bạn chỉ tạo được kế hoạch do UBND huyện Chợ Đồn ban hành" in page.content.decode()
    key = create_token(None, w.home.owner, "tan-cong")
    api = Client().post(
        reverse("api:list_plans"), raw, content_type="application/json", HTTP_AUTHORIZATION=f"Token {key}"
    )
    assert api.status_code == 403
    # Writing in the officer's own unit's name does not help either: officers create no plans.
    with pytest.raises(PlanAccessError):
        import_plan_json(w.away.officer, raw, owner_unit=w.away.officer.unit)
    assert Plan.objects.count() == count


def test_2_a_plan_already_in_another_bodys_name_cannot_be_issued_to_its_units(w: World) -> None:
    """A plan that got in before the fix (issuer Tuyên Quang, followed by Chợ Đồn's office) stays inert."""
    raw = _takeover_json(w.away.plan, number="98/KH-UBND", source="cu.txt")
    raw["responsibilities"] = [{"ref": "1", "units": ["Sở Tư pháp"], "mode": "assigned", "duties": ["Nộp ngay"]}]
    planted = import_plan_json(None, raw, owner_unit=w.home.owner.unit).plan
    assert planted.issuer_unit == w.away.plan.issuer_unit
    with pytest.raises(ExecutionError, match="Bạn chỉ tạo được kế hoạch do UBND huyện Chợ Đồn ban hành"):
        issue_plan(w.home.owner, planted)
    response = _csrf_post(_login(w.home.owner), reverse("issuing:issue", args=[planted.pk]), {})
    assert response.status_code == 302
    assert not Assignment.objects.filter(plan=planted).exists()
    task = _login(w.away.other_officer).get(reverse("execution:my_work")).content.decode()
    assert "Nộp ngay" not in task


def test_2_issuing_reaches_only_units_of_the_issuers_territory(w: World) -> None:
    """Even a mention mapped by hand to another province's unit gets no assignment."""
    plan = w.home.plan
    mention = plan.mentions.filter(unit__isnull=False).order_by("pk")[0]
    type(mention).objects.filter(pk=mention.pk).update(unit=w.away.other_officer.unit)
    issue_plan(w.home.owner, plan)
    assert not Assignment.objects.filter(plan=plan, unit=w.away.other_officer.unit, is_active=True).exists()
    assert Assignment.objects.filter(plan=plan, is_active=True).exists()


@pytest.mark.parametrize("who", ["other_officer", "officer"])
def test_3_the_history_shows_no_other_units_draft_results_or_files(w: World, who: str) -> None:
    home = w.home
    reader = getattr(home, who)
    own, other = ("DV2", "DV1") if who == "other_officer" else ("DV1", "DV2")
    html = _login(reader).get(reverse("plans:history", args=[home.plan.pk])).content.decode()
    assert f"{home.mark}-{own}" in html  # the unit's own work is there
    for secret in home.marks(other, "NHAP") if who == "officer" else home.marks(other):
        assert secret not in html, secret


def test_3_the_owner_and_leader_see_the_units_work_but_not_an_unsubmitted_draft(w: World) -> None:
    home = w.home
    for reader in (home.owner, home.leader):
        html = _login(reader).get(reverse("plans:history", args=[home.plan.pk])).content.decode()
        assert f"{home.mark}-DV1" in html and f"{home.mark}-DV2" in html, reader.username
        assert f"{home.mark}-NHAP" not in html, reader.username
    html = _login(w.admin).get(reverse("plans:history", args=[home.plan.pk])).content.decode()
    assert f"{home.mark}-NHAP" in html  # the administrator repairs data and sees everything


def test_3_another_provinces_officer_reaches_no_history(w: World) -> None:
    assert _login(w.away.officer).get(reverse("plans:history", args=[w.home.plan.pk])).status_code == 404


def test_11_a_token_client_posts_plan_json_as_the_body_without_csrf(w: World) -> None:
    key = create_token(None, w.home.owner, "he-thong-khac")
    raw = _takeover_json(w.home.plan, number="97/KH-UBND", source="moi.txt", title="Kế hoạch qua API")
    response = Client(enforce_csrf_checks=True).post(
        reverse("api:list_plans"), raw, content_type="application/json", HTTP_AUTHORIZATION=f"Token {key}"
    )
    assert response.status_code == 201, response.content
    plan = Plan.objects.get(pk=response.json()["id"])
    assert plan.title == "Kế hoạch qua API" and plan.owner_unit == w.home.owner.unit


def test_11_a_token_client_writes_results_and_reports_without_csrf(w: World) -> None:
    officer = w.home.officer
    headers = {"HTTP_AUTHORIZATION": f"Token {create_token(None, officer, 'app')}"}
    client = Client(enforce_csrf_checks=True)
    assignment = w.home.unit_ids[1]["assignment_id"]
    day = (w.home.plan.period_start.replace(day=25)).isoformat()
    body = {"date": day, "kind": "conference", "title": "Hội nghị qua API", "participants": 12}
    created = client.post(
        reverse("api:list_results", args=[assignment]), body, content_type="application/json", **headers
    )
    assert created.status_code in (200, 201), created.content
    report = client.post(reverse("api:open_my_report", args=[w.home.ids["period_id"]]), **headers)
    assert report.status_code == 200, report.content


def test_11_a_session_still_needs_the_csrf_token_and_a_bad_token_is_refused(w: World) -> None:
    raw = _takeover_json(w.home.plan, number="96/KH-UBND", source="phien.txt")
    session = _login(w.home.owner)
    forged = session.post(reverse("api:list_plans"), raw, content_type="application/json")
    assert forged.status_code == 403 and "CSRF" in forged.json()["detail"]
    wrong = Client().post(
        reverse("api:list_plans"), raw, content_type="application/json", HTTP_AUTHORIZATION="Token sai"
    )
    assert wrong.status_code == 401
    assert not Plan.objects.filter(number__in=["96/KH-UBND"]).exists()


def test_another_provinces_plan_units_page_is_not_found(w: World) -> None:
    """Found by the generated permission matrix: the page answered 200 (empty) for a plan the reader cannot read."""
    url = reverse("execution:plan_units", args=[w.away.plan.pk])
    for user in (w.home.owner, w.home.officer, w.home.leader, w.public):
        assert _login(user).get(url).status_code == 404, user.username
    assert w.away.mark in _login(w.away.owner).get(url).content.decode()
