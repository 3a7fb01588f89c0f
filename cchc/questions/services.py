"""Writes to question banks: creating a bank, the Excel import (check, then add all or nothing), revising a
question (a new version; rounds that froze the old one keep it)."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from cchc.accounts.models import User
from cchc.accounts.types import Actor, signed_in
from cchc.core import files, inputs
from cchc.core.audit import log_action
from cchc.core.text import fold
from cchc.documents import sheets
from cchc.questions import engine, excel
from cchc.questions.access import is_organiser
from cchc.questions.models import Difficulty, Pillar, Question, QuestionBank, QuestionImport, QuestionKind


class QuestionError(ValueError):
    """A refused write; the message is Vietnamese."""


def _user(actor: Actor) -> User | None:
    return actor if signed_in(actor) else None


@transaction.atomic
def create_bank(actor: Actor, name: str, owner_unit: Any, purpose: str = QuestionBank.Purpose.CONTEST) -> QuestionBank:
    if not is_organiser(actor) or not (actor.is_admin or actor.unit_id == owner_unit.pk):
        raise QuestionError("Bạn không được tạo ngân hàng câu hỏi cho đơn vị này.")
    values = inputs.bounded(QuestionBank, {"name": name})
    if not values["name"]:
        raise QuestionError("Tên ngân hàng câu hỏi: không được để trống.")
    bank = QuestionBank.objects.create(
        name=values["name"], owner_unit=owner_unit, purpose=purpose, created_by=_user(actor)
    )
    log_action(actor, "questions.bank.created", bank, after={"name": bank.name})
    return bank


def _check_rows(bank: QuestionBank, rows: list[excel.BankRow]) -> list[dict[str, Any]]:
    errors: list[dict[str, Any]] = []
    existing = {fold(t) for t in bank.questions.filter(is_current=True).values_list("text", flat=True)}
    seen: dict[str, int] = {}
    for row in rows:
        for name, message in row.errors.items():
            errors.append({"row": row.number, "column": excel.FIELD_LABELS[name], "message": message})
        key = fold(row.values["text"])
        if not key:
            continue
        if key in existing:
            errors.append(
                {"row": row.number, "column": "Nội dung câu hỏi", "message": "Câu hỏi đã có trong ngân hàng."}
            )
        elif key in seen:
            errors.append({"row": row.number, "column": "Nội dung câu hỏi", "message": f"Trùng với dòng {seen[key]}."})
        seen.setdefault(key, row.number)
    return errors


@transaction.atomic
def check_bank_import(actor: Actor, bank: QuestionBank, upload: UploadedFile) -> QuestionImport:
    """Read an uploaded bank workbook and keep its rows and errors; nothing is added to the bank yet."""
    try:
        files.check_upload(upload, allowed={files.XLSX: files.LABELS[files.XLSX]})
        upload.seek(0)
        survey = bank.purpose == QuestionBank.Purpose.SURVEY
        rows = excel.read_rows(upload.read(), upload.name or "cau-hoi.xlsx", survey=survey)
    except (files.FileRefused, sheets.WorkbookError) as exc:
        raise QuestionError(str(exc)) from None
    if not rows:
        raise QuestionError("Tệp chưa có câu hỏi nào.")
    errors = _check_rows(bank, rows)
    item = QuestionImport.objects.create(
        bank=bank,
        uploaded_by=_user(actor),
        original_name=(upload.name or "cau-hoi.xlsx")[-255:],
        status=QuestionImport.Status.INVALID if errors else QuestionImport.Status.CHECKED,
        row_count=len(rows),
        errors=errors,
        rows=[] if errors else [row.values for row in rows],
    )
    log_action(actor, "questions.import.checked", item, after={"rows": len(rows), "errors": len(errors)}, root=bank)
    return item


def _stored_options(values: dict[str, Any]) -> tuple[list[dict[str, str]], list[str]]:
    """Random option ids for a choice question's letters; the right answers as those ids."""
    if values["kind"] not in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        return values["options"], values["correct"]
    ids = {o["letter"]: secrets.token_hex(4) for o in values["options"]}
    return [{"id": ids[o["letter"]], "text": o["text"]} for o in values["options"]], [ids[c] for c in values["correct"]]


