"""The assistant app in the JSON API: ask a question, read a procedure (public, rate-limited)."""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from cchc.assistant import access, services
from cchc.assistant.answers import MAX_QUESTION_CHARS
from cchc.assistant.views import RATE_LIMITED, rate_limited

router = Router(tags=["assistant"])


class AskIn(Schema):
    question: str


class ResultOut(Schema):
    code: str
    name: str
    score: float


class AskOut(Schema):
    answered: bool
    aspect: str
    results: list[ResultOut]
    answer: str


@router.post("/ask", response=AskOut, auth=None, summary="Hỏi trợ lý ảo về thủ tục hành chính")
def ask(request: HttpRequest, payload: AskIn) -> dict[str, Any]:
    if rate_limited(request):
        raise HttpError(429, RATE_LIMITED)
    return services.answer(payload.question[: MAX_QUESTION_CHARS * 20], channel="api").as_json()


@router.get("/procedures/{code}", auth=None, summary="Một thủ tục hành chính với các phần đã tách")
def procedure(request: HttpRequest, code: str) -> dict[str, Any]:
    p = access.get_procedure(code)
    return {
        "code": p.code,
        "name": p.name,
        "levels": p.levels,
        "field": p.field,
        "agency": p.agency,
        "channels": p.channels,
        "documents": p.documents,
        "steps": p.steps,
        "conditions": p.conditions,
        "results": p.results,
        "legal_basis": p.legal_basis,
        "url": p.url,
    }
