"""Done when: Tuyên Quang's indices show with trends — on the owner office's and the leader's own pages of the demo,
Tuyên Quang's published PAR INDEX, PAPI, PCI and DTI year by year (chart and table with sources), and Hà Giang's,
merged into Tuyên Quang on 1 July 2025, beside them."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from cchc.accounts.models import User
from cchc.demo.seeding import setup_demo


def test_the_owner_and_the_leader_see_tuyen_quangs_indices_with_trends(db: Any) -> None:
    setup_demo()
    for username in ("sonoivu", "lanhdao"):
        client = Client()
        client.force_login(User.objects.get(username=username))
        page = client.get(reverse("portal:my_home")).content.decode()
        assert "Chỉ số đánh giá của địa phương" in page, username
        assert "PAR INDEX — Chỉ số cải cách hành chính · Tuyên Quang" in page
        # The trend: 2020 → 2021 as a chart, and the same figures in the table beside it.
        assert "PAR INDEX của Tuyên Quang qua các năm" in page and "+2,76" in page
        assert "83,81%" in page and "86,57%" in page and "34/63" in page
        assert "DTI — Chỉ số chuyển đổi số cấp tỉnh · Tuyên Quang" in page and "0,6735" in page
        # DTI: one value but four ranks published, so the chart follows the rank (44 → 58 → 48 → 38).
        assert "Thứ hạng DTI của Tuyên Quang qua các năm" in page and "58/63" in page
        assert "Chính quyền số" in page and "https://doingoai.tuyenquang.gov.vn/" in page
        assert "PCI — Chỉ số năng lực cạnh tranh cấp tỉnh · Hà Giang" in page and "64,39" in page
    # An officer's own page lists tasks, not the province's indices.
    client = Client()
    client.force_login(User.objects.get(username="sovhttdl"))
    assert "Chỉ số đánh giá của địa phương" not in client.get(reverse("portal:my_home")).content.decode()
