"""Writers for plan document imports: store an upload, read it into a draft, save the reviewed draft as a plan."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import OperationalError, transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone

from cchc.accounts.types import Actor, Viewer, signed_in
from cchc.core.audit import log_action
from cchc.plans.importing import DocumentImportError, PlanDraft, Progress, draft_and_restored
from cchc.plans.importing.readers import read_document
from cchc.plans.models import PlanImport
from cchc.plans.schema import PlanFormatError
from cchc.plans.services import ImportResult, import_plan_json
from cchc.units.models import Unit

logger = logging.getLogger(__name__)

FAILURE_MESSAGE = "Hệ thống gặp lỗi khi đọc tệp này; hãy thử lại hoặc gửi tệp cho quản trị viên."


def upload_too_large(size: int | None) -> str | None:
    """The Vietnamese refusal for a file over settings.MAX_UPLOAD_BYTES (checked before the file is read)."""
    limit = settings.MAX_UPLOAD_BYTES
    if size is not None and size > limit:
        return f"Tệp quá lớn: tối đa {limit / (1024 * 1024):g} MB, tệp này {size / (1024 * 1024):.1f} MB."
    return None


def read_upload(data: bytes, filename: str, progress: Progress | None = None) -> tuple[PlanDraft, str, dict[str, Any]]:
    """The plan draft of an uploaded document, the text it was read from (its spans index into that text) and, for
    a text that lost its marks, the restored text with the words a reviewer should look at (see PlanImport)."""
    source = read_document(data, filename, progress)
    draft, parsed = draft_and_restored(source, filename)
    restoration: dict[str, Any] = {}
    if parsed.restored:
        words = [{**dataclasses.asdict(c), "checked": False} for c in parsed.corrections]
        restoration = {"text": parsed.restored_text, "words": words}
    return draft, source.text, restoration


def get_import_for_user(user: Viewer, import_id: int) -> PlanImport:
    """An import its own author (or an admin) may see; 404 for anybody else."""
    imports = PlanImport.objects.all()
    if not getattr(user, "is_admin", False):
        imports = imports.filter(created_by_id=getattr(user, "pk", None))
    record = imports.filter(pk=import_id).first()
    if record is None:
        raise Http404("Không tìm thấy lượt nhập văn bản.")
    return record


def recent_imports(user: Viewer, limit: int = 10) -> list[PlanImport]:
    """The user's own latest imports, to come back to one that is still waiting for review."""
    imports = PlanImport.objects.filter(created_by_id=getattr(user, "pk", None)).select_related("plan")
    return list(imports.defer("upload", "source_text", "draft", "meta")[:limit])


@transaction.atomic
def create_import(actor: Actor, filename: str, data: bytes) -> PlanImport:
    """Store an uploaded document, waiting to be read (see run_import)."""
    record = PlanImport.objects.create(
        filename=filename[:255], upload=data, created_by=actor if signed_in(actor) else None
    )
    log_action(actor, "plans.import.created", record, after={"filename": record.filename, "bytes": len(data)})
    return record


INTERRUPTED_MESSAGE = (
    "Việc đọc văn bản bị gián đoạn (máy chủ dừng giữa chừng) và không hoàn thành sau {attempts} lần thử. "
    "Hãy tải tệp lên lại; nếu vẫn lỗi, gửi tệp cho quản trị viên."
)