def commit_bank_import(actor: Actor, item: QuestionImport) -> int:
    """Add every question of a checked import to its bank, once: the import row is locked, so the same import
    committed twice at once adds its questions once."""
    with transaction.atomic():
        locked = QuestionImport.objects.select_for_update().select_related("bank").get(pk=item.pk)
        if locked.status != QuestionImport.Status.CHECKED:
            raise QuestionError(
                "Tệp này đã được thêm vào ngân hàng trước đó."
                if locked.status == QuestionImport.Status.COMMITTED
                else "Tệp có lỗi: sửa lỗi rồi tải lại."
            )
        bank = QuestionBank.objects.select_for_update().get(pk=locked.bank_id)
        new = add_questions(actor, bank, locked.rows)
        locked.status, locked.committed_at, locked.rows = QuestionImport.Status.COMMITTED, timezone.now(), []
        locked.save(update_fields=["status", "committed_at", "rows"])
        log_action(actor, "questions.import.committed", locked, after={"questions": len(new)}, root=bank)
    return len(new)


def add_questions(actor: Actor, bank: QuestionBank, rows: list[dict[str, Any]]) -> list[Question]:
    """Checked questions (as the Excel reader gives them) added after the bank's last key; the caller holds the
    bank's lock or has just created it."""
    start = (bank.questions.aggregate(m=Max("key"))["m"] or 0) + 1
    new = []
    for offset, values in enumerate(rows):
        options, correct = _stored_options(values)
        new.append(
            Question(
                bank=bank,
                key=start + offset,
                kind=values["kind"],
                text=values["text"],
                options=options,
                correct=correct,
                pillar=values.get("pillar", Pillar.GENERAL),
                difficulty=values.get("difficulty", Difficulty.MEDIUM),
                tags=values.get("tags", []),
                created_by=_user(actor),
            )
        )
    return Question.objects.bulk_create(new, batch_size=500)


@transaction.atomic
def revise_question(
    actor: Actor, question: Question, *, text: str, options: dict[str, str], correct: list[str]
) -> Question:
    """A new version of the question with new wording (options by id, same ids kept) and answer; the old version
    stays for the rounds that drew it and is no longer drawn."""
    current = Question.objects.select_for_update().get(pk=question.pk)
    if not current.is_current:
        raise QuestionError("Câu hỏi đã có phiên bản mới hơn: hãy sửa phiên bản mới nhất.")
    try:
        text = inputs.clean_text(text, label="Nội dung câu hỏi", max_length=excel.TEXT_MAX, required=True)
        new_options = [
            {
                "id": o["id"],
                "text": inputs.clean_text(
                    options.get(o["id"], o["text"]), label="Phương án", max_length=excel.OPTION_MAX, required=True
                ),
            }
            for o in current.options
        ]
        answer = engine.clean_answer(current.kind, [o["id"] for o in current.options], correct)
    except (inputs.InputError, ValueError) as exc:
        raise QuestionError(getattr(exc, "message", str(exc))) from None
    if not answer and current.bank.purpose == QuestionBank.Purpose.CONTEST:
        raise QuestionError("Câu hỏi chưa có đáp án đúng.")
    if current.kind in (QuestionKind.TRUE_FALSE, QuestionKind.SCALE):
        new_options = current.options
    Question.objects.filter(pk=current.pk).update(is_current=False)
    revised = Question.objects.create(
        bank_id=current.bank_id,
        key=current.key,
        version=current.version + 1,
        kind=current.kind,
        text=text,
        options=new_options,
        correct=answer,
        pillar=current.pillar,
        difficulty=current.difficulty,
        tags=current.tags,
        created_by=_user(actor),
    )
    log_action(actor, "questions.question.revised", revised, after={"version": revised.version}, root=current.bank)
    return revised
