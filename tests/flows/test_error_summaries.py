"""A form sent with mistakes says so at the top (GOV.UK error summary: focused, each error linked to its field) as
well as at each field, on the main forms of every app."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from cchc.execution.models import Assignment


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    cache.clear()  # the feedback form's rate limit


def _summary(html: str) -> str:
    found = re.search(r'<div class="error-summary" role="alert"[^>]*data-focus>(.*?)</div>', html, re.S)
    assert found, "no error summary at the top"
    return found.group(1)


def test_the_main_forms_summarise_their_errors_at_the_top(world_issued: Any) -> None:
    cast = world_issued
    officer = Client()
    officer.force_login(cast.officer)
    assignment = Assignment.objects.filter(plan=cast.plan, unit=cast.officer_unit).order_by("pk")[0]
    page = officer.post(reverse("execution:log_result", args=[assignment.pk]), {"date": "31/02/2024"}).content
    assert 'href="#id_date"' in _summary(page.decode())

    owner = Client()
    owner.force_login(cast.owner)
    page = owner.post(reverse("plans:create"), {"title": ""}).content.decode()
    assert 'href="#id_title"' in _summary(page)

    page = Client().post(reverse("feedback:new"), {"content": ""}).content.decode()
    assert 'href="#id_content"' in _summary(page)
