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