def run_import(import_id: int) -> PlanImport:
    """Read a stored upload into its draft; a document that cannot be read leaves the Vietnamese reason instead.
    Only a waiting import is started (so two workers never read the same one), and only the reading that started
    it may finish it (one declared dead and started again cannot be overwritten by the first)."""
    started = _when_free(
        lambda: PlanImport.objects.filter(pk=import_id, status=PlanImport.Status.PENDING).update(
            status=PlanImport.Status.RUNNING, attempts=F("attempts") + 1, updated_at=timezone.now()
        )
    )
    record = PlanImport.objects.get(pk=import_id)
    if not started:
        return record
    outcome: dict[str, Any]

    def progress(done: int, total: int) -> None:
        # Each page read is also the heartbeat: a reading that stops making progress is found by is_stale. A page
        # whose count cannot be written now (the database busy) is counted by the next one.
        _when_free(
            lambda: PlanImport.objects.filter(pk=record.pk, attempts=record.attempts).update(
                pages_done=done, pages_total=total, updated_at=timezone.now()
            ),
            required=False,
        )

    try:
        draft, text, restoration = read_upload(bytes(record.upload), record.filename, progress)
    except DocumentImportError as exc:
        outcome = {"status": PlanImport.Status.FAILED, "error": str(exc)}
    except Exception:  # an importer bug must not leave the user waiting forever
        logger.exception("Reading plan document %s (import %s) failed", record.filename, record.pk)
        outcome = {"status": PlanImport.Status.FAILED, "error": FAILURE_MESSAGE}
    else:
        outcome = {
            "status": PlanImport.Status.READY,
            "draft": draft.plan,
            "meta": draft.meta,
            "warnings": draft.warnings,
            "source_text": text,
            "restoration": restoration,
        }
    _when_free(
        lambda: PlanImport.objects.filter(
            pk=record.pk, status=PlanImport.Status.RUNNING, attempts=record.attempts
        ).update(upload=b"", updated_at=timezone.now(), **outcome)
    )
    record.refresh_from_db()
    return record


def _when_free(write: Callable[[], int], required: bool = True, tries: int = 30) -> int:
    """A write of the reading (in a worker or a thread of the web process) tried again while SQLite, the embedded
    default, says the database or table is locked by a page being served at that moment. When it stays locked, a
    `required` write raises; another is left out."""
    for attempt in range(tries):
        try:
            return write()
        except OperationalError as exc:
            if "locked" not in str(exc) or (required and attempt == tries - 1):
                raise
            time.sleep(min(0.05 * (attempt + 1), 0.5))
    return 0


def is_stale(record: PlanImport) -> bool:
    """True when the import says it is being read but has shown no progress (a page read, the end) for
    PLAN_IMPORT_STALE_SECONDS: the process reading it died."""
    cutoff = timezone.now() - dt.timedelta(seconds=int(settings.PLAN_IMPORT_STALE_SECONDS))
    return record.status == PlanImport.Status.RUNNING and record.updated_at < cutoff


def recover_stale_imports(import_id: int | None = None) -> tuple[list[int], list[int]]:
    """Imports left "Đang xử lý" by a crash: started again when they have an attempt left (their ids are returned
    first, for the caller to queue), else failed with the Vietnamese reason (returned second)."""
    cutoff = timezone.now() - dt.timedelta(seconds=int(settings.PLAN_IMPORT_STALE_SECONDS))
    stale = PlanImport.objects.filter(status=PlanImport.Status.RUNNING, updated_at__lt=cutoff)
    if import_id is not None:
        stale = stale.filter(pk=import_id)
    limit = int(settings.PLAN_IMPORT_MAX_ATTEMPTS)
    resumed: list[int] = []
    failed: list[int] = []
    for pk, attempts in stale.values_list("pk", "attempts"):
        # Conditional updates: of two recoverers (a worker's periodic job, a waiting user's page) one wins.
        mine = PlanImport.objects.filter(pk=pk, status=PlanImport.Status.RUNNING, attempts=attempts)
        if attempts < limit:
            if mine.update(status=PlanImport.Status.PENDING, updated_at=timezone.now()):
                resumed.append(pk)
        elif mine.update(
            status=PlanImport.Status.FAILED,
            error=INTERRUPTED_MESSAGE.format(attempts=attempts),
            upload=b"",
            updated_at=timezone.now(),
        ):
            failed.append(pk)
            logger.error("Plan document import %s interrupted %s times: failed", pk, attempts)
    return resumed, failed


