"""What survey pages and reports show: results by question (counts, shares, the satisfaction rate — the share of
«hài lòng» and «rất hài lòng» answers, as SIPAS counts it), by unit, by procedure field and by channel, filtered by
unit, field and period; and the satisfaction figures the reports read."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, QuerySet, Sum

from cchc.core.handover import piece_query
from cchc.questions import selectors as questions
from cchc.questions.models import QuestionKind
from cchc.surveys.models import Response, Survey

SCALE_LEVELS = ("1", "2", "3", "4", "5")


@dataclass
class Filters:
    unit_id: int | None = None
    field: str = ""
    start: dt.date | None = None
    end: dt.date | None = None


def responses(survey: Survey, filters: Filters) -> QuerySet[Response]:
    qs = Response.objects.filter(survey=survey)
    if filters.unit_id:
        qs = qs.filter(unit_id=filters.unit_id)
    if filters.field:
        qs = qs.filter(field=filters.field)
    if filters.start:
        qs = qs.filter(answered_on__gte=filters.start)
    if filters.end:
        qs = qs.filter(answered_on__lte=filters.end)
    return qs


def rate(satisfied: int | None, answers: int | None) -> float | None:
    """Satisfied answers as a percentage of scale answers (None when there is none)."""
    return round(100 * (satisfied or 0) / answers, 1) if answers else None


@dataclass
class QuestionResult:
    number: int
    text: str
    kind: str
    rows: list[tuple[str, int, float]] = field(default_factory=list)  # label, count, share of answers (%)
    answered: int = 0
    mean: float | None = None
    satisfaction: float | None = None
    comments: list[str] = field(default_factory=list)


def question_results(survey: Survey, qs: QuerySet[Response]) -> list[QuestionResult]:
    """Each current question of the questionnaire with its answers counted across the versions of the question."""
    current = sorted(questions.content(questions.current_ids(survey.bank_id)).values(), key=lambda q: q["key"])
    by_key: dict[int, Counter[str]] = {q["key"]: Counter() for q in current}
    comments: dict[int, list[str]] = {q["key"]: [] for q in current}
    answers = list(qs.values_list("answers", flat=True)[:200_000])
    seen_ids = {int(qid) for a in answers for qid in a}
    keys = {qid: q["key"] for qid, q in questions.content(seen_ids).items()}
    for a in answers:
        for qid, values in a.items():
            key = keys.get(int(qid))
            if key in by_key:
                by_key[key].update(values)
                if len(comments[key]) < 50:
                    comments[key].extend(v for v in values if len(v) > 0)
    out = []
    for number, q in enumerate(current, start=1):
        counts = by_key[q["key"]]
        result = QuestionResult(number, q["text"], q["kind"])
        if q["kind"] == QuestionKind.TEXT:
            result.comments = comments[q["key"]][:50]
            result.answered = sum(counts.values())
        else:
            total = sum(counts[o] for o in q["option_ids"])
            result.answered = (
                total if q["kind"] != QuestionKind.MULTIPLE else sum(1 for a in answers if str(q["id"]) in a)
            )
            result.rows = [
                (q["options"][o], counts[o], round(100 * counts[o] / total, 1) if total else 0.0)
                for o in q["option_ids"]
            ]
            if q["kind"] == QuestionKind.SCALE and total:
                result.mean = round(sum(int(o) * counts[o] for o in SCALE_LEVELS) / total, 2)
                result.satisfaction = rate(counts["4"] + counts["5"], total)
        out.append(result)
    return out


def breakdown(qs: QuerySet[Response], by: str) -> list[dict[str, Any]]:
    """Responses and satisfaction rate by 'unit__name', 'field' or 'channel'."""
    rows = qs.values(by).annotate(n=Count("id"), s=Sum("satisfied_answers"), a=Sum("scale_answers")).order_by("-n")
    return [{"label": r[by] or "—", "responses": r["n"], "rate": rate(r["s"], r["a"])} for r in rows]


def overall(qs: QuerySet[Response]) -> dict[str, Any]:
    totals = qs.aggregate(n=Count("id"), s=Sum("satisfied_answers"), a=Sum("scale_answers"))
    return {"responses": totals["n"], "rate": rate(totals["s"], totals["a"])}


def satisfaction_rows(unit_ids: Iterable[int], start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    """For reports: each survey's satisfaction rate for each of the units evaluated between start and end, in the
    shape of a logged rate (unit, title, date, rate %)."""
    rows = (
        Response.objects.filter(unit_id__in=list(unit_ids), answered_on__gte=start, answered_on__lte=end)
        .values("unit__name", "unit__path", "survey__title")
        .annotate(n=Count("id"), s=Sum("satisfied_answers"), a=Sum("scale_answers"), last=Max("answered_on"))
        .order_by("unit__path", "survey__title")
    )
    return [
        {
            "unit": r["unit__name"],
            "title": f"Khảo sát «{r['survey__title']}» ({r['n']} phiếu)",
            "date": r["last"],
            "rate": rate(r["s"], r["a"]),
        }
        for r in rows
        if r["a"]
    ]


def unit_satisfaction(unit_ids: Iterable[int], start: dt.date, end: dt.date) -> dict[int, float]:
    """For the scoring rubric: each evaluated unit's share (0–1) of satisfied answers between start and end; units
    without an answer are left out (no data)."""
    rows = (
        Response.objects.filter(unit_id__in=list(unit_ids), answered_on__gte=start, answered_on__lte=end)
        .values("unit_id")
        .annotate(s=Sum("satisfied_answers"), a=Sum("scale_answers"))
    )
    return {r["unit_id"]: round(r["s"] / r["a"], 4) for r in rows if r["a"]}


def announcement_query(survey: Survey, link: str) -> str:
    """The survey's invitation handed to the publishing form: its introduction, the QR code to its form."""
    body = "\n".join([survey.intro.strip() or f"Mời bà con tham gia khảo sát «{survey.title}».", "",
                      *(["Phiếu khảo sát không ghi tên người trả lời."] if survey.is_anonymous else []),
                      f"Cách tham gia: quét mã QR hoặc truy cập {link}"])  # fmt: skip
    return piece_query("announcement", f"Mời tham gia khảo sát «{survey.title}»", body, link)
