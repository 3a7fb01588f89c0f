"""What contest pages show: a taker's paper (never its answers before submission), a round's ranking (score, then
the closest guess, then the earliest submission), participation by unit, the anti-cheat signals, and the
participation figures other apps (reporting) read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from cchc.contests.models import Attempt, Contest, Round
from cchc.core.dates import format_vn
from cchc.core.handover import piece_query
from cchc.questions import selectors as questions
from cchc.units.models import Unit

MANY_FROM_ONE_ADDRESS = 5
"""More attempts than this in one round from one address are listed (a shared office network can explain some)."""
FASTEST_SECONDS_PER_QUESTION = 3
"""Faster than this per question, with most answers right, is listed as an impossible speed."""


@dataclass
class PaperQuestion:
    number: int
    id: int
    kind: str
    text: str
    options: list[tuple[str, str]]
    answer: list[str]


def paper(attempt: Attempt) -> list[PaperQuestion]:
    """The attempt's questions in its order, options in its shuffled order, with the taker's saved answers."""
    content = questions.content(item["q"] for item in attempt.paper)
    out = []
    for number, item in enumerate(attempt.paper, start=1):
        q = content[int(item["q"])]
        order = item["o"] or list(q["option_ids"])
        out.append(
            PaperQuestion(
                number,
                q["id"],
                q["kind"],
                q["text"],
                [(oid, q["options"][oid]) for oid in order],
                list(attempt.answers.get(str(q["id"]), [])),
            )
        )
    return out


def remaining_seconds(attempt: Attempt, now: dt.datetime) -> int:
    return max(0, int((attempt.deadline_at - now).total_seconds()))


def _guess_distance(attempt: Attempt, answer: int | None) -> int:
    if answer is None or attempt.guess is None:
        return 10**12  # no guess (or nothing to compare with): after every guess
    return abs(attempt.guess - answer)


def ranking(round_: Round, limit: int | None = None) -> list[Attempt]:
    """Submitted attempts by score, then the guess closest to the answer, then the earliest submission. Before the
    round is published, the guess answer is today's count of perfect papers."""
    attempts = list(
        Attempt.objects.filter(round=round_, submitted_at__isnull=False)
        .select_related("unit")
        .only("full_name", "unit__name", "score", "guess", "submitted_at", "started_at", "auto_submitted", "round_id")
    )
    answer = round_.guess_answer if round_.published_at else perfect_count(round_)
    attempts.sort(key=lambda a: (-(a.score or 0), _guess_distance(a, answer), a.submitted_at, a.pk))
    return attempts[:limit] if limit else attempts


def perfect_count(round_: Round) -> int:
    return Attempt.objects.filter(round=round_, score=round_.question_count).count()


def participation_by_unit(round_ids: list[int]) -> list[dict[str, Any]]:
    """Entrants per work unit (started attempts), largest first."""
    return list(
        Attempt.objects.filter(round_id__in=round_ids)
        .values("unit_id", "unit__name")
        .annotate(entrants=Count("id"), submitted=Count("id", filter=Q(submitted_at__isnull=False)))
        .order_by("-entrants", "unit__name")
    )


@dataclass
class RoundStats:
    started: int
    submitted: int
    auto_submitted: int
    in_progress: int
    perfect: int


def round_stats(round_: Round) -> RoundStats:
    counts = Attempt.objects.filter(round=round_).aggregate(
        started=Count("id"),
        submitted=Count("id", filter=Q(submitted_at__isnull=False)),
        auto=Count("id", filter=Q(auto_submitted=True)),
        perfect=Count("id", filter=Q(score=round_.question_count)),
    )
    return RoundStats(
        counts["started"],
        counts["submitted"],
        counts["auto"],
        counts["started"] - counts["submitted"],
        counts["perfect"],
    )


@dataclass
class Signal:
    kind: str
    detail: str
    attempts: list[Attempt]


