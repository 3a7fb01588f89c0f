"""Writes of surveys: creating one (its questionnaire a survey bank, SIPAS's five aspects by default) and recording
a response, online or from a paper form, once."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone

from cchc.accounts.types import Actor, signed_in
from cchc.core import inputs
from cchc.core.audit import log_action
from cchc.questions import engine, selectors
from cchc.questions import services as questions
from cchc.questions.access import is_organiser
from cchc.questions.models import SCALE_OPTIONS, QuestionBank, QuestionKind
from cchc.surveys.access import can_manage_survey, evaluated_units
from cchc.surveys.models import Response, Survey

SATISFIED = ("4", "5")
TEXT_MAX = 2000
MAX_FIELDS = 100
# The five aspects of SIPAS (Chỉ số hài lòng về sự phục vụ hành chính), each on the five-level scale, then how the
# file was handed in and a free comment.
SIPAS_ASPECTS = (
    "Tiếp cận dịch vụ: nơi ngồi chờ, trang thiết bị, hướng dẫn tại nơi làm thủ tục.",
    "Thủ tục hành chính: niêm yết công khai, thành phần hồ sơ, phí, lệ phí và thời hạn giải quyết đúng quy định.",
    "Công chức trực tiếp giải quyết công việc: thái độ lịch sự, hướng dẫn tận tình, dễ hiểu, tuân thủ quy định.",
    "Kết quả giải quyết thủ tục hành chính: đúng hạn, đầy đủ, chính xác.",
    "Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị của người dân, tổ chức.",
)
HANDED_IN = ("Trực tiếp tại Bộ phận Một cửa", "Trực tuyến trên Cổng Dịch vụ công", "Qua dịch vụ bưu chính công ích")
SIPAS_QUESTIONS: list[dict[str, Any]] = [
    *({"kind": QuestionKind.SCALE, "text": text, "options": [dict(o) for o in SCALE_OPTIONS], "correct": []}
      for text in SIPAS_ASPECTS),
    {"kind": QuestionKind.SINGLE, "text": "Ông/Bà đã nộp hồ sơ theo cách nào?", "correct": [],
     "options": [{"letter": letter, "text": text} for letter, text in zip("ABC", HANDED_IN, strict=True)]},
    {"kind": QuestionKind.TEXT, "text": "Ông/Bà có góp ý gì để cơ quan phục vụ tốt hơn?", "options": [], "correct": []},
]  # fmt: skip


class SurveyError(ValueError):
    """A refused write; the message is Vietnamese."""

    def __init__(self, message: str, errors: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.errors = dict(errors or {})


@dataclass
class SurveyInput:
    title: str
    opens_at: dt.datetime
    closes_at: dt.datetime | None = None
    intro: str = ""
    fields: Sequence[str] = ()
    is_anonymous: bool = True


@transaction.atomic
def create_survey(actor: Actor, unit: Any, data: SurveyInput) -> Survey:
    """A survey of `unit` with the SIPAS questionnaire (edited afterwards in its question bank)."""
    if not is_organiser(actor) or not (actor.is_admin or actor.unit_id == unit.pk):
        raise SurveyError("Bạn không được tạo cuộc khảo sát cho đơn vị này.")
    try:
        values = inputs.bounded(Survey, {"title": data.title, "intro": data.intro})
        fields = [inputs.clean_text(f, label="Lĩnh vực", max_length=200, multiline=False) for f in data.fields]
    except inputs.InputError as exc:
        raise SurveyError(exc.message) from None
    if not values["title"]:
        raise SurveyError("Tên cuộc khảo sát: không được để trống.")
    if data.closes_at and data.closes_at <= data.opens_at:
        raise SurveyError("Thời điểm đóng phải sau thời điểm mở.")
    fields = list(dict.fromkeys(f for f in fields if f))[:MAX_FIELDS]
    bank = questions.create_bank(
        actor, f"Phiếu khảo sát: {values['title']}"[:200], unit, purpose=QuestionBank.Purpose.SURVEY
    )
    questions.add_questions(actor, bank, SIPAS_QUESTIONS)
    survey = Survey.objects.create(
        **values,
        organiser_unit=unit,
        bank=bank,
        token=secrets.token_urlsafe(16),
        fields=fields,
        opens_at=data.opens_at,
        closes_at=data.closes_at,
        is_anonymous=data.is_anonymous,
        created_by=actor if signed_in(actor) else None,
    )
    log_action(actor, "surveys.survey.created", survey, after={"title": survey.title})
    return survey


def is_open(survey: Survey, now: dt.datetime) -> bool:
    return survey.opens_at <= now and (survey.closes_at is None or now < survey.closes_at)


def questionnaire(survey: Survey) -> list[dict[str, Any]]:
    """The survey's current questions in order, as the question engine serves them."""
    ids = selectors.current_ids(survey.bank_id)
    content = selectors.content(ids)
    return sorted(content.values(), key=lambda q: q["key"])


