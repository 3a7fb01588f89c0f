"""Parallel bursts on publishing: «Đăng» pressed in ten tabs at once, and five workers sending the same
publication at once. Each channel gets one publication, sent once, logged once. PostgreSQL only, where requests
really interleave (SQLite serialises writers)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from cchc.execution.models import LoggedResult
from cchc.execution.tests.test_races import burst
from cchc.publishing import services
from cchc.publishing.models import Publication, PublicationStatus
from cchc.publishing.tests.support import accounts, approved, draft

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises writers; races need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def test_publishing_pressed_ten_times_at_once_sends_each_channel_once(
    world_issued: Any, fake: Any, plan_day: Any
) -> None:
    """Each press sends (inline, as the embedded default does after commit) what has not gone out yet."""
    cast = world_issued
    accounts(cast)
    piece = approved(cast, draft(cast, ["portal", "facebook", "zalo", "poster"]))
    outcomes = burst([lambda: services.publish_piece(cast.officer, piece) for _ in range(10)])
    assert not [o for o in outcomes if isinstance(o, Exception)]
    publications = list(Publication.objects.filter(piece=piece))
    assert sorted(p.channel for p in publications) == ["facebook", "portal", "poster", "zalo"]
    # Five workers picking up each publication at the same moment: one sends, the others find it sent.
    for publication in publications:
        burst([lambda pk=publication.pk: services.send_publication(pk) for _ in range(5)])
    assert set(Publication.objects.filter(piece=piece).values_list("status", flat=True)) == {PublicationStatus.SENT}
    assert sorted(path for path, _, _ in fake.calls) == ["/1234567890/feed", "/v2.0/article/create"]
    assert LoggedResult.objects.filter(assignment=piece.assignment, date=plan_day).count() == 4
