"""The assistant's writes and its question answering: corpus import, the in-memory index, logged answers."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from cchc.accounts.types import Actor
from cchc.assistant import llm
from cchc.assistant.answers import (
    Passage,
    QuestionRejected,
    answer_text,
    clean_question,
    passages_for,
    redact,
    summary_for,
    without_contact_data,
)
from cchc.assistant.models import CorpusImport, Procedure, Question
from cchc.assistant.parsing import SHIPPED_CORPUS, ProcedureRecord, fingerprint, parse_record, read_records
from cchc.assistant.retrieval import Index, SearchResult, doc_for_record
from cchc.core import pagecache
from cchc.core.audit import log_action

# Public pages and answers drawn from the procedure corpus change when it does (an import, an edited record).
CORPUS_SCOPES = [pagecache.scope(CorpusImport), pagecache.scope(Procedure)]

RECORD_FIELDS = [
    "name", "url", "decision_number", "levels", "procedure_type", "field", "ministry", "audience", "agency",
    "competent_agency", "address", "related", "steps", "conditions", "results", "channels", "documents",
    "legal_basis", "complete", "fingerprint",
]  # fmt: skip
INDEX_FIELDS = ["code", "name", "field", "levels", "results", "audience"]
# How often (seconds) a process checks whether the corpus was re-imported.
INDEX_CHECK_SECONDS = 2.0
DECLINED = (
    "Xin lỗi, trợ lý ảo chưa tìm thấy thủ tục trả lời đúng câu hỏi này (không tìm thấy). Bạn có thể xem các thủ "
    "tục gần nhất bên dưới, hỏi lại bằng tên thủ tục cụ thể hơn, hoặc gửi phản ánh, kiến nghị để được cán bộ trả lời."
)


def declined_message() -> str:
    """The decline, with the hotline where a person answers (settings.ASSISTANT_HOTLINE; none said if empty)."""
    hotline = getattr(settings, "ASSISTANT_HOTLINE", "")
    return f"{DECLINED} Bạn cũng có thể gọi đường dây nóng {hotline}." if hotline else DECLINED


VAGUE = (
    "Bạn vui lòng nói rõ hơn việc cần làm, ví dụ: “Làm giấy khai sinh cho con cần giấy tờ gì?”, "
    "“Đăng ký thường trú mất bao lâu?”, “Làm lại căn cước bị mất ở đâu?”."
)


@dataclass
class ImportCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0


def _xlsx_record(raw: dict[str, Any]) -> ProcedureRecord:
    """A row of the portal's xlsx list: only code, name, agency and field are known."""
    return ProcedureRecord(
        code=str(raw["ma_thu_tuc"]).strip(),
        name=str(raw["ten_thu_tuc"]).strip(),
        field=str(raw.get("linh_vuc") or ""),
        agency=str(raw.get("co_quan_thuc_hien") or ""),
        ministry=str(raw.get("co_quan_ban_hanh") or ""),
        complete=False,
    )


IMPORT_BATCH = 300


@transaction.atomic
def import_procedures(path: Path | None = None, *, actor: Actor = None) -> CorpusImport:
    """Import procedures from a .jsonl(.gz) export of the national database or the portal's .xlsx list
    (default: the shipped corpus). Re-importing updates changed records and never duplicates; an xlsx row does
    not overwrite a full record. Streams in batches; writes one CorpusImport and one audit entry."""
    source = path or SHIPPED_CORPUS
    is_xlsx = source.suffix.lower() == ".xlsx"
    counts = ImportCounts()
    existing = {
        code: (pk, fingerprint, complete)
        for code, pk, fingerprint, complete in Procedure.objects.values_list("code", "pk", "fingerprint", "complete")
    }
    seen: set[str] = set()
    to_create: list[Procedure] = []
    to_update: list[Procedure] = []
    for raw in read_records(source):
        code = str(raw.get("ma_thu_tuc", "")).strip()
        if code in seen:
            counts.skipped += 1
            continue
        seen.add(code)
        digest = fingerprint(raw)
        current = existing.get(code)
        if current and (current[1] == digest or (is_xlsx and current[2])):
            counts.unchanged += 1
            continue
        try:
            record = _xlsx_record(raw) if is_xlsx else parse_record(raw)
        except (ValueError, KeyError):
            counts.skipped += 1
            continue
        values = record.as_dict()
        values["fingerprint"] = digest
        row = Procedure(code=record.code, **{k: values[k] for k in RECORD_FIELDS})
        if current:
            row.pk = current[0]
            row.updated_at = timezone.now()  # bulk_update skips auto_now
            to_update.append(row)
        else:
            to_create.append(row)
        if len(to_create) + len(to_update) >= IMPORT_BATCH:
            _flush(to_create, to_update, counts)
    _flush(to_create, to_update, counts)
    run = CorpusImport.objects.create(
        source=str(source.name), created=counts.created, updated=counts.updated, unchanged=counts.unchanged
    )
    log_action(actor, "assistant.procedures.imported", run, after={**counts.__dict__, "source": source.name})
    return run


