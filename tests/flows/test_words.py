"""Plain Vietnamese everywhere: a crawl of the pages each role reaches finds no raw code value, no English enum,
no ISO date and no number with a decimal point in the text a person reads."""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cchc.accounts.models import User
from cchc.plans.models import Plan
from cchc.reporting import services as reporting
from cchc.reporting.models import ReportingPeriod

# Code values that must never reach a reader: enumerations, audit actions, Python literals, ISO dates and times.
RAW = re.compile(
    r"\b(quarterly|semiannual|annual|monthly|weekly|periodic|ongoing|recurring|as_needed|draft|issued|submitted|"
    r"returned|accepted|not_yet_due|portal_news|loudspeaker|True|False|None)\b"
    r"|\b[a-z]+\.[a-z_]+\.[a-z_]+\b"  # plans.plan.updated
    r"|\b\d{4}-\d{2}-\d{2}\b"  # 2025-03-05
    r"|\b\d+\.\d+ ?%"  # 12.5% (a Vietnamese page writes 12,5%)
)
SKIP = ("/api/", "/quan-tri-du-lieu/", "/word/", "/excel/", ".xlsx", "/tai-lieu/", "/dang-xuat/", "/metrics")
MAX_PAGES = 40


class _Text(HTMLParser):
    """The text a person reads (not scripts, styles, code samples or attribute values) and the links."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.links: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "code", "pre", "textarea", "svg"):
            self._hidden += 1
        if tag == "a":
            href = dict(attrs).get("href") or ""
            if href.startswith("/"):
                self.links.append(href.split("#")[0])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "code", "pre", "textarea", "svg"):
            self._hidden = max(0, self._hidden - 1)

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.text.append(data)


def _crawl(client: Client, start: list[str]) -> dict[str, list[str]]:
    """Breadth-first over the site's own links from `start`; returns the raw values found on each page."""
    seen: set[str] = set()
    queue = deque(start)
    found: dict[str, list[str]] = {}
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        if url in seen or any(s in url for s in SKIP):
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code < 500, url
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = _Text()
        parser.feed(response.content.decode())
        hits = sorted({m.group(0) for m in RAW.finditer(" ".join(parser.text))})
        if hits:
            found[url] = hits
        queue.extend(link for link in parser.links if link not in seen)
    assert len(seen) > 10, seen
    return found


@pytest.mark.parametrize("role", ["owner", "officer", "leader"])
def test_every_page_a_role_reaches_speaks_plain_vietnamese(world_reported: Any, role: str) -> None:
    cast = world_reported
    Plan.objects.filter(pk=cast.plan.pk).update(is_public=True)
    # A submitted report (its notable activities carry dates) and the history entries its review writes.
    report = reporting.open_report(
        cast.officer, ReportingPeriod.objects.get(plan=cast.plan, kind="annual"), cast.officer_unit
    )
    reporting.save_report(cast.officer, report, results="Đã thực hiện.", signer_name="Nguyễn Văn An")
    reporting.return_report(cast.owner, reporting.submit_report(cast.officer, report), "Bổ sung số liệu.")
    client = Client()
    user: User = getattr(cast, role)
    client.force_login(user)
    start = [
        reverse("portal:my_home"),
        reverse("reporting:report", args=[report.pk]),
        reverse("plans:detail", args=[cast.plan.pk]),
        reverse("plans:history", args=[cast.plan.pk]),
        reverse("reporting:plan", args=[cast.plan.pk]),
        reverse("execution:public", args=[cast.plan.pk]),
    ]
    assert _crawl(client, start) == {}
