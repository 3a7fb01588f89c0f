"""Writers for plan document imports: store an upload, read it into a draft, save the reviewed draft as a plan."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import Http404

from cchc.core.audit import log_action
from cchc.plans.importing import DocumentImportError, PlanDraft, Progress, draft_from_source
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


def read_upload(data: bytes, filename: str, progress: Progress | None = None) -> tuple[PlanDraft, str]:
    """The plan draft of an uploaded document and the text it was read from (its spans index into that text)."""
    source = read_document(data, filename, progress)
    return draft_from_source(source, filename), source.text


def get_import_for_user(user: Any, import_id: int) -> PlanImport:
    """An import its own author (or an admin) may see; 404 for anybody else."""
    imports = PlanImport.objects.all()
    if not getattr(user, "is_admin", False):
        imports = imports.filter(created_by_id=getattr(user, "pk", None))
    record = imports.filter(pk=import_id).first()
    if record is None:
        raise Http404("Không tìm thấy lượt nhập văn bản.")
    return record


def recent_imports(user: Any, limit: int = 10) -> list[PlanImport]:
    """The user's own latest imports, to come back to one that is still waiting for review."""
    imports = PlanImport.objects.filter(created_by_id=getattr(user, "pk", None)).select_related("plan")
    return list(imports.defer("upload", "source_text", "draft", "meta")[:limit])


@transaction.atomic
def create_import(actor: Any, filename: str, data: bytes) -> PlanImport:
    """Store an uploaded document, waiting to be read (see run_import)."""
    record = PlanImport.objects.create(
        filename=filename[:255], upload=data, created_by=actor if getattr(actor, "is_authenticated", False) else None
    )
    log_action(actor, "plans.import.created", record, after={"filename": record.filename, "bytes": len(data)})
    return record


def run_import(import_id: int) -> PlanImport:
    """Read a stored upload into its draft; a document that cannot be read leaves the Vietnamese reason instead."""
    record = PlanImport.objects.get(pk=import_id)
    if record.status not in (PlanImport.Status.PENDING, PlanImport.Status.RUNNING):
        return record
    record.status = PlanImport.Status.RUNNING
    record.save(update_fields=["status", "updated_at"])

    def progress(done: int, total: int) -> None:
        PlanImport.objects.filter(pk=record.pk).update(pages_done=done, pages_total=total)

    try:
        draft, text = read_upload(bytes(record.upload), record.filename, progress)
    except DocumentImportError as exc:
        record.status, record.error = PlanImport.Status.FAILED, str(exc)
    except Exception:  # an importer bug must not leave the user waiting forever
        logger.exception("Reading plan document %s (import %s) failed", record.filename, record.pk)
        record.status, record.error = PlanImport.Status.FAILED, FAILURE_MESSAGE
    else:
        record.status = PlanImport.Status.READY
        record.draft, record.meta, record.warnings, record.source_text = draft.plan, draft.meta, draft.warnings, text
    record.upload = b""
    record.save(update_fields=["status", "error", "draft", "meta", "warnings", "source_text", "upload", "updated_at"])
    return record


def discard_import(record: PlanImport) -> None:
    """Forget an import that could not be read (nothing of it is kept)."""
    record.delete()


def keep_edits(record: PlanImport, raw: dict[str, Any]) -> None:
    """Remember the reviewer's edits on the draft, valid or not, so nothing typed is lost."""
    record.draft = raw
    record.save(update_fields=["draft", "updated_at"])


@transaction.atomic
def save_import(actor: Any, record: PlanImport, raw: dict[str, Any], *, owner_unit: Unit | None) -> ImportResult:
    """Save the reviewed draft of an import as a plan and mark the import saved; like every plan import, it never
    overwrites another office's plan."""
    if record.status not in (PlanImport.Status.READY, PlanImport.Status.SAVED):
        raise PlanFormatError(["Văn bản chưa được đọc xong, chưa thể lưu."])
    result = import_plan_json(actor, raw, owner_unit=owner_unit)
    record.draft, record.status, record.plan = raw, PlanImport.Status.SAVED, result.plan
    record.save(update_fields=["draft", "status", "plan", "updated_at"])
    return result