def _answers(survey: Survey, form: Mapping[str, Any]) -> dict[str, list[str]]:
    answers: dict[str, list[str]] = {}
    for number, q in enumerate(questionnaire(survey), start=1):
        getter = getattr(form, "getlist", None)
        raw = getter(f"q{q['id']}") if getter and q["kind"] == QuestionKind.MULTIPLE else form.get(f"q{q['id']}")
        try:
            if q["kind"] == QuestionKind.TEXT:
                text = inputs.clean_text(raw, label=f"Câu {number}", max_length=TEXT_MAX)
                answer = [text] if text else None
            else:
                answer = engine.clean_answer(q["kind"], q["option_ids"], raw)
        except (inputs.InputError, ValueError) as exc:
            raise SurveyError(getattr(exc, "message", f"Câu {number}: {exc}")) from None
        if answer:
            answers[str(q["id"])] = answer
    return answers


@dataclass
class ResponseInput:
    nonce: str
    unit_id: Any
    field: str = ""
    paper_number: str = ""
    answered_on: dt.date | None = None
    respondent: str = ""


def _limit_client(client: str | None) -> None:
    limit = int(settings.SURVEY_RESPONSES_PER_CLIENT_HOUR)
    if not client or not limit:
        return
    key = f"surveys:client:{client}"
    cache.add(key, 0, 3600)
    try:
        count = cache.incr(key)
    except ValueError:
        count = 1
    if count > limit:
        raise SurveyError("Đã nhận quá nhiều phiếu từ cùng một địa chỉ trong một giờ: hãy thử lại sau.")


def submit_response(
    survey: Survey,
    form: Mapping[str, Any],
    data: ResponseInput,
    *,
    actor: Actor = None,
    client: str | None = None,
    now: dt.datetime | None = None,
) -> tuple[Response, bool]:
    """Record one filled questionnaire: online (anyone, while the survey is open) or a paper form (entered by an
    organiser, numbered). Returns (response, created): the same form posted again gives back the first one."""
    now = now or timezone.now()
    today = timezone.localdate(now)  # the day in Vietnam: a form filled at 6 a.m. there is not yesterday's (UTC)
    paper = bool(actor is not None and signed_in(actor))
    if paper and not can_manage_survey(actor, survey):
        raise SurveyError("Bạn không được nhập phiếu cho cuộc khảo sát này.")
    if not paper and not is_open(survey, now):
        raise SurveyError("Cuộc khảo sát hiện không nhận phiếu.")
    nonce = str(data.nonce or "")
    if not 16 <= len(nonce) <= 43 or not nonce.replace("-", "").replace("_", "").isalnum():
        raise SurveyError("Phiếu đã cũ: hãy tải lại trang rồi trả lời.")
    existing = Response.objects.filter(survey=survey, nonce=nonce).first()
    if existing is not None:
        return existing, False
    errors: dict[str, str] = {}
    text = str(data.unit_id or "")
    unit_id = int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None
    if unit_id is None or not evaluated_units(survey, today).filter(pk=unit_id).exists():
        errors["unit_id"] = "Cơ quan giải quyết thủ tục: hãy chọn trong danh sách."
    field = str(data.field or "").strip()
    if field and field not in survey.fields:
        errors["field"] = "Lĩnh vực: hãy chọn trong danh sách."
    try:
        paper_number = inputs.clean_text(data.paper_number, label="Số phiếu", max_length=40, multiline=False)
        respondent = (
            ""
            if survey.is_anonymous
            else inputs.clean_text(data.respondent, label="Người trả lời", max_length=200, multiline=False)
        )
    except inputs.InputError as exc:
        raise SurveyError(exc.message) from None
    if paper and not paper_number:
        errors["paper_number"] = "Số phiếu: hãy ghi số in trên phiếu giấy (để không nhập một phiếu hai lần)."
    answered_on = data.answered_on or today
    if paper and not (timezone.localdate(survey.opens_at) - dt.timedelta(days=1) <= answered_on <= today):
        errors["answered_on"] = "Ngày trả lời phải trong thời gian khảo sát và không sau hôm nay."
    if errors or unit_id is None:
        raise SurveyError(" ".join(errors.values()), errors)
    answers = _answers(survey, form)
    if not answers:
        raise SurveyError("Phiếu chưa có câu trả lời nào.")
    if not paper:
        _limit_client(client)
    scale = [a[0] for qid, a in answers.items() if _kind(survey, qid) == QuestionKind.SCALE]
    response = Response(
        survey=survey,
        channel=Response.Channel.PAPER if paper else Response.Channel.ONLINE,
        nonce=nonce,
        paper_number=paper_number if paper else "",
        unit_id=unit_id,
        field=field,
        answers=answers,
        scale_answers=len(scale),
        satisfied_answers=sum(1 for a in scale if a in SATISFIED),
        respondent=respondent,
        entered_by=actor if paper else None,
        answered_on=answered_on,
    )
    try:
        with transaction.atomic():
            response.save()
            log_action(actor if paper else None, "surveys.response.recorded", response, root=survey)
    except IntegrityError:
        again = Response.objects.filter(survey=survey, nonce=nonce).first()
        if again is not None:
            return again, False
        raise SurveyError(f"Phiếu số «{paper_number}» đã được nhập trước đây.", {"paper_number": "Đã nhập."}) from None
    return response, True


def _kind(survey: Survey, question_id: str) -> str:
    return str(selectors.content([int(question_id)])[int(question_id)]["kind"])


def new_nonce() -> str:
    return secrets.token_urlsafe(16)
