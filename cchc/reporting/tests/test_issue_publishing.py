"""Publishing a plan's progress is a choice made when issuing it, never a default."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cchc.plans.models import Plan


@pytest.mark.parametrize("publish", [True, False])
def test_the_owner_chooses_to_publish_when_issuing(world_seeded: Any, publish: bool) -> None:
    cast = world_seeded
    client = Client()
    client.force_login(cast.owner)
    page = client.get(reverse("issuing:issue", args=[cast.plan.pk])).content.decode()
    assert 'name="cong_khai"' in page and "checked" not in page.split('name="cong_khai"', 1)[1].split(">", 1)[0]
    client.post(reverse("issuing:issue", args=[cast.plan.pk]), {"cong_khai": "1"} if publish else {})
    plan = Plan.objects.get(pk=cast.plan.pk)
    assert plan.status == "issued" and plan.is_public is publish
    listed = Client().get(reverse("portal:plans")).content.decode()
    assert (reverse("execution:public", args=[plan.pk]) in listed) is publish


def test_only_the_owner_office_can_issue_and_publish(world_seeded: Any) -> None:
    cast = world_seeded
    for user in (cast.officer, cast.leader, cast.outsider):
        client = Client()
        client.force_login(user)
        response = client.post(reverse("issuing:issue", args=[cast.plan.pk]), {"cong_khai": "1"})
        assert response.status_code == 404
    assert not Plan.objects.get(pk=cast.plan.pk).is_public
