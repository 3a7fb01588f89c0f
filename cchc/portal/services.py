"""Writes of the portal: remembering a person's visit to their home page."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from cchc.accounts.models import User
from cchc.portal.models import HomeVisit


@transaction.atomic
def record_home_visit(user: User, now: dt.datetime | None = None) -> dt.datetime | None:
    """Note that `user` opened the home page now; returns the previous visit (None the first time).

    Not audited: it is a personal read marker (like a reminder's read time), not a change to shared data."""
    now = now or timezone.now()
    visit = HomeVisit.objects.select_for_update().filter(user_id=user.pk).first()
    if visit is None:
        HomeVisit.objects.create(user_id=user.pk, seen_at=now)
        return None
    previous = visit.seen_at
    visit.seen_at = now
    visit.save(update_fields=["seen_at"])
    return previous
