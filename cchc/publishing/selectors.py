"""What the publishing pages show: a month of pieces and of the work due that a piece could carry out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet

from cchc.accounts.types import Viewer
from cchc.core.calendar import month_end
from cchc.execution.access import loggable_assignments
from cchc.execution.models import Occurrence
from cchc.publishing.access import readable_pieces
from cchc.publishing.models import ChannelAccount, Piece, PieceStatus, PublicationStatus
from cchc.units.models import Unit


@dataclass
class Day:
    date: dt.date
    pieces: list[Piece] = field(default_factory=list)
    due: list[Occurrence] = field(default_factory=list)


def month_start(text: str | None, today: dt.date) -> dt.date:
    """The first day of the month written `YYYY-MM` (this month when absent or not a month)."""
    try:
        year, month = (int(part) for part in (text or "").split("-"))
        return dt.date(year, month, 1)
    except ValueError:
        return today.replace(day=1)


def week_start(text: str | None, today: dt.date) -> dt.date:
    """The Monday of the week holding the day written `YYYY-MM-DD` (this week when absent or not a date)."""
    try:
        day = dt.date.fromisoformat(text or "")
    except ValueError:
        day = today
    return day - dt.timedelta(days=day.weekday())


def period_days(user: Viewer, first: dt.date, last: dt.date) -> list[Day]:
    """Each day from `first` to `last` with the pieces planned on it and the unit's occurrences due on it with no
    result yet."""
    days = {first + dt.timedelta(days=n): Day(first + dt.timedelta(days=n)) for n in range((last - first).days + 1)}
    for piece in readable_pieces(user).filter(scheduled_for__range=(first, last)).order_by("scheduled_for", "pk"):
        days[piece.scheduled_for].pieces.append(piece)
    due = Occurrence.objects.filter(
        assignment__in=loggable_assignments(user), is_active=True, due__range=(first, last), results_count=0
    ).select_related("assignment__activity", "assignment__responsibility", "unit")
    for occurrence in due.order_by("due", "pk")[:500]:
        days[occurrence.due].due.append(occurrence)
    return list(days.values())


def month_weeks(user: Viewer, first: dt.date) -> list[list[Day]]:
    """The month as the weeks (Monday to Sunday) a wall calendar shows, days of the neighbouring months included."""
    start = first - dt.timedelta(days=first.weekday())
    last = month_end(first.year, first.month)
    days = period_days(user, start, last + dt.timedelta(days=6 - last.weekday()))
    return [days[n : n + 7] for n in range(0, len(days), 7)]


def is_late(piece: Piece, today: dt.date) -> bool:
    return piece.status != PieceStatus.PUBLISHED and piece.scheduled_for < today


def channel_accounts(unit: Unit) -> QuerySet[ChannelAccount]:
    """The unit's channel accounts (their tokens stay encrypted and are never shown)."""
    return ChannelAccount.objects.filter(unit=unit)


def left_to_send(piece: Piece) -> bool:
    """Whether «Đăng» would send anything: an approved piece, or a channel that has not gone out yet."""
    return piece.status == PieceStatus.APPROVED or piece.publications.exclude(status=PublicationStatus.SENT).exists()
