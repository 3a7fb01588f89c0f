"""Public pages of the assistant (procedures, chat, embeddable widget) and the staff page of unanswered questions."""

from __future__ import annotations

import csv
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from cchc.accounts.types import AuthenticatedRequest
from cchc.assistant import access, services
from cchc.assistant.parsing import LEVELS
from cchc.assistant.vocabulary import ASPECT_LABELS
from cchc.core import handover, pagecache
from cchc.core.clients import over_rate

HISTORY_TURNS = 10
EXAMPLES = [
    "Làm giấy khai sinh cho con cần giấy tờ gì?",
    "lam lai can cuoc bi mat o dau",
    "Đăng ký kết hôn mất bao lâu?",
    "Sang tên sổ đỏ nộp hồ sơ ở đâu?",
]
RATE_LIMITED = "Bạn hỏi nhanh quá. Vui lòng đợi một phút rồi hỏi tiếp."


def rate_limited(request: HttpRequest) -> bool:
    """True when this client asked more than ASSISTANT_RATE_PER_MINUTE questions in the current minute."""
    return over_rate(request, "assistant", int(settings.ASSISTANT_RATE_PER_MINUTE))


def _turn(request: HttpRequest, question: str, channel: str) -> dict[str, Any]:
    if rate_limited(request):
        return {"question": question, "answered": False, "message": RATE_LIMITED, "limited": True}
    reply = services.answer(question, channel=channel)
    return {
        "question": reply.question or question,
        "answered": reply.answered,
        "aspect": ASPECT_LABELS.get(reply.aspect, ""),
        "message": reply.message,
        "rephrased": reply.rephrased,
        "cited": [c.__dict__ | {"passages": [p.__dict__ for p in c.passages]} for c in reply.cited],
        "candidates": [c.__dict__ for c in reply.candidates if c not in reply.cited],
    }


def _chat(request: HttpRequest, template: str, channel: str, *, keep_history: bool) -> HttpResponse:
    """Ask and show. With htmx only the new turn is returned; without, the chat page keeps the conversation in the
    session (keep_history) or the page shows the last turn (the framed widget, where cookies are not sent)."""
    history: list[dict[str, Any]] = request.session.get("assistant_history", []) if keep_history else []
    asked = request.POST.get("question") if request.method == "POST" else request.GET.get("q")
    context: dict[str, Any] = {"examples": EXAMPLES}
    if asked is not None:
        turn = _turn(request, asked[:20000], channel)
        if request.headers.get("HX-Request"):
            if keep_history:
                request.session["assistant_history"] = [*history, turn][-HISTORY_TURNS:]
            return render(request, "assistant/_turn.html", {"turn": turn, **context})
        if not keep_history:
            return render(request, template, {"history": [turn], **context})
        request.session["assistant_history"] = [*history, turn][-HISTORY_TURNS:]
        return redirect(request.path)
    if request.GET.get("moi") and keep_history:
        request.session["assistant_history"] = []
        return redirect(request.path)
    return render(request, template, {"history": history, **context})


@require_http_methods(["GET", "POST"])
def chat(request: HttpRequest) -> HttpResponse:
    """The chat-like page: ask in your own words, get the record's own answer with its code and link."""
    return _chat(request, "assistant/chat.html", "web", keep_history=True)


@xframe_options_exempt
@csrf_exempt  # framed by other sites, where the CSRF cookie is not sent; a question changes nothing but a log
@require_http_methods(["GET", "POST"])
def widget(request: HttpRequest) -> HttpResponse:
    """The page the embeddable widget shows in its iframe (may be framed by other sites)."""
    return _chat(request, "assistant/widget.html", "widget", keep_history=False)


def embed_help(request: HttpRequest) -> HttpResponse:
    """How to put the assistant on another website."""
    return render(request, "assistant/embed.html", {})


def procedure_list(request: HttpRequest) -> HttpResponse:
    """All procedures, searchable (accent- and typo-insensitive) and filterable by field and level."""
    return pagecache.public_page(request, "assistant:procedures", [], services.CORPUS_SCOPES, lambda: _list(request))


def _list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:300]
    field = request.GET.get("linh_vuc", "")[:300]
    level = request.GET.get("cap", "")
    queryset, ranked = access.search_procedures(query, field, level)
    rows: list[Any]
    if ranked:
        by_code = {p.code: p for p in queryset}
        rows = [by_code[c] for c in ranked if c in by_code]
    else:
        rows = list(queryset.only("code", "name", "levels", "field", "ministry"))
    page = Paginator(rows, 30).get_page(request.GET.get("trang"))
    params = request.GET.copy()
    params.pop("trang", None)
    return render(
        request,
        "assistant/procedure_list.html",
        {
            "page": page,
            "query": query,
            "field": field,
            "level": level,
            "fields": access.fields(),
            "levels": LEVELS,
            "params": params.urlencode(),
            "total": len(rows),
        },
    )


def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    """One procedure with its sections, as published by the national database."""
    procedure = access.get_procedure(code)
    draft = procedure.qa_draft()
    qa_query = handover.piece_query("procedure_qa", draft["title"], draft["body"], draft["link"])
    context = {
        "p": procedure, "qa_query": qa_query,
        "staff": bool(getattr(request.user, "unit_id", None)),
    }  # fmt: skip
    return pagecache.public_page(
        request,
        "assistant:procedure",
        [],
        services.CORPUS_SCOPES,
        lambda: render(request, "assistant/procedure_detail.html", context),
    )


@login_required
def unanswered(request: AuthenticatedRequest) -> HttpResponse:
    """Staff: the questions citizens asked that the assistant could not answer (for the communication plan);
    ?dinh_dang=csv downloads them."""
    questions = access.unanswered_questions_for(request.user)
    if request.GET.get("dinh_dang") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="cau-hoi-chua-tra-loi.csv"'
        response.write("\ufeff")  # Excel opens UTF-8 CSV correctly only with a BOM
        writer = csv.writer(response)
        writer.writerow(["Thời gian", "Câu hỏi", "Nội dung hỏi", "Thủ tục gần nhất", "Điểm", "Kênh"])
        for q in questions.iterator():
            created = timezone.localtime(q.created_at).strftime("%d/%m/%Y %H:%M")
            writer.writerow([created, _csv_safe(q.text), q.aspect_label, q.top_code, f"{q.score:.2f}", q.channel])
        return response
    page = Paginator(questions, 50).get_page(request.GET.get("trang"))
    return render(
        request,
        "assistant/unanswered.html",
        {
            "page": page,
            "stats": access.question_stats_for(request.user),
            "frequent": access.frequent_unanswered_for(request.user),
        },
    )


def _csv_safe(text: str) -> str:
    """A cell that a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
