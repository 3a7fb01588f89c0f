"""Every role against every plan write: who may, and that the others change nothing."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.core.models import AuditEntry
from cchc.plans.models import Activity, Plan, UnitMention
from conftest import seed_plan_json

ROLES = ["admin", "owner", "officer", "other_officer", "outsider", "leader", "public", "anonymous"]
WRITERS = {"admin", "owner"}


def _login(client, cast, role):
    if role != "anonymous":
        client.force_login(getattr(cast, role))


def _state(plan):
    plan.refresh_from_db()
    return (
        plan.title,
        plan.number,
        plan.activities.count(),
        AuditEntry.objects.count(),
        list(plan.mentions.values_list("unit_id", "group_id")),
    )


WRITES = {
    "edit plan": lambda plan: (
        reverse("plans:edit", args=[plan.pk]),
        {"title": "Tiêu đề mới", "period_start": "01/01/2024", "period_end": "31/12/2024", "number": "09/KH-UBND"},
    ),
    "add activity": lambda plan: (
        reverse("plans:activity_add", args=[plan.pk]),
        {
            "ref": "99",
            "source": "appendix",
            "content": "Tọa đàm về CCHC",
            "timing_kind": "ongoing",
            "lead": "Phòng Nội vụ",
        },
    ),
    "edit activity": lambda plan: (
        reverse("plans:activity_edit", args=[plan.pk, plan.activities.first().pk]),
        {"ref": "1", "source": "appendix", "content": "Nội dung đã sửa", "timing_kind": "ongoing"},
    ),
    "delete activity": lambda plan: (reverse("plans:activity_delete", args=[plan.pk, plan.activities.first().pk]), {}),
    "map mention": lambda plan: (
        reverse("plans:mention_map", args=[plan.pk, plan.mentions.first().pk]),
        {"target": f"unit:{plan.owner_unit_id}"},
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("write", list(WRITES))
def test_only_admins_and_the_owner_office_can_change_a_plan(client, cast, role, write):
    plan = cast.plan
    UnitMention.objects.filter(pk=plan.mentions.first().pk).update(unit=None, group=None)
    before = _state(plan)
    _login(client, cast, role)
    url, data = WRITES[write](plan)
    response = client.post(url, data)
    if role in WRITERS:
        assert response.status_code == 302, response.content.decode()[:500]
        assert _state(plan) != before
    else:
        assert response.status_code in (302, 404) if role == "anonymous" else response.status_code == 404
        if role == "anonymous":
            assert "/tai-khoan/dang-nhap/" in response["Location"]
        assert _state(plan) == before


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_importing_a_plan_file_is_for_admins_and_owner_offices(client, cast, role):
    _login(client, cast, role)
    # A new plan (new number, new source) in the name of the owner office's own People's Committee.
    raw = {**seed_plan_json("001"), "number": "99/KH-UBND", "source": "ke-hoach-moi.txt"}
    count = Plan.objects.count()
    upload = SimpleUploadedFile("k.json", json.dumps(raw, ensure_ascii=False).encode())
    response = client.post(reverse("plans:import_json"), {"file": upload})
    if role in WRITERS:
        assert response.status_code == 302 and Plan.objects.count() == count + 1
    else:
        assert response.status_code in (302, 403) and Plan.objects.count() == count


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_creating_a_plan_is_for_owner_offices(client, cast, role):
    _login(client, cast, role)
    count = Plan.objects.count()
    response = client.post(
        reverse("plans:create"),
        {"title": "Tuyên truyền CCHC năm 2026", "period_start": "01/01/2026", "period_end": "31/12/2026"},
    )
    if role == "owner":
        assert response.status_code == 302
        plan = Plan.objects.latest("pk")
        assert plan.owner_unit == cast.owner.unit and plan.issuer_unit == cast.plan.issuer_unit
    elif role == "admin":
        assert response.status_code == 200 and Plan.objects.count() == count  # no unit to issue from
    else:
        assert response.status_code in (302, 403) and Plan.objects.count() == count


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role,can_read",
    [
        ("admin", True),
        ("owner", True),
        ("leader", True),
        ("officer", False),
        ("other_officer", False),
        ("outsider", False),
        ("public", False),
    ],
)
def test_who_reads_a_draft_plan(client, cast, role, can_read):
    client.force_login(getattr(cast, role))
    response = client.get(reverse("plans:detail", args=[cast.plan.pk]))
    assert response.status_code == (200 if can_read else 404)
    api = client.get(reverse("api:get_plan", args=[cast.plan.pk]))
    assert api.status_code == (200 if can_read else 404)


@pytest.mark.django_db
def test_officers_of_the_territory_read_an_issued_plan_but_not_another_provinces(client, cast):
    Plan.objects.filter(pk=cast.plan.pk).update(status="issued")
    client.force_login(cast.officer)
    assert client.get(reverse("plans:detail", args=[cast.plan.pk])).status_code == 200
    client.force_login(cast.outsider)
    assert client.get(reverse("plans:detail", args=[cast.plan.pk])).status_code == 404


@pytest.mark.django_db
def test_the_api_accepts_a_token_and_applies_the_same_rules(client, cast):
    from cchc.accounts.services import create_token

    key = create_token(None, cast.outsider)
    assert (
        client.get(reverse("api:get_plan", args=[cast.plan.pk]), HTTP_AUTHORIZATION=f"Token {key}").status_code == 404
    )
    key = create_token(None, cast.owner)
    response = client.get(reverse("api:get_plan", args=[cast.plan.pk]), HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200 and response.json()["issuer"] == "UBND huyện Chợ Đồn"
    assert client.get(reverse("api:list_plans")).status_code == 401


@pytest.mark.django_db
def test_an_edit_records_who_changed_what_before_and_after(client, cast):
    client.force_login(cast.owner)
    activity = cast.plan.activities.first()
    old = activity.content
    client.post(
        reverse("plans:activity_edit", args=[cast.plan.pk, activity.pk]),
        {"ref": activity.ref, "source": activity.source, "content": "Nội dung đã sửa", "timing_kind": "ongoing"},
    )
    entry = AuditEntry.objects.filter(action="plans.activity.updated").get()
    assert entry.actor == cast.owner and entry.before["content"] == old and entry.after["content"] == "Nội dung đã sửa"
    page = client.get(reverse("plans:history", args=[cast.plan.pk])).content.decode()
    assert "Sửa nhiệm vụ" in page and "plans.activity.updated" not in page and "Nội dung đã sửa" in page
    assert Activity.objects.get(pk=activity.pk).content == "Nội dung đã sửa"
