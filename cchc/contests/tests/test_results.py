"""Ranking with its tie-break, publishing, participation by unit, certificates, anti-cheat signals, and who may
reach the organiser's pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from cchc.contests import certificates, selectors, services
from cchc.contests.models import Attempt
from cchc.contests.tests.conftest import registration, right_answers, round_input


def _enter(round_: Any, n: int, unit: Any, *, wrong: int, guess: int | None, at: dt.datetime, ip: str = "") -> Attempt:
    attempt = services.start_attempt(
        round_, registration(f"0010990100{n:02d}", name=f"Người {n}", unit=unit), client_ip=ip or f"10.0.0.{n}", now=at
    )
    form = right_answers(attempt, wrong=wrong) | ({"guess": str(guess)} if guess is not None else {})
    return services.submit(attempt, form, now=at + dt.timedelta(minutes=10))


@pytest.fixture
def played(cast: Any, contest: Any) -> Any:
    """A round that ran yesterday: three perfect papers, so the guess answer is 3."""
    now = timezone.now()
    start = now - dt.timedelta(days=1)
    round_ = services.add_round(
        cast.owner, contest, round_input(opens_at=start - dt.timedelta(hours=1), closes_at=now - dt.timedelta(hours=1))
    )
    people = [
        (1, cast.officer_unit, 0, 10, 0),  # perfect, guess 7 off
        (2, cast.officer_unit, 0, 3, 5),  # perfect, exact guess, later
        (3, cast.other_unit, 0, 3, 1),  # perfect, exact guess, earlier → first
        (4, cast.other_unit, 1, 3, 0),  # one wrong
        (5, cast.officer_unit, 0, None, 2),  # perfect, no guess → after every guesser
    ]
    for n, unit, wrong, guess, minutes in people:
        _enter(round_, n, unit, wrong=wrong, guess=guess, at=start + dt.timedelta(minutes=minutes))
    return round_


def test_ranking_score_then_closest_guess_then_earliest(played: Any) -> None:
    assert [a.full_name for a in selectors.ranking(played)] == ["Người 3", "Người 2", "Người 1", "Người 5", "Người 4"]


def test_publishing_fixes_the_guess_answer_and_opens_the_results(cast: Any, played: Any, client: Any) -> None:
    results = reverse("contests:results", args=[played.pk])
    assert client.get(results).status_code == 404
    # An unfinished attempt is closed with its saved answers before the count.
    before_close = played.closes_at - dt.timedelta(minutes=1)
    late = services.start_attempt(
        played, registration("001099019999", unit=cast.officer_unit), client_ip=None, now=before_close
    )
    published = services.publish_round(cast.owner, played)
    late.refresh_from_db()
    assert late.auto_submitted and published.guess_answer == 4 and published.published_at
    page = client.get(results).content.decode()
    assert "Người 3" in page and cast.other_unit.name in page and "001099" not in page
    participation = {p["unit__name"]: p["entrants"] for p in selectors.participation_by_unit([played.pk])}
    assert participation == {cast.officer_unit.name: 4, cast.other_unit.name: 2}


def test_a_round_is_published_only_after_it_closes_and_by_its_organiser(
    cast: Any, open_round: Any, played: Any
) -> None:
    with pytest.raises(services.ContestError, match="chưa kết thúc"):
        services.publish_round(cast.owner, open_round)
    with pytest.raises(services.ContestError):
        services.publish_round(cast.outsider, played)
    assert played.published_at is None


def test_certificates_for_prize_winners_only(cast: Any, played: Any, client: Any) -> None:
    first = selectors.ranking(played)[0]
    with pytest.raises(certificates.CertificateError):
        certificates.certificate_pdf(Attempt.objects.get(pk=first.pk))  # not yet published
    services.publish_round(cast.owner, played)
    pdf = certificates.certificate_pdf(Attempt.objects.select_related("round__contest").get(pk=first.pk))
    assert pdf.startswith(b"%PDF")
    fourth = Attempt.objects.get(full_name="Người 5")  # ranked 4th, prize_count is 3
    with pytest.raises(certificates.CertificateError, match="người đạt giải"):
        certificates.certificate_pdf(fourth)
    client.force_login(cast.owner)
    response = client.get(reverse("contests:round_certificates", args=[played.pk]))
    assert response["Content-Type"] == "application/pdf" and response.content.count(b"/Type /Page\n") >= 1
    client.force_login(cast.outsider)
    assert client.get(reverse("contests:certificate", args=[first.pk])).status_code == 404


def test_signals_many_from_one_address_and_impossible_speed(cast: Any, contest: Any) -> None:
    now = timezone.now()
    round_ = services.add_round(cast.owner, contest, round_input(opens_at=now - dt.timedelta(hours=1)))
    for n in range(7):
        services.start_attempt(round_, registration(f"0010990200{n:02d}", unit=cast.officer_unit), client_ip="10.9.9.9")
    quick = services.start_attempt(round_, registration("001099030000", unit=cast.officer_unit), client_ip="10.1.1.1")
    services.submit(quick, right_answers(quick), now=quick.started_at + dt.timedelta(seconds=4))
    signals = selectors.cheat_signals(round_)
    assert [s.kind for s in signals] == ["address", "speed"]
    assert signals[0].detail == "7 bài dự thi từ cùng địa chỉ 10.9.9.9"
    assert [a.pk for a in signals[1].attempts] == [quick.pk]


def test_organiser_pages_and_who_reaches_them(cast: Any, played: Any, client: Any) -> None:
    urls = [
        reverse("contests:manage_contest", args=[played.contest_id]),
        reverse("contests:manage_round", args=[played.pk]),
    ]
    client.force_login(cast.owner)
    for url in urls:
        assert client.get(url).status_code == 200
    assert "Người 3" in client.get(urls[1]).content.decode()
    response = client.post(reverse("contests:publish", args=[played.pk]))
    assert response.status_code == 302 and client.get(reverse("contests:results", args=[played.pk])).status_code == 200
    for user in (cast.outsider, cast.other_officer, cast.leader, cast.public):
        client.force_login(user)
        for url in [*urls, reverse("contests:publish", args=[played.pk])]:
            assert client.post(url).status_code == 404, (user.username, url)
    client.logout()
    assert client.get(urls[0]).status_code == 302


def test_organiser_sets_up_a_contest_on_the_pages(cast: Any, contest: Any, client: Any) -> None:
    client.force_login(cast.owner)
    response = client.post(
        reverse("contests:manage"), {"title": "Cuộc thi mới", "description": "", "bank": contest.bank_id}
    )
    page = response["Location"]
    form = {"opens_at": "2030-01-06T08:00", "closes_at": "2030-01-12T20:00", "duration_minutes": 30,
            "easy_count": 20, "medium_count": 0, "hard_count": 0, "prize_count": 10}  # fmt: skip
    refused = client.post(page, form)
    assert "chưa đủ câu" in refused.content.decode()
    form["easy_count"] = 5
    assert client.post(page, form).status_code == 302
    assert "Vòng 1" in client.get(page).content.decode()
    assert client.get(reverse("contests:index")).status_code == 200
    assert client.get(reverse("contests:contest", args=[contest.pk])).status_code == 404  # no round yet
