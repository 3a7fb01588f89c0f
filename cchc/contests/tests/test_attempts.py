"""A contestant's attempt: registration and the one-attempt rule, the draw, the server's clock, autosave, submit,
and the bad inputs of the issue (second attempt, late submit, tampered option, replayed submit)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from cchc.contests import identity, services
from cchc.contests.models import Attempt
from cchc.contests.tests.conftest import registration, right_answers, round_input


@pytest.mark.parametrize("typed", ["001099012345", "001 099 012 345", "1099012345", "01099012345", "001.099.012.345"])
def test_one_attempt_per_person_whichever_way_the_number_is_written(cast: Any, open_round: Any, typed: str) -> None:
    services.start_attempt(open_round, registration(unit=cast.officer_unit), client_ip="10.0.0.1")
    with pytest.raises(services.ContestError, match="đã dự thi vòng này"):
        services.start_attempt(open_round, registration(typed, unit=cast.officer_unit), client_ip="10.0.0.2")
    assert Attempt.objects.filter(round=open_round).count() == 1


def test_the_number_is_never_stored(cast: Any, open_round: Any) -> None:
    attempt = services.start_attempt(open_round, registration(unit=cast.officer_unit), client_ip=None)
    stored = " ".join(str(v) for v in Attempt.objects.filter(pk=attempt.pk).values().get().values())
    assert "099012345" not in stored
    assert attempt.person_key == identity.person_key("1099012345") and len(attempt.person_key) == 64
    with override_settings(CONTEST_ID_KEY="another-key"):
        assert identity.person_key("001099012345") != attempt.person_key


@pytest.mark.parametrize(
    ("cccd", "message"),
    [("", "không được để trống"), ("12345", "12 chữ số"), ("0010990123456", "12 chữ số"), ("001O99012345", "chữ số"),
     ("999099012345", "mã tỉnh"), ("0" * 12, "mã tỉnh")],
)  # fmt: skip
def test_numbers_that_are_not_cccd_are_refused(cast: Any, open_round: Any, cccd: str, message: str) -> None:
    with pytest.raises(services.ContestError, match=message) as caught:
        services.start_attempt(open_round, registration(cccd, unit=cast.officer_unit), client_ip=None)
    assert "cccd" in caught.value.errors


def test_registration_bounds(cast: Any, open_round: Any) -> None:
    with pytest.raises(services.ContestError) as caught:
        services.start_attempt(
            open_round,
            registration(name="A" * 500, unit=cast.outsider_unit, email="khong-phai-thu", phone="12"),
            client_ip=None,
        )
    assert set(caught.value.errors) == {"full_name", "email", "phone", "unit_id"}
    for unit_id in ("", "abc", "99999999999999999999999", "-1"):
        with pytest.raises(services.ContestError, match="Đơn vị công tác"):
            services.start_attempt(open_round, services.Registration("Trần B", "001099012345", unit_id), client_ip=None)


def test_rounds_take_entrants_only_while_open(cast: Any, contest: Any) -> None:
    now = timezone.now()
    later = services.add_round(cast.owner, contest, round_input(opens_at=now + dt.timedelta(hours=1)))
    over = services.add_round(
        cast.owner, contest, round_input(opens_at=now - dt.timedelta(hours=3), closes_at=now - dt.timedelta(hours=1))
    )
    with pytest.raises(services.ContestError, match="chưa mở"):
        services.start_attempt(later, registration(unit=cast.officer_unit), client_ip=None)
    with pytest.raises(services.ContestError, match="đã kết thúc"):
        services.start_attempt(over, registration(unit=cast.officer_unit), client_ip=None)


def test_each_paper_is_drawn_by_the_rules(cast: Any, open_round: Any) -> None:
    papers = []
    for n in range(8):
        attempt = services.start_attempt(
            open_round, registration(f"0010990100{n:02d}", unit=cast.officer_unit), client_ip=None
        )
        papers.append([item["q"] for item in attempt.paper])
        assert len(set(papers[-1])) == 5
    assert len({tuple(p) for p in papers}) > 1


def test_deadline_is_the_time_limit_cut_at_the_close(cast: Any, contest: Any) -> None:
    now = timezone.now()
    round_ = services.add_round(cast.owner, contest, round_input(closes_at=now + dt.timedelta(minutes=10)))
    attempt = services.start_attempt(round_, registration(unit=cast.officer_unit), client_ip=None, now=now)
    assert attempt.deadline_at == now + dt.timedelta(minutes=10)


def test_autosave_keeps_the_newest_and_submit_marks_once(cast: Any, open_round: Any) -> None:
    attempt = services.start_attempt(open_round, registration(unit=cast.officer_unit), client_ip=None)
    answers = right_answers(attempt)
    assert services.autosave(attempt, {**answers, "guess": "12"}, 2).saved
    assert not services.autosave(attempt, {}, 1).saved  # an older save arriving late changes nothing
    assert not services.autosave(attempt, {}, 2).saved  # a retried save is applied once
    attempt.refresh_from_db()
    assert (len(attempt.answers), attempt.guess, attempt.save_count, attempt.save_seq) == (5, 12, 1, 2)
    done = services.submit(attempt, {**answers, "guess": "1.000"})
    assert (done.score, done.guess) == (5, 1000)
    replay = services.submit(attempt, {})  # a replayed submit changes nothing
    assert (replay.score, replay.submitted_at, replay.answers) == (5, done.submitted_at, done.answers)
    assert not services.autosave(attempt, {}, 9).saved


def test_a_tampered_option_is_refused(cast: Any, open_round: Any) -> None:
    attempt = services.start_attempt(open_round, registration(unit=cast.officer_unit), client_ip=None)
    first = attempt.paper[0]["q"]
    other = Attempt.objects.get(pk=attempt.pk)
    for bad in ({f"q{first}": "khong-co"}, {f"q{first}": ["a" * 10_000]}, {"guess": "-5"}, {"guess": "9" * 50}):
        with pytest.raises(services.ContestError):
            services.submit(other, bad)
        with pytest.raises(services.ContestError):
            services.autosave(other, bad, 5)
    attempt.refresh_from_db()
    assert attempt.submitted_at is None and attempt.answers == {}
    # An answer to a question of someone else's paper is ignored, not stored.
    assert services.autosave(attempt, {"q999999": "x"}, 6).saved
    attempt.refresh_from_db()
    assert attempt.answers == {}


def test_time_out_submits_what_was_saved(cast: Any, open_round: Any) -> None:
    start = timezone.now()
    attempt = services.start_attempt(open_round, registration(unit=cast.officer_unit), client_ip=None, now=start)
    saved = right_answers(attempt, wrong=2)
    services.autosave(attempt, saved, 1, now=start + dt.timedelta(minutes=5))
    late = start + dt.timedelta(minutes=31)
    with pytest.raises(services.ContestError, match="Đã hết giờ"):
        services.submit(attempt, right_answers(attempt), now=late)  # the better answers after time are not taken
    attempt.refresh_from_db()
    assert (attempt.score, attempt.auto_submitted, attempt.submitted_at) == (3, True, attempt.deadline_at)


def test_a_submit_within_the_grace_counts(cast: Any, open_round: Any) -> None:
    start = timezone.now()
    attempt = services.start_attempt(open_round, registration(unit=cast.officer_unit), client_ip=None, now=start)
    done = services.submit(attempt, right_answers(attempt), now=attempt.deadline_at + dt.timedelta(seconds=5))
    assert (done.score, done.auto_submitted) == (5, False)


def test_expired_attempts_are_closed_by_the_sweep(cast: Any, open_round: Any) -> None:
    start = timezone.now() - dt.timedelta(minutes=40)
    attempt = services.start_attempt(open_round, registration(unit=cast.officer_unit), client_ip=None, now=start)
    Attempt.objects.filter(pk=attempt.pk).update(answers={})
    out = io.StringIO()
    call_command("close_attempts", stdout=out)
    assert "Đã nộp tự động 1 bài" in out.getvalue()
    assert services.finalise_expired() == 0
    attempt.refresh_from_db()
    assert (attempt.score, attempt.auto_submitted) == (0, True)


def test_the_taker_pages(cast: Any, open_round: Any, client: Any) -> None:
    enter = reverse("contests:enter", args=[open_round.pk])
    page = client.get(enter).content.decode()
    assert cast.officer_unit.name in page and 'inputmode="numeric"' in page
    form = {
        "full_name": "Lê Thị Cúc",
        "cccd": "001 099 012 345",
        "unit_id": cast.officer_unit.pk,
        "phone": "0912 345 678",
    }
    response = client.post(enter, form)
    take = response["Location"]
    attempt = Attempt.objects.get()
    assert take == reverse("contests:take", args=[attempt.token])
    page = client.get(take).content.decode()
    # The paper shows questions and options, never which option is right.
    from cchc.questions.selectors import content

    for q in content(item["q"] for item in attempt.paper).values():
        assert q["text"] in page
        for oid in q["option_ids"]:
            assert page.count(f'value="{oid}"') == 1
    assert "correct" not in page and 'role="timer"' in page
    saved = client.post(reverse("contests:save", args=[attempt.token]), {"seq": 1, **right_answers(attempt)},
                        HTTP_ACCEPT="application/json")  # fmt: skip
    assert saved.json()["saved"] is True and 0 < saved.json()["remaining"] <= 1800
    hand_in = reverse("contests:hand_in", args=[attempt.token])
    asked = client.post(hand_in, right_answers(attempt))  # first the confirmation, answers carried
    counted = f"Bạn đã trả lời {len(attempt.paper)}/{len(attempt.paper)} câu"
    assert asked.status_code == 200 and counted in asked.content.decode()
    assert Attempt.objects.get(pk=attempt.pk).submitted_at is None
    assert client.post(hand_in, {**right_answers(attempt), "xac_nhan": "1"}).status_code == 302
    assert "5/5" in client.get(take).content.decode()
    again = client.post(enter, form)
    assert again.status_code == 400 and "đã dự thi vòng này" in again.content.decode()
    assert client.get(reverse("contests:take", args=["khong-co-that"])).status_code == 404
    bad = client.post(reverse("contests:save", args=[attempt.token]), {"seq": "abc"}, HTTP_ACCEPT="application/json")
    assert bad.status_code == 400 and "error" in bad.json()