def discard_import(record: PlanImport) -> None:
    """Forget an import that could not be read (nothing of it is kept)."""
    record.delete()


def keep_edits(record: PlanImport, raw: dict[str, Any]) -> None:
    """Remember the reviewer's edits on the draft, valid or not, so nothing typed is lost."""
    record.draft = raw
    record.save(update_fields=["draft", "updated_at"])


@transaction.atomic
def save_import(actor: Actor, record: PlanImport, raw: dict[str, Any], *, owner_unit: Unit | None) -> ImportResult:
    """Save the reviewed draft of an import as a plan and mark the import saved; like every plan import, it never
    overwrites another office's plan."""
    if record.status not in (PlanImport.Status.READY, PlanImport.Status.SAVED):
        raise PlanFormatError(["Văn bản chưa được đọc xong, chưa thể lưu."])
    result = import_plan_json(actor, raw, owner_unit=owner_unit)
    record.draft, record.status, record.plan = raw, PlanImport.Status.SAVED, result.plan
    record.save(update_fields=["draft", "status", "plan", "updated_at"])
    return result


_WORD = re.compile(r"[^\W_]+")


def _replace_in_values(value: Any, pattern: re.Pattern[str], word: str) -> tuple[Any, int]:
    """The draft value with each match of pattern's group "word" replaced, and how many were replaced."""
    if isinstance(value, str):
        count = 0

        def swap(match: re.Match[str]) -> str:
            nonlocal count
            count += 1
            start, end = match.span("word")
            return match.group(0)[: start - match.start()] + word + match.group(0)[end - match.start() :]

        return pattern.sub(swap, value), count
    if isinstance(value, list):
        pairs = [_replace_in_values(v, pattern, word) for v in value]
        return [v for v, _ in pairs], sum(c for _, c in pairs)
    if isinstance(value, dict):
        items = {k: _replace_in_values(v, pattern, word) for k, v in value.items()}
        return {k: v for k, (v, _) in items.items()}, sum(c for _, c in items.values())
    return value, 0


@transaction.atomic
def choose_reading(actor: Actor, record: PlanImport, index: int, choice: str) -> None:
    """The reviewer's reading of a repaired or doubtful word: the word the restoration chose, one of its other
    readings, or the word as the document printed it. The restored text changes at that place, and the draft
    wherever the word stands between the same neighbours; the word counts as checked."""
    record = PlanImport.objects.select_for_update().get(pk=record.pk)
    words = record.restoration.get("words", [])
    if record.status not in (PlanImport.Status.READY, PlanImport.Status.SAVED) or not 0 <= index < len(words):
        raise PlanFormatError(["Không có chữ này để soát."])
    word = words[index]
    if choice not in (word["chosen"], word["read"], *word["suggestions"]):
        raise PlanFormatError(["Cách đọc này không nằm trong các gợi ý."])
    text, old = record.restoration["text"], word["chosen"]
    before = _WORD.findall(text[: word["start"]])[-1:]
    after = _WORD.findall(text[word["end"] :])[:1]
    pattern = re.compile(
        "".join(
            [
                rf"(?<![^\W_]){re.escape(before[0])}[\W_]+" if before else r"(?<![^\W_])",
                rf"(?P<word>{re.escape(old)})",
                rf"[\W_]+{re.escape(after[0])}(?![^\W_])" if after else r"(?![^\W_])",
            ]
        )
    )
    draft, replaced = _replace_in_values(record.draft, pattern, choice)
    shift = len(choice) - len(old)
    record.restoration["text"] = text[: word["start"]] + choice + text[word["end"] :]
    for other in words[index + 1 :]:
        other["start"] += shift
        other["end"] += shift
    word.update(chosen=choice, end=word["start"] + len(choice), checked=True)
    record.draft = draft
    record.save(update_fields=["draft", "restoration", "updated_at"])
    log_action(
        actor,
        "plans.import.reading_chosen",
        record,
        before={"word": old},
        after={"word": choice, "replaced_in_draft": replaced},
    )
