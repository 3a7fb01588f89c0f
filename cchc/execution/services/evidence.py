"""Evidence of a logged result: supporting files checked by content and stored under their digest."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from cchc.accounts.types import Actor, signed_in
from cchc.core import files
from cchc.core.audit import log_action
from cchc.execution.models import (
    Evidence,
    LoggedResult,
)
from cchc.execution.services.errors import ExecutionError

ALLOWED_EVIDENCE = {
    mime: files.LABELS[mime] for mime in ("application/pdf", "image/jpeg", "image/png", "image/webp", files.DOCX)
}


def check_evidence(uploads: Sequence[UploadedFile]) -> list[files.CheckedUpload]:
    """Size and type (by content, not by name) of each evidence file, polyglots and bombs refused; raises
    ExecutionError on the first bad one."""
    checked = []
    for upload in uploads:
        try:
            checked.append(files.check_upload(upload, allowed=ALLOWED_EVIDENCE))
        except files.FileRefused as exc:
            raise ExecutionError(exc.message, {"evidence": exc.message}) from None
    return checked


def store_evidence(actor: Actor, result: LoggedResult, checked: list[files.CheckedUpload]) -> list[Evidence]:
    stored = []
    known = set(result.evidence.values_list("sha256", flat=True)) if result.pk else set()
    for item in checked:
        if item.sha256 in known:
            continue
        known.add(item.sha256)
        evidence = Evidence(
            result=result,
            original_name=files.download_name(item.name, item.content_type)[-255:],
            content_type=item.content_type,
            size=item.size,
            sha256=item.sha256,
            uploaded_by=actor if signed_in(actor) else None,
        )
        # On disk the name is the digest and the extension of what the file is: nothing the uploader chose.
        evidence.file.save(f"{item.sha256}{item.extension}", item.upload, save=False)
        evidence.save()
        stored.append(evidence)
    return stored


PUBLIC_IMAGE_TYPES = ("image/jpeg", "image/png", "image/webp")


@transaction.atomic
def set_evidence_public(actor: Actor, evidence: Evidence, public: bool) -> Evidence:
    """Show (or stop showing) a picture on the plan's public progress page; only pictures may be shown."""
    if public and evidence.content_type not in PUBLIC_IMAGE_TYPES:
        raise ExecutionError("Chỉ ảnh (JPEG, PNG, WebP) mới được công khai trên trang tiến độ; tệp này không phải ảnh.")
    if evidence.is_public == public:
        return evidence
    Evidence.objects.filter(pk=evidence.pk).update(is_public=public)
    evidence.is_public = public
    log_action(
        actor,
        "execution.evidence.published" if public else "execution.evidence.unpublished",
        evidence.result,
        after={"file": evidence.original_name, "is_public": public},
        root=evidence.result.plan,
    )
    return evidence


@transaction.atomic
def add_evidence(actor: Actor, result: LoggedResult, uploads: Sequence[UploadedFile]) -> list[Evidence]:
    """Attach more supporting documents to a logged result (the same file twice is stored once)."""
    stored = store_evidence(actor, result, check_evidence(uploads))
    log_action(
        actor,
        "execution.evidence.added",
        result,
        after={"files": [(e.original_name, e.sha256) for e in stored]},
        root=result.plan,
    )
    return stored
