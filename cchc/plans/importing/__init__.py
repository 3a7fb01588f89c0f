"""Plan document importer: .txt/.docx/.pdf bytes to a plan draft (plan JSON + confidence and source spans).

Everything about importing a plan document lives in this package. Reading and recognising, without Django:
`readers` (bytes to blocks; `ocr` for scans), `textlayout`, `blocks`, `ocrfix`, and `parser` with one module per
region of the document (`heading`, `sections`, `activities`, `duties`, `closing`, `tree`, sharing `items`) and the
helpers `citations`, `units`, `timing`. In Django: `services` (the PlanImport record: upload, reading, review,
saving), `tasks` (the background reading), `forms` (the review screen's forms and the draft↔form mapping),
`views` and `urls` (upload → review → save).
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from cchc.core.diacritics import Correction, get_model, needs_restoration, restore, restore_explained
from cchc.plans.importing.blocks import Block, Paragraph, SourceDocument, Table
from cchc.plans.importing.carrier import split_decision
from cchc.plans.importing.errors import DocumentImportError
from cchc.plans.importing.ocr import Progress
from cchc.plans.importing.ocrfix import fix_ocr
from cchc.plans.importing.parser import PlanDraft, parse_plan
from cchc.plans.importing.readers import read_document

__all__ = [
    "DocumentImportError",
    "PlanDraft",
    "Progress",
    "draft_and_restored",
    "draft_from_source",
    "import_document",
    "restore_marks",
]

MAX_TEXT_CHARS = 2_000_000
TIME_LIMIT = 60.0


_SEPARATOR = "\n\x1e\n"


def _restore_all(texts: list[str]) -> tuple[list[str], str, list[Correction]]:
    """Restore many pieces in one pass (the model's context runs on; one call is much faster than many): the pieces,
    the whole restored text (pieces apart by blank lines) and the words to review in it."""
    whole, corrections = restore_explained(_SEPARATOR.join(texts))
    restored = whole.split(_SEPARATOR)
    if len(restored) != len(texts):
        restored, corrections = [restore(t) for t in texts], []
        whole = _SEPARATOR.join(restored)
    return restored, whole.replace("\x1e", "\n"), corrections


def restore_marks(doc: SourceDocument) -> SourceDocument:
    """Put back diacritics where the text lost them (OCR, unaccented typing); spans keep pointing at the source."""
    sample = " ".join(b.text for b in doc.blocks if isinstance(b, Paragraph))[:20000]
    if not needs_restoration(sample):
        return doc
    texts: list[str] = []
    for block in doc.blocks:
        texts.extend([block.text] if isinstance(block, Paragraph) else [cell for row in block.rows for cell in row])
    try:
        get_model()
    except Exception:  # the restoration model is missing or unreadable: parse the text as it is
        return SourceDocument(
            text=doc.text,
            blocks=doc.blocks,
            warnings=[*doc.warnings, "Văn bản bị mất dấu tiếng Việt và hệ thống chưa khôi phục được dấu."],
        )
    restored, whole, corrections = _restore_all([fix_ocr(t) for t in texts])
    pieces = iter(restored)
    blocks: list[Block] = []
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            blocks.append(Paragraph(next(pieces), block.span, block.level))
        else:
            blocks.append(Table([[next(pieces) for _ in row] for row in block.rows], block.span))
    warnings = [*doc.warnings, "Văn bản bị mất dấu tiếng Việt; hệ thống đã tự khôi phục dấu, hãy soát lại."]
    return SourceDocument(
        text=doc.text, blocks=blocks, warnings=warnings, restored=True, restored_text=whole, corrections=corrections
    )


@contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Stop the work after `seconds` (a timer signal; only possible in the main thread, else stage checks only)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread() and seconds > 0

    def expire(signum: int, frame: object) -> None:
        raise DocumentImportError(f"Đọc và nhận dạng văn bản quá {seconds:g} giây, vượt thời gian cho phép.")

    if not usable:
        yield
        return
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def import_document(
    data: bytes, filename: str, time_limit: float = TIME_LIMIT, progress: Progress | None = None
) -> PlanDraft:
    """Read a plan document and return its draft; DocumentImportError (Vietnamese message) for unusable input.

    Reading is limited per page (scanned pages) and by the page count, not by one clock for the whole document:
    `time_limit` bounds the recognition of the plan in the text once read. `progress(done, total)` is told after
    each scanned page.
    """
    return draft_from_source(read_document(data, filename, progress), filename, time_limit)


def draft_from_source(doc: SourceDocument, filename: str, time_limit: float = TIME_LIMIT) -> PlanDraft:
    """The plan draft of a document already read (see import_document)."""
    return draft_and_restored(doc, filename, time_limit)[0]


def draft_and_restored(
    doc: SourceDocument, filename: str, time_limit: float = TIME_LIMIT
) -> tuple[PlanDraft, SourceDocument]:
    """The plan draft of a document already read, and the document as parsed (its marks restored if it lost them,
    with the words a reviewer should look at)."""
    with _deadline(time_limit):
        return _draft(doc, filename, time_limit)


def _draft(doc: SourceDocument, filename: str, time_limit: float) -> tuple[PlanDraft, SourceDocument]:
    started = time.monotonic()
    if len(doc.text) > MAX_TEXT_CHARS:
        raise DocumentImportError("Văn bản quá dài để là một kế hoạch (hơn 2 triệu ký tự).")
    doc = restore_marks(doc)
    if time.monotonic() - started > time_limit:
        raise DocumentImportError(f"Khôi phục dấu văn bản quá {time_limit:g} giây, vượt thời gian cho phép.")
    carrier, plan_doc = split_decision(doc)
    try:
        draft = parse_plan(plan_doc, filename)
    except RecursionError:
        raise DocumentImportError("Cấu trúc văn bản quá phức tạp để nhận dạng.") from None
    if time.monotonic() - started > time_limit:
        raise DocumentImportError(f"Nhận dạng văn bản quá {time_limit:g} giây, vượt thời gian cho phép.")
    if carrier is not None:
        _carried(draft, carrier)
    return draft, doc


def _carried(draft: PlanDraft, carrier: dict[str, object]) -> None:
    """A plan issued by a decision: the decision is its carrier; the plan has no number of its own and is issued on
    the decision's day."""
    plan = draft.plan
    plan["carrier"] = carrier
    if plan["number"] == carrier["number"]:
        plan["number"] = None
    plan["issued_date"] = plan["issued_date"] or carrier["issued_date"]
    draft.warnings.append(
        f"Văn bản là quyết định ban hành kế hoạch (số {carrier['number'] or '…'}): "
        "đã giữ quyết định làm văn bản ban hành và nhận dạng kế hoạch kèm theo."
    )
