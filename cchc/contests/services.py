"""Writes of contests: setting up a contest and its rounds, and a person's attempt — start (registration, the
draw), autosave, submit, the automatic submission at time-out — then publishing a round's results.

The clock is the server's: an attempt's deadline is fixed when it starts (the time limit, cut at the round's
close); a save or submit arriving later than the deadline plus CONTEST_SUBMIT_GRACE_SECONDS is not taken, and the
attempt is marked with the answers last saved. Every write of a taker is one short statement or one locked row, so
thousands at once only wait on their own row."""

from __future__ import annotations

import datetime as dt
import random
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from cchc.accounts.types import Actor, Viewer, signed_in
from cchc.contests import identity
from cchc.contests.access import can_manage_contest, participant_units
from cchc.contests.models import MAX_DURATION_MINUTES, MAX_QUESTIONS, Attempt, Contest, Round
from cchc.core import inputs
from cchc.core.audit import log_action
from cchc.questions import engine, selectors
from cchc.questions.access import is_organiser
from cchc.questions.models import Difficulty, QuestionBank

MAX_GUESS = 10_000_000


class ContestError(ValueError):
    """A refused write; the message is Vietnamese."""

    def __init__(self, message: str, errors: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.errors = dict(errors or {})


def _user(actor: Actor) -> Any:
    return actor if signed_in(actor) else None


def _bounded(model: type, values: dict[str, Any]) -> dict[str, Any]:
    try:
        return inputs.bounded(model, values)
    except inputs.InputError as exc:
        raise ContestError(exc.message, exc.errors) from None


# ---------------------------------------------------------------------------------------------------------------
# The organiser


@transaction.atomic
def create_contest(actor: Actor, *, title: str, description: str, bank: QuestionBank) -> Contest:
    if not is_organiser(actor) or not (actor.is_admin or actor.unit_id == bank.owner_unit_id):
        raise ContestError("Bạn không được tổ chức cuộc thi với ngân hàng câu hỏi này.")
    if bank.purpose != QuestionBank.Purpose.CONTEST:
        raise ContestError("Ngân hàng này là phiếu khảo sát: hãy chọn một ngân hàng câu hỏi thi.")
    values = _bounded(Contest, {"title": title, "description": description})
    if not values["title"]:
        raise ContestError("Tên cuộc thi: không được để trống.", {"title": "Không được để trống."})
    contest = Contest.objects.create(**values, organiser_unit_id=bank.owner_unit_id, bank=bank, created_by=_user(actor))
    log_action(actor, "contests.contest.created", contest, after={"title": contest.title})
    return contest


def draw_rules(round_: Round) -> list[engine.DrawRule]:
    pillars = frozenset(round_.pillars) or None
    tag = round_.tag or None
    counts = [
        (Difficulty.EASY, round_.easy_count),
        (Difficulty.MEDIUM, round_.medium_count),
        (Difficulty.HARD, round_.hard_count),
    ]
    return [engine.DrawRule(n, int(d), pillars, tag) for d, n in counts if n]


@dataclass
class RoundInput:
    opens_at: dt.datetime
    closes_at: dt.datetime
    duration_minutes: int
    easy_count: int = 0
    medium_count: int = 0
    hard_count: int = 0
    pillars: tuple[str, ...] = ()
    tag: str = ""
    guess_prompt: str = ""
    prize_count: int = 10


@transaction.atomic
def add_round(actor: Actor, contest: Contest, data: RoundInput) -> Round:
    """A new round with the next number; its pool is the bank's current questions now, and must hold the draw."""
    if not can_manage_contest(actor, contest):
        raise ContestError("Bạn không được sửa cuộc thi này.")
    errors: dict[str, str] = {}
    if data.closes_at <= data.opens_at:
        errors["closes_at"] = "Thời điểm đóng phải sau thời điểm mở."
    if not 1 <= data.duration_minutes <= MAX_DURATION_MINUTES:
        errors["duration_minutes"] = f"Thời gian làm bài từ 1 đến {MAX_DURATION_MINUTES} phút."
    total = data.easy_count + data.medium_count + data.hard_count
    if not 1 <= total <= MAX_QUESTIONS:
        errors["easy_count"] = f"Tổng số câu hỏi của đề từ 1 đến {MAX_QUESTIONS}."
    if errors:
        raise ContestError(" ".join(errors.values()), errors)
    Contest.objects.select_for_update().get(pk=contest.pk)
    number = (contest.rounds.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    values = _bounded(Round, {"tag": data.tag.strip().lower(), "guess_prompt": data.guess_prompt})
    round_ = Round(
        contest=contest,
        number=number,
        opens_at=data.opens_at,
        closes_at=data.closes_at,
        duration_minutes=data.duration_minutes,
        easy_count=data.easy_count,
        medium_count=data.medium_count,
        hard_count=data.hard_count,
        pillars=sorted(set(data.pillars)),
        tag=values["tag"],
        guess_prompt=values["guess_prompt"] or Round._meta.get_field("guess_prompt").default,
        prize_count=data.prize_count,
        pool=selectors.current_ids(contest.bank_id),
    )
    problems = engine.shortfalls(selectors.candidates(round_.pool), draw_rules(round_))
    if problems:
        raise ContestError("Ngân hàng câu hỏi chưa đủ câu cho đề: " + " ".join(problems), {"easy_count": problems[0]})
    round_.save()
    log_action(
        actor, "contests.round.created", round_, after={"number": number, "pool": len(round_.pool)}, root=contest
    )
    return round_


@transaction.atomic
def publish_round(actor: Actor, round_: Round, now: dt.datetime | None = None) -> Round:
    """Once the round has closed: every attempt marked, the guess question's answer fixed (the number of entrants
    with every answer right) and the results made public."""
    now = now or timezone.now()
    if not can_manage_contest(actor, round_.contest):
        raise ContestError("Bạn không được công bố kết quả cuộc thi này.")
    locked = Round.objects.select_for_update().get(pk=round_.pk)
    if now < locked.closes_at:
        raise ContestError("Vòng thi chưa kết thúc: chỉ công bố kết quả sau thời điểm đóng.")
    finalise_expired(now, round_id=locked.pk, grace=False)
    locked.guess_answer = Attempt.objects.filter(round=locked, score=locked.question_count).count()
    locked.published_at = locked.published_at or now
    locked.save(update_fields=["guess_answer", "published_at"])
    log_action(
        actor, "contests.round.published", locked, after={"guess_answer": locked.guess_answer}, root=locked.contest
    )
    return locked


# ---------------------------------------------------------------------------------------------------------------
# The taker


@dataclass
class Registration:
    full_name: str
    cccd: str
    unit_id: Any
    email: str = ""
    phone: str = ""


def _clean_registration(round_: Round, data: Registration) -> dict[str, Any]:
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    try:
        values["person_key"] = identity.person_key(data.cccd)
    except inputs.InputError as exc:
        errors["cccd"] = exc.message
    cleaned, field_errors = inputs.clean_fields(
        Attempt, {"full_name": data.full_name, "email": data.email, "phone": data.phone}
    )
    errors.update(field_errors)
    values.update(cleaned)
    if not errors.get("full_name") and len(cleaned.get("full_name", "")) < 2:
        errors["full_name"] = "Họ và tên: không được để trống."
    if cleaned.get("email"):
        try:
            validate_email(cleaned["email"])
        except ValidationError:
            errors["email"] = "Thư điện tử: địa chỉ không hợp lệ."
    phone = "".join(ch for ch in cleaned.get("phone", "") if ch not in " .-")
    if phone and not (phone.isascii() and phone.lstrip("+").isdigit() and 9 <= len(phone.lstrip("+")) <= 12):
        errors["phone"] = "Số điện thoại: 9 đến 12 chữ số."
    values["phone"] = phone
    text = str(data.unit_id or "")
    unit_id = int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None
    if unit_id is None or not participant_units(round_.contest).filter(pk=unit_id).exists():
        errors["unit_id"] = "Đơn vị công tác: hãy chọn một đơn vị trong danh sách."
    values["unit_id"] = unit_id
    if errors:
        raise ContestError(" ".join(dict.fromkeys(errors.values())), errors)
    return values


def start_attempt(
    round_: Round,
    data: Registration,
    *,
    client_ip: str | None,
    now: dt.datetime | None = None,
    user: Viewer | None = None,
) -> Attempt:
    """Register a person for the round and draw their paper. Refused: outside the round's opening times, a CCCD
    that is not one, and a second attempt by the same person (whichever way the number is written). `user`: the
    signed-in account starting it, if any (its home page lists the attempt)."""
    now = now or timezone.now()
    if now < round_.opens_at:
        raise ContestError(f"Vòng thi chưa mở: mở lúc {timezone.localtime(round_.opens_at):%H:%M ngày %d/%m/%Y}.")
    if now >= round_.closes_at:
        raise ContestError("Vòng thi đã kết thúc: không nhận thêm bài dự thi.")
    values = _clean_registration(round_, data)
    if Attempt.objects.filter(round=round_, person_key=values["person_key"]).exists():
        raise ContestError(_ALREADY, {"cccd": _ALREADY})
    paper = engine.draw(selectors.candidates(round_.pool), draw_rules(round_), random.SystemRandom())
    deadline = min(now + dt.timedelta(minutes=round_.duration_minutes), round_.closes_at)
    attempt = Attempt(
        round=round_,
        token=secrets.token_urlsafe(24),
        client_ip=client_ip or None,
        user=user if signed_in(user) else None,
        started_at=now,
        deadline_at=deadline,
        paper=[{"q": p.id, "o": p.options} for p in paper],
        **values,
    )
    try:
        with transaction.atomic():
            attempt.save()
            log_action(None, "contests.attempt.started", attempt, after={"unit": attempt.unit_id}, root=round_)
    except IntegrityError:
        raise ContestError(_ALREADY, {"cccd": _ALREADY}) from None  # the same person twice in the same instant
    return attempt


_ALREADY = "Số CCCD này đã dự thi vòng này: mỗi người chỉ được dự thi một lần mỗi vòng."


def clean_answers(attempt: Attempt, form: Mapping[str, Any]) -> tuple[dict[str, list[str]], int | None]:
    """The answers of a posted paper (`q<ID>` fields, lists for multiple choice) and the guess. An answer to a
    question not on this paper is ignored; an option id not of its question refuses the whole post."""
    content = selectors.content(item["q"] for item in attempt.paper)
    answers: dict[str, list[str]] = {}
    for item in attempt.paper:
        qid = int(item["q"])
        question = content.get(qid)
        raw = form.get(f"q{qid}")
        if question is None or raw is None:
            continue
        try:
            answer = engine.clean_answer(question["kind"], item["o"] or question["option_ids"], raw)
        except ValueError as exc:
            raise ContestError(f"Câu {attempt.paper.index(item) + 1}: {exc}") from None
        if answer:
            answers[str(qid)] = answer
    try:
        guess = inputs.parse_int(form.get("guess"), label="Dự đoán", maximum=MAX_GUESS)
    except inputs.InputError as exc:
        raise ContestError(exc.message) from None
    return answers, guess


def _mark(attempt: Attempt) -> int:
    content = selectors.content(item["q"] for item in attempt.paper)
    keys = {qid: (q["kind"], q["correct"]) for qid, q in content.items()}
    return engine.score(attempt.paper, keys, attempt.answers)


def _late(attempt: Attempt, now: dt.datetime) -> bool:
    return now > attempt.deadline_at + dt.timedelta(seconds=settings.CONTEST_SUBMIT_GRACE_SECONDS)


@dataclass
class SaveOutcome:
    saved: bool
    reason: str = ""


def autosave(attempt: Attempt, form: Mapping[str, Any], seq: Any, now: dt.datetime | None = None) -> SaveOutcome:
    """Keep the answers as they stand (one UPDATE). A save with a sequence number not above the last one kept is
    ignored (a retried or overtaken request); after the deadline nothing is saved."""
    now = now or timezone.now()
    try:
        number = inputs.parse_int(seq, label="Số thứ tự lần lưu", minimum=1, maximum=2_000_000_000)
    except inputs.InputError as exc:
        raise ContestError(exc.message) from None
    if number is None:
        raise ContestError("Thiếu số thứ tự lần lưu: hãy tải lại trang.")
    answers, guess = clean_answers(attempt, form)
    if attempt.submitted_at is not None:
        return SaveOutcome(False, "Bài đã nộp.")
    if _late(attempt, now):
        finalise_expired(now, attempt_id=attempt.pk)
        return SaveOutcome(False, "Đã hết giờ làm bài: bài được nộp với các câu trả lời đã lưu.")
    updated = Attempt.objects.filter(
        Q(save_seq__lt=number), pk=attempt.pk, submitted_at__isnull=True, deadline_at__gte=now - _grace()
    ).update(answers=answers, guess=guess, save_seq=number, save_count=F("save_count") + 1, saved_at=now)
    return SaveOutcome(bool(updated), "" if updated else "Đã có bản lưu mới hơn.")


def _grace() -> dt.timedelta:
    return dt.timedelta(seconds=settings.CONTEST_SUBMIT_GRACE_SECONDS)


def submit(attempt: Attempt, form: Mapping[str, Any], now: dt.datetime | None = None) -> Attempt:
    """Hand in the paper: answers marked and the time recorded, once. A replayed submit changes nothing; a submit
    after the deadline is not taken (the attempt keeps the answers last saved, marked at the deadline)."""
    now = now or timezone.now()
    answers, guess = clean_answers(attempt, form)
    with transaction.atomic():
        locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
        if locked.submitted_at is not None:
            return locked
        timed_out = _late(locked, now)
        if timed_out:
            _finalise(locked)
        else:
            locked.answers, locked.guess, locked.submitted_at = answers, guess, now
            locked.score = _mark(locked)
            locked.save(update_fields=["answers", "guess", "submitted_at", "score"])
        action = "contests.attempt.timed_out" if timed_out else "contests.attempt.submitted"
        log_action(None, action, locked, after={"score": locked.score}, root=locked.round)
    if timed_out:
        raise ContestError(
            "Đã hết giờ làm bài: bài được nộp tự động với các câu trả lời đã lưu "
            f"(đúng {locked.score}/{len(locked.paper)} câu)."
        )
    return locked


def _finalise(attempt: Attempt) -> None:
    attempt.submitted_at, attempt.auto_submitted = attempt.deadline_at, True
    attempt.score = _mark(attempt)
    attempt.save(update_fields=["submitted_at", "auto_submitted", "score"])


def finalise_expired(
    now: dt.datetime | None = None, *, round_id: int | None = None, attempt_id: int | None = None, grace: bool = True
) -> int:
    """Submit, with their last saved answers and at their deadline, the attempts whose time ran out unsubmitted.
    Rows another process holds are skipped (it is submitting them)."""
    now = now or timezone.now()
    cutoff = now - _grace() if grace else now
    qs = Attempt.objects.filter(submitted_at__isnull=True, deadline_at__lt=cutoff)
    if round_id is not None:
        qs = qs.filter(round_id=round_id)
    if attempt_id is not None:
        qs = qs.filter(pk=attempt_id)
    done = 0
    with transaction.atomic():
        for attempt in qs.select_for_update(skip_locked=True).order_by("pk")[:5000]:
            _finalise(attempt)
            done += 1
    return done
