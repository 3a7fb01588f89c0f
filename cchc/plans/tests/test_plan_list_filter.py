"""The plan list narrows by locality in the database, accents and case aside (the few distinct localities are
matched, the plans are never all loaded)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cchc.plans import selectors
from cchc.plans.access import readable_plans
from cchc.plans.models import Plan

pytestmark = pytest.mark.django_db


def test_locality_typed_without_accents_finds_the_plan(cast: Any) -> None:
    Plan.objects.filter(pk=cast.plan.pk).update(locality="Bắc Kạn")
    plans = readable_plans(cast.owner)
    assert cast.plan in selectors.in_locality(plans, "bac kan")
    assert cast.plan not in selectors.in_locality(plans, "Tuyên Quang")


def test_the_list_filters_in_a_few_queries_without_loading_every_plan(cast: Any) -> None:
    Plan.objects.filter(pk=cast.plan.pk).update(locality="Bắc Kạn")
    with CaptureQueriesContext(connection) as queries:
        plans = list(selectors.in_locality(readable_plans(cast.owner), "BẮC KẠN"))
    assert cast.plan in plans and len(queries) <= 4  # access (the reader's territory), localities, plans
    client = Client()
    client.force_login(cast.owner)
    page = client.get(reverse("plans:list"), {"locality": "bac kan"})
    assert page.status_code == 200 and cast.plan.title[:30] in page.content.decode()


def test_the_list_comes_in_pages_of_50_searched_and_sorted_and_filters_stay(cast: Any) -> None:
    template = Plan.objects.get(pk=cast.plan.pk)
    for n in range(55):
        template.pk, template.number, template.title = None, f"{n + 1}/KH-UBND", f"Kế hoạch thử số {n + 1:02d}"
        template.save()
    client = Client()
    client.force_login(cast.owner)
    first = client.get(reverse("plans:list"), {"sap_xep": "so", "status": "draft"}).content.decode()
    assert "1–50 / 56 kế hoạch" in first and "Trang 1/2" in first
    assert "status=draft" in first and "trang=2" in first  # the filter is carried into the next page's link
    second = client.get(reverse("plans:list"), {"sap_xep": "so", "status": "draft", "trang": "2"}).content.decode()
    assert "51–56 / 56 kế hoạch" in second
    found = client.get(reverse("plans:list"), {"q": "thử số 07"}).content.decode()
    assert "1–1 / 1 kế hoạch" in found and "Kế hoạch thử số 07" in found
