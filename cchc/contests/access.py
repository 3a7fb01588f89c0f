"""Who may read and change contests. Organisers (staff of the contest's unit, administrators) manage it; anyone
may read an open contest and its published results; a taker reaches their own attempt only by its secret token.
Nobody reads a paper's answers through the site before the attempt is submitted."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from cchc.accounts.types import Viewer, signed_in
from cchc.contests.models import Attempt, Contest, Round
from cchc.core.access import first_or_404
from cchc.questions.access import organiser_unit_filter
from cchc.units import directory
from cchc.units.models import Unit


def manageable_contests(user: Viewer | None) -> QuerySet[Contest]:
    scope = organiser_unit_filter(user, "organiser_unit")
    return Contest.objects.none() if scope is None else Contest.objects.filter(**scope)


def can_manage_contest(user: Viewer | None, contest: Contest) -> bool:
    return manageable_contests(user).filter(pk=contest.pk).exists()


def get_contest_for_organiser(user: Viewer, contest_id: int) -> Contest:
    return first_or_404(
        manageable_contests(user).select_related("bank", "organiser_unit").filter(pk=contest_id),
        "Không tìm thấy cuộc thi.",
    )


def get_round_for_organiser(user: Viewer, round_id: int) -> Round:
    return first_or_404(
        Round.objects.filter(pk=round_id, contest__in=manageable_contests(user)).select_related(
            "contest", "contest__organiser_unit"
        ),
        "Không tìm thấy vòng thi.",
    )


def public_contests() -> QuerySet[Contest]:
    """Contests with at least one round: their page is public (rules, rounds, published results)."""
    return Contest.objects.filter(rounds__isnull=False).distinct()


def get_public_contest(contest_id: int) -> Contest:
    return first_or_404(
        public_contests().select_related("organiser_unit").filter(pk=contest_id), "Không tìm thấy cuộc thi."
    )


def get_open_round(round_id: int) -> Round:
    """A round anyone may enter now (404 before it opens or after it closes is not used: the page says so)."""
    return first_or_404(
        Round.objects.select_related("contest", "contest__organiser_unit").filter(pk=round_id),
        "Không tìm thấy vòng thi.",
    )


def get_published_round(round_id: int) -> Round:
    return first_or_404(
        Round.objects.select_related("contest", "contest__organiser_unit").filter(
            pk=round_id, published_at__isnull=False, published_at__lte=timezone.now()
        ),
        "Kết quả vòng thi này chưa được công bố.",
    )


def get_attempt_by_token(token: str) -> Attempt:
    """The taker's own attempt: its token is the only key (a guessed or another's id gives 404)."""
    if not token or len(token) > 64:
        raise Http404("Không tìm thấy bài dự thi.")
    return first_or_404(
        Attempt.objects.select_related("round", "round__contest").filter(token=token), "Không tìm thấy bài dự thi."
    )


def own_attempts(user: Viewer) -> QuerySet[Attempt]:
    """The attempts a signed-in person started: their home page links each by its token."""
    if not signed_in(user):
        return Attempt.objects.none()
    return Attempt.objects.filter(user_id=user.pk).select_related("round", "round__contest")


def open_rounds(now: dt.datetime) -> QuerySet[Round]:
    """Rounds anyone may enter at `now`."""
    return Round.objects.filter(opens_at__lte=now, closes_at__gt=now).select_related("contest")


def participant_units(contest: Contest) -> QuerySet[Unit]:
    """The work units a contestant chooses from: the directory under the organiser's People's Committee."""
    return directory.under_committee(contest.organiser_unit, timezone.localdate())


def get_attempt_for_organiser(user: Viewer, attempt_id: int) -> Attempt:
    return first_or_404(
        Attempt.objects.filter(pk=attempt_id, round__contest__in=manageable_contests(user)).select_related(
            "round", "round__contest", "unit"
        ),
        "Không tìm thấy bài dự thi.",
    )
