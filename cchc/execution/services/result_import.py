"""Bulk results from the Excel template: checked first, then recorded all at once or not at all."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from cchc.accounts.types import Actor, signed_in
from cchc.core.audit import log_action
from cchc.documents import sheets
from cchc.execution import excel, schedule
from cchc.execution.models import (
    Assignment,
    LoggedResult,
    Occurrence,
    ResultImport,
    result_title_key,
)
from cchc.execution.services.errors import ExecutionError
from cchc.execution.services.results import (
    ResultInput,
    apply_result_input,
    check_result,
    clean_result_input,
    refresh_occurrences,
)
from cchc.plans.models import Plan


def _check_rows(rows: list[excel.SheetRow], allowed: dict[int, Assignment]) -> list[dict[str, Any]]:
    errors: list[dict[str, Any]] = []
    seen: dict[tuple[int, dt.date, str, str], int] = {}
    existing: set[tuple[int, dt.date, str, str]] = set(
        LoggedResult.objects.filter(assignment_id__in=list(allowed)).values_list(
            "assignment_id", "date", "kind", "title_key"
        )
    )

    spending: dict[int | None, int] = {}  # what the rows read so far spend per activity

    def add(row: excel.SheetRow, name: str, message: str) -> None:
        errors.append({"row": row.number, "column": excel.FIELD_LABELS.get(name, ""), "message": message})

    for row in rows:
        for name, message in row.errors.items():
            add(row, name, message)
        assignment = allowed.get(row.assignment_id or 0)
        if row.assignment_id is not None and assignment is None:
            add(
                row,
                "assignment",
                f"Mã nhiệm vụ {row.assignment_id} không thuộc các nhiệm vụ bạn được ghi kết quả trong kế hoạch này.",
            )
        if assignment is None or row.errors:
            continue
        data = ResultInput.from_values(row.values)
        problems = check_result(assignment, data, pending=spending.get(assignment.activity_id, 0))
        for name, message in problems.items():
            add(row, name if name != "__all__" else "assignment", message)
        if data.spent and not problems:
            spending[assignment.activity_id] = spending.get(assignment.activity_id, 0) + data.spent
        key = (assignment.pk, data.date, data.kind, result_title_key(data.title)) if data.date else None
        if key and key in existing:
            add(row, "title", "Kết quả này đã được ghi nhận trước đây (trùng nhiệm vụ, ngày, hình thức và tiêu đề).")
        elif key and key in seen:
            add(row, "title", f"Trùng với dòng {seen[key]} của tệp.")
        elif key:
            seen[key] = row.number
    return errors


def _read_import_file(content: bytes, name: str) -> list[excel.SheetRow]:
    try:
        rows = excel.read_rows(content, name)
    except sheets.WorkbookError as exc:
        raise ExecutionError(str(exc)) from None
    if not rows:
        raise ExecutionError("Tệp chưa có dòng kết quả nào.")
    return rows


@transaction.atomic
def check_result_import(actor: Actor, plan: Plan, upload: UploadedFile, allowed: Iterable[Assignment]) -> ResultImport:
    """Store an uploaded results workbook and check every row against the assignments the actor may log for;
    nothing is recorded yet. The import keeps the list of errors (row, column, message)."""
    limit = int(settings.MAX_UPLOAD_BYTES)
    if (upload.size or 0) > limit:
        raise ExecutionError(f"Tệp quá lớn ({(upload.size or 0) / 1048576:.1f} MB): tối đa {limit / 1048576:.0f} MB.")
    content = upload.read()
    rows = _read_import_file(content, upload.name or "ket-qua.xlsx")
    by_id = {a.pk: a for a in allowed if a.plan_id == plan.pk}
    errors = _check_rows(rows, by_id)
    result_import = ResultImport(
        plan=plan,
        uploaded_by=actor if signed_in(actor) else None,
        original_name=(upload.name or "ket-qua.xlsx")[-255:],
        row_count=len(rows),
        status=ResultImport.Status.INVALID if errors else ResultImport.Status.CHECKED,
        errors=errors,
    )
    upload.seek(0)
    # Stored under a random name: nothing about it can be guessed from the plan or the uploader.
    result_import.file.save(f"{uuid.uuid4().hex}.xlsx", upload, save=False)
    result_import.save()
    log_action(
        actor, "execution.import.checked", result_import, after={"rows": len(rows), "errors": len(errors)}, root=plan
    )
    return result_import


def commit_result_import(actor: Actor, result_import: ResultImport, allowed: Iterable[Assignment]) -> int:
    """Record every row of a checked workbook, or none: the rows are checked again first. The import row is
    locked, so the same import committed many times at once is recorded once; rows another import recorded
    meanwhile are refused by the database. A refused commit leaves the import marked with its errors."""
    with transaction.atomic():
        locked = ResultImport.objects.select_for_update().get(pk=result_import.pk)
        if locked.status == ResultImport.Status.COMMITTED:
            raise ExecutionError("Tệp này đã được ghi nhận trước đó: không ghi lại lần nữa.")
        with locked.file.open("rb") as fh:
            rows = _read_import_file(fh.read(), locked.original_name)
        by_id = {a.pk: a for a in allowed if a.plan_id == locked.plan_id}
        errors = _check_rows(rows, by_id)
        if not errors:
            try:
                with transaction.atomic():
                    count = _record_rows(actor, rows, by_id)
            except IntegrityError:
                # Another import (or a form) recorded some of these results at the same moment.
                errors = _check_rows(rows, by_id)
                if not errors:
                    raise
        if errors:
            locked.status, locked.errors = ResultImport.Status.INVALID, errors
            locked.save(update_fields=["status", "errors"])
            log_action(actor, "execution.import.refused", locked, after={"errors": len(errors)}, root=locked.plan)
        else:
            locked.status, locked.errors, locked.committed_at = ResultImport.Status.COMMITTED, [], timezone.now()
            locked.save(update_fields=["status", "errors", "committed_at"])
            log_action(actor, "execution.import.committed", locked, after={"rows": count}, root=locked.plan)
    if errors:
        raise ExecutionError(f"Tệp có {len(errors)} lỗi: không dòng nào được ghi nhận.")
    return count


def _record_rows(actor: Actor, rows: list[excel.SheetRow], by_id: dict[int, Assignment]) -> int:
    touched: set[int | None] = set()
    created_by = actor if signed_in(actor) else None
    windows: dict[int, list[Occurrence]] = {}
    for occurrence in Occurrence.objects.filter(
        assignment_id__in={r.assignment_id for r in rows}, is_active=True
    ).order_by("start"):
        windows.setdefault(occurrence.assignment_id, []).append(occurrence)
    new: list[LoggedResult] = []
    for row in rows:
        assignment = by_id[row.assignment_id or 0]
        data = ResultInput.from_values(row.values)
        clean_result_input(data)  # checked when the file was read; cleaned again into what is stored
        result = LoggedResult(
            plan_id=assignment.plan_id,
            unit_id=assignment.unit_id,
            assignment=assignment,
            pillar=assignment.pillar,
            source=LoggedResult.Source.EXCEL,
            created_by=created_by,
        )
        apply_result_input(result, data)
        occs = windows.get(assignment.pk, [])
        index = schedule.pick_window([(o.start, o.due) for o in occs], result.date)
        result.occurrence = occs[index] if index is not None else None
        touched.add(result.occurrence.pk if result.occurrence else None)
        new.append(result)
    LoggedResult.objects.bulk_create(new, batch_size=1000)
    refresh_occurrences(touched)
    return len(new)
