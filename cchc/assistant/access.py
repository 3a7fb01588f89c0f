"""Request-driven reads of the assistant: public procedure pages and the staff list of unanswered questions."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from cchc.accounts.types import Viewer, signed_in
from cchc.assistant.models import Procedure, Question
from cchc.assistant.parsing import LEVELS
from cchc.assistant.services import get_index

CURATE_PERMISSION = "assistant.curate_procedures"


def get_procedure(code: str) -> Procedure:
    """Any procedure, for anyone: the corpus is public information."""
    return get_object_or_404(Procedure, code=code)


def search_procedures(query: str = "", field: str = "", level: str = "") -> tuple[QuerySet[Procedure], list[str]]:
    """Procedures filtered by field and level; with a query, ranked by the assistant's retrieval (accent- and
    typo-insensitive). Returns the queryset and, for a query, the codes in rank order."""
    queryset = Procedure.objects.in_field(field).at_level(level if level in LEVELS else "")
    if not query.strip():
        return queryset, []
    hits = get_index().search(query, k=60).hits
    codes = [h.code for h in hits]
    return queryset.filter(code__in=codes), codes


def fields() -> list[str]:
    return list(Procedure.objects.exclude(field="").order_by("field").values_list("field", flat=True).distinct())


def can_see_questions(user: Viewer) -> bool:
    """Citizens' unanswered questions are for the staff who curate the procedure corpus: administrators and those
    given the curating permission — not every officer, owner or leader of every province."""
    if not signed_in(user) or not user.is_active:
        return False
    return user.is_admin or user.has_perm(CURATE_PERMISSION)


def unanswered_questions_for(user: Viewer) -> QuerySet[Question]:
    """The questions the assistant could not answer: administrators and corpus curators only."""
    if not can_see_questions(user):
        raise PermissionDenied("Chỉ quản trị viên và người biên tập kho thủ tục được xem câu hỏi chưa trả lời.")
    return Question.objects.filter(answered=False)


def frequent_unanswered_for(user: Viewer, limit: int = 20) -> list[dict[str, str | int]]:
    """The unanswered questions asked most often (same text after redaction), for the communication plan."""
    rows = unanswered_questions_for(user).values("text").annotate(times=Count("pk")).order_by("-times", "text")
    return list(rows[:limit])


def question_stats_for(user: Viewer) -> dict[str, int]:
    if not can_see_questions(user):
        raise PermissionDenied("Chỉ quản trị viên và người biên tập kho thủ tục được xem thống kê câu hỏi.")
    totals = Question.objects.aggregate(total=Count("pk"))
    return {"total": totals["total"], "unanswered": Question.objects.filter(answered=False).count()}
