"""The public list of published plans: only published ones, filtered by locality, level and year, paged."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from cchc.plans.models import Plan, PlanStatus


def test_only_published_plans_are_listed_and_the_home_page_links_the_list(world_issued: Any) -> None:
    plan = world_issued.plan
    client = Client()
    assert reverse("portal:plans") in client.get(reverse("portal:home")).content.decode()
    page = client.get(reverse("portal:plans")).content.decode()
    assert reverse("execution:public", args=[plan.pk]) not in page  # issued, but not published
    Plan.objects.filter(pk=plan.pk).update(is_public=True)
    page = client.get(reverse("portal:plans")).content.decode()
    assert reverse("execution:public", args=[plan.pk]) in page
    # A draft never shows, even marked public.
    draft = Plan.objects.exclude(pk=plan.pk).first()
    assert draft is not None and draft.status == PlanStatus.DRAFT
    Plan.objects.filter(pk=draft.pk).update(is_public=True)
    assert reverse("execution:public", args=[draft.pk]) not in client.get(reverse("portal:plans")).content.decode()


def test_filters_search_and_absurd_parameters(world_issued: Any) -> None:
    plan = world_issued.plan
    Plan.objects.filter(pk=plan.pk).update(is_public=True)
    client = Client()
    url = reverse("portal:plans")
    link = reverse("execution:public", args=[plan.pk])
    assert link in client.get(url, {"nam": str(plan.year), "cap": plan.level}).content.decode()
    assert link not in client.get(url, {"cap": "commune"}).content.decode()
    assert link in client.get(url, {"q": plan.title.split()[0].lower()}).content.decode()
    assert link not in client.get(url, {"q": "không-có-kế-hoạch-này"}).content.decode()
    for params in (
        {"trang": "99999999999999"},
        {"trang": "-1"},
        {"nam": "0"},
        {"nam": "x' OR 1=1"},
        {"cap": "<script>"},
        {"sap_xep": "password", "giam": "maybe"},
        {"q": "a" * 5000},
    ):
        response = client.get(url, params)
        assert response.status_code == 200, params
        assert "<script>" not in response.content.decode().split("</header>", 1)[1].replace("<script src", "")