def cheat_signals(round_: Round) -> list[Signal]:
    """Attempts the organiser should look at: many from one address, and papers finished at an impossible speed."""
    signals: list[Signal] = []
    crowded = (
        Attempt.objects.filter(round=round_, client_ip__isnull=False)
        .values("client_ip")
        .annotate(n=Count("id"))
        .filter(n__gt=MANY_FROM_ONE_ADDRESS)
        .order_by("-n")[:50]
    )
    for row in crowded:
        same = list(Attempt.objects.filter(round=round_, client_ip=row["client_ip"]).select_related("unit")[:200])
        signals.append(Signal("address", f"{row['n']} bài dự thi từ cùng địa chỉ {row['client_ip']}", same))
    count = max(round_.question_count, 1)
    fast = [
        a
        for a in Attempt.objects.filter(round=round_, submitted_at__isnull=False, auto_submitted=False)
        .select_related("unit")
        .only("full_name", "unit__name", "score", "started_at", "submitted_at", "client_ip", "round_id")
        if a.submitted_at
        and (a.submitted_at - a.started_at).total_seconds() < FASTEST_SECONDS_PER_QUESTION * count
        and (a.score or 0) * 2 > count
    ]
    if fast:
        signals.append(
            Signal(
                "speed",
                f"{len(fast)} bài làm đúng quá nửa trong dưới {FASTEST_SECONDS_PER_QUESTION} giây mỗi câu",
                fast[:200],
            )
        )
    return signals


@dataclass(frozen=True)
class Entrants:
    """How many people of one work unit took one round, and how many handed their paper in."""

    contest: str
    round_number: int
    unit_id: int
    unit_name: str
    entrants: int
    submitted: int

    @property
    def round_label(self) -> str:
        return f"{self.contest} – vòng {self.round_number}"


def entrants_by_round(units: Iterable[Unit] | QuerySet[Unit], start: dt.date, end: dt.date) -> list[Entrants]:
    """For the reports: per round and work unit (among `units`), the people who started a paper between two dates
    (one attempt per person per round, so attempts are people) and those who handed it in."""
    rows = (
        Attempt.objects.filter(unit__in=units, started_at__date__gte=start, started_at__date__lte=end)
        .values("round_id", "round__contest__title", "round__number", "unit_id", "unit__name")
        .annotate(entrants=Count("id"), submitted=Count("id", filter=Q(submitted_at__isnull=False)))
        .order_by("round__contest__title", "round__number", "round_id", "unit__name")
    )
    return [
        Entrants(r["round__contest__title"], r["round__number"], r["unit_id"], r["unit__name"], r["entrants"],
                 r["submitted"])
        for r in rows
    ]  # fmt: skip


def prize_winners(round_: Round) -> list[tuple[int, Attempt]]:
    """(rank, attempt) of the prize winners of a published round: the first `prize_count` of the ranking with at
    least one answer right."""
    if round_.published_at is None:
        return []
    ranked = ranking(round_, limit=round_.prize_count) if round_.prize_count else []
    return [(rank, a) for rank, a in enumerate(ranked, start=1) if a.score]


def _moment(value: dt.datetime) -> str:
    local = timezone.localtime(value)
    return f"{local:%H:%M} ngày {format_vn(local.date())}"


def announcement_query(contest: Contest, link: str) -> str:
    """The contest's announcement handed to the publishing form: its rules and rounds, the QR code to its page."""
    rounds = [f"- Vòng {r.number}: từ {_moment(r.opens_at)} đến {_moment(r.closes_at)}, {r.question_count} câu hỏi "
              f"trong {r.duration_minutes} phút." for r in contest.rounds.all()]  # fmt: skip
    body = "\n".join([contest.description.strip() or f"Cuộc thi «{contest.title}».", "", *rounds, "",
                      f"Cách tham gia: quét mã QR hoặc truy cập {link}"])  # fmt: skip
    return piece_query("announcement", f"Thông báo cuộc thi «{contest.title}»", body, link)