def _flush(to_create: list[Procedure], to_update: list[Procedure], counts: ImportCounts) -> None:
    Procedure.objects.bulk_create(to_create)
    if to_update:
        Procedure.objects.bulk_update(to_update, [*RECORD_FIELDS, "updated_at"])
    counts.created += len(to_create)
    counts.updated += len(to_update)
    to_create.clear()
    to_update.clear()


# --- the index: one per process, rebuilt when the corpus changes -------------------------------------------------

_lock = threading.Lock()
_state: dict[str, Any] = {"version": None, "index": None, "checked": 0.0}


def corpus_version() -> int:
    """The id of the last import that changed something (0 before any)."""
    value = (
        CorpusImport.objects.filter(Q(created__gt=0) | Q(updated__gt=0)).order_by("-pk").values_list("pk", flat=True)
    ).first()
    return value or 0


def get_index() -> Index:
    """The retrieval index of the procedures in the database, built lazily and rebuilt after a re-import."""
    now = time.monotonic()
    with _lock:
        index: Index | None = _state["index"]
        if index is not None and now - _state["checked"] < INDEX_CHECK_SECONDS:
            return index
        version = corpus_version()
        _state["checked"] = now
        if index is None or version != _state["version"]:
            rows = Procedure.objects.values(*INDEX_FIELDS)
            index = Index(doc_for_record(row) for row in rows)
            _state.update(index=index, version=version)
        return index


def reset_index() -> None:
    """Forget the cached index (tests, re-import in the same process)."""
    with _lock:
        _state.update(version=None, index=None, checked=0.0)
    pagecache.changed(*CORPUS_SCOPES)


# --- asking --------------------------------------------------------------------------------------------------------


@dataclass
class Candidate:
    """A procedure offered in a reply, with the passages quoted from it."""

    code: str
    name: str
    levels: str
    score: float
    url: str
    passages: list[Passage] = field(default_factory=list)
    # A few plain sentences answering the part asked about, before the quotes.
    summary: list[str] = field(default_factory=list)


@dataclass
class Reply:
    """What the assistant says: the cited answer (or why not), the candidates best first."""

    question: str
    answered: bool
    aspect: str
    message: str = ""
    answer: str = ""
    cited: list[Candidate] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    rephrased: str = ""

    def as_json(self) -> dict[str, Any]:
        """The contract of `manage.py ask --json` and the API: exactly these keys."""
        return {
            "answered": self.answered,
            "aspect": self.aspect,
            "results": [{"code": c.code, "name": c.name, "score": c.score} for c in self.candidates],
            "answer": self.answer or self.message,
        }


def _record(procedure: Procedure) -> dict[str, Any]:
    return {"code": procedure.code, **{f: getattr(procedure, f) for f in RECORD_FIELDS}}


def answer(question: str, *, channel: str = "web", log: bool = True, k: int = 5) -> Reply:
    """Answer a citizen's question from the procedure records; log it without personal data.
    Bad input gets a polite reply (answered=False, message set), never an exception."""
    try:
        text = clean_question(question)
    except QuestionRejected as exc:
        return Reply(question=question or "", answered=False, aspect="general", message=str(exc))
    # A question asked again (the same words once cleaned) gets the answer already found, until the corpus changes.
    reply = pagecache.remember("assistant:answer", [text, k], CORPUS_SCOPES, lambda: _reply(text, k))
    if log:
        log_question(reply, channel=channel)
    return reply


def _reply(text: str, k: int) -> Reply:
    result: SearchResult = get_index().search(without_contact_data(text), k=k)
    procedures = Procedure.objects.in_bulk([h.code for h in result.hits], field_name="code")
    candidates = [
        Candidate(
            code=h.code, name=h.name, levels=h.levels, score=h.score, url=reverse("assistant:procedure", args=[h.code])
        )
        for h in result.hits
        if h.code in procedures
    ]
    reply = Reply(
        question=text, answered=result.answered and bool(candidates), aspect=result.aspect, candidates=candidates
    )
    if reply.answered:
        alternative_codes = {h.code for h in result.alternatives}
        cited = [candidates[0], *(c for c in candidates[1:] if c.code in alternative_codes)]
        texts = []
        for candidate in cited:
            record = _record(procedures[candidate.code])
            candidate.passages = passages_for(record, result.aspect)
            candidate.summary = summary_for(record, result.aspect)
            texts.append(answer_text(record, result.aspect, candidate.url))
        reply.cited = cited
        reply.answer = "\n\n".join(texts)
        if len(cited) > 1:
            reply.message = "Thủ tục này được thực hiện ở nhiều cấp; bạn chọn đúng nơi mình nộp hồ sơ:"
        if getattr(settings, "ASSISTANT_LLM_URL", ""):
            reply.rephrased = llm.rephrase(settings.ASSISTANT_LLM_URL, text, reply.answer, [c.code for c in cited])
    else:
        reply.message = VAGUE if result.vague else declined_message()
    return reply


def log_question(reply: Reply, *, channel: str = "web") -> Question:
    """Keep the question (personal data removed) and whether it was answered; feeds the communication plan."""
    top = reply.candidates[0] if reply.candidates else None
    return Question.objects.create(
        text=redact(reply.question)[:2000],
        aspect=reply.aspect,
        answered=reply.answered,
        top_code=top.code if top else "",
        score=top.score if top else 0.0,
        channel=channel[:20],
    )
