"""Logging results: what a unit did for an assignment, checked, deduplicated and counted in its occurrence."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Count, Min, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from cchc.accounts.types import Actor, signed_in
from cchc.core import inputs
from cchc.core.audit import log_action, snapshot
from cchc.core.dates import format_vn
from cchc.core.text import fold, vn_number
from cchc.execution import schedule
from cchc.execution.models import (
    KIND_QUANTITIES,
    MAX_SPENT,
    QUANTITY_BOUNDS,
    QUANTITY_FIELDS,
    QUANTITY_LABELS,
    RESULT_INPUT_FIELDS,
    RESULT_LABELS,
    Assignment,
    LoggedResult,
    Occurrence,
    ProgressStatement,
    ResultKind,
    result_title_key,
)
from cchc.execution.services.errors import ExecutionError
from cchc.execution.services.evidence import check_evidence, store_evidence
from cchc.plans.models import FundingSource, Plan, PlanStatus


@dataclass
class ResultInput:
    """What a person (or another system) says was done; validated by `check_result`."""

    date: dt.date | None
    kind: str
    title: str
    link: str = ""
    participants: int | None = None
    copies: int | None = None
    broadcasts: int | None = None
    reach: int | None = None
    rate: decimal.Decimal | None = None
    spent: Any = None  # đồng, as typed ("1.500.000") until cleaned into an integer
    spent_source: str = ""
    note: str = ""
    occurrence_id: int | None = None

    @classmethod
    def from_values(cls, values: Mapping[str, Any], *, occurrence_id: int | None = None) -> ResultInput:
        """From what a form, the API or an Excel row read, by the names of `RESULT_INPUT_FIELDS`; a text left
        empty (None) is the empty text."""
        given: dict[str, Any] = {name: values.get(name) for name in RESULT_INPUT_FIELDS}
        for name in _TEXT_FIELDS:
            given[name] = given[name] or ""
        return cls(**given, occurrence_id=occurrence_id)


_TEXT_FIELDS = tuple(name for name in RESULT_INPUT_FIELDS if name not in (*QUANTITY_FIELDS, "spent", "date"))
_SOURCES = {**{fold(label): key for key, label in FundingSource.choices}, **{key: key for key in FundingSource.values}}

NOTE_MAX = 5000  # a result's note: a few paragraphs


def clean_result_input(data: ResultInput) -> dict[str, str]:
    """Clean `data` in place, as it will be stored (invisible characters gone, text and numbers within bounds);
    returns field → Vietnamese message for what cannot be cleaned."""
    cleaned, errors = inputs.clean_fields(
        LoggedResult, {"title": data.title, "link": data.link or "", "note": data.note or ""}, long_text=NOTE_MAX
    )
    for name, (minimum, maximum, places) in QUANTITY_BOUNDS.items():
        try:
            label = QUANTITY_LABELS[name]
            cleaned[name] = inputs.parse_bounded(
                getattr(data, name), label=label, minimum=minimum, maximum=maximum, places=places
            )
        except inputs.InputError as exc:
            errors[name] = exc.message
    try:
        cleaned["spent"] = inputs.parse_int(data.spent, label=RESULT_LABELS["spent"], maximum=MAX_SPENT)
    except inputs.InputError as exc:
        errors["spent"] = exc.message
    source = fold(data.spent_source or "")
    cleaned["spent_source"] = _SOURCES.get(source, "")
    if source and not cleaned["spent_source"]:
        errors["spent_source"] = f"Nguồn kinh phí «{data.spent_source}» không có trong danh sách."
    for name, value in cleaned.items():
        setattr(data, name, value)
    return errors


def check_result(
    assignment: Assignment,
    data: ResultInput,
    *,
    today: dt.date | None = None,
    editing: int | None = None,
    pending: int = 0,
) -> dict[str, str]:
    """Field → Vietnamese message for everything wrong with `data` (empty when it can be recorded); `data` is
    cleaned in place first (`clean_result_input`). `editing`: the result being changed (its spending is replaced);
    `pending`: what rows read before it in the same file spend on the same activity."""
    plan = assignment.plan
    today = today or timezone.localdate()
    errors = clean_result_input(data)
    if data.date is None:
        errors["date"] = "Ngày thực hiện: không được để trống."
    elif not plan.period_start <= data.date <= plan.period_end:
        errors["date"] = (
            f"Ngày thực hiện {format_vn(data.date)} nằm ngoài thời kỳ kế hoạch "
            f"({format_vn(plan.period_start)} – {format_vn(plan.period_end)})."
        )
    elif data.date > today:
        errors["date"] = f"Ngày thực hiện {format_vn(data.date)} chưa đến: chỉ ghi những việc đã làm."
    if data.kind not in ResultKind.values:
        errors["kind"] = "Hình thức: hãy chọn một hình thức trong danh sách."
    if "title" not in errors and not data.title:
        errors["title"] = "Tiêu đề, nội dung: không được để trống."
    if "link" not in errors and data.link and not data.link.lower().startswith(("http://", "https://")):
        errors["link"] = "Đường dẫn phải bắt đầu bằng http:// hoặc https://."
    allowed = KIND_QUANTITIES.get(data.kind, ())
    for name in QUANTITY_BOUNDS:
        value = getattr(data, name)
        if value and name not in errors and data.kind in ResultKind.values and name not in allowed:
            errors[name] = f"{QUANTITY_LABELS[name]}: không áp dụng cho hình thức «{ResultKind(data.kind).label}»."
    if data.spent and "spent" not in errors and not data.note:
        errors.update(_over_share(assignment, data.spent + pending, editing))
    if not assignment.is_active:
        errors["__all__"] = "Nhiệm vụ này không còn hiệu lực trong kế hoạch: không ghi thêm kết quả."
    elif plan.status != PlanStatus.ISSUED:
        errors["__all__"] = "Chỉ ghi kết quả cho kế hoạch đang thực hiện (đã ban hành, chưa kết thúc)."
    return errors


def _over_share(assignment: Assignment, spent: int, editing: int | None) -> dict[str, str]:
    """The refusal of a spending that takes what the activity's results cost above the configured share of its
    estimate without a note saying why (nothing when the activity has no estimate)."""
    activity = assignment.activity
    if activity is None or activity.estimate is None:
        return {}
    earlier = LoggedResult.objects.filter(assignment__activity=activity)
    earlier = earlier.exclude(pk=editing) if editing is not None else earlier
    total = (earlier.aggregate(total=Sum("spent"))["total"] or 0) + spent
    share = decimal.Decimal(str(settings.SPENDING_NOTE_SHARE))
    if total <= activity.estimate * share:
        return {}
    return {
        "note": (
            f"Kinh phí đã chi cho nhiệm vụ này sẽ là {vn_number(total)} đồng, vượt {vn_number(share * 100, 0)}% dự toán"
            f" ({vn_number(activity.estimate)} đồng): hãy ghi rõ lý do vào ô «Ghi chú»."
        )
    }


def _occurrence_for(assignment: Assignment, data: ResultInput) -> Occurrence | None:
    windows = list(Occurrence.objects.filter(assignment=assignment, is_active=True).order_by("start"))
    if data.occurrence_id is not None:
        for occurrence in windows:
            if occurrence.pk == data.occurrence_id:
                return occurrence
        raise ExecutionError("Kỳ thực hiện không thuộc nhiệm vụ này.", {"occurrence": "Kỳ không hợp lệ."})
    assert data.date is not None
    index = schedule.pick_window([(o.start, o.due) for o in windows], data.date)
    return windows[index] if index is not None else None


def refresh_occurrences(ids: Iterable[int | None]) -> None:
    """Recompute each occurrence's first result date and count from its results."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return
    stats = {
        row["occurrence"]: row
        for row in LoggedResult.objects.filter(occurrence__in=wanted)
        .values("occurrence")
        .annotate(first=Min("date"), n=Count("id"))
    }
    for occurrence_id in wanted:
        row = stats.get(occurrence_id)
        Occurrence.objects.filter(pk=occurrence_id).update(
            first_result_on=row["first"] if row else None, results_count=row["n"] if row else 0
        )


@transaction.atomic
def recount_occurrences(plan: Plan) -> int:
    """Recompute every occurrence's first result date and count for a plan in two set-based queries
    (after bulk loads or repairs)."""
    results = LoggedResult.objects.filter(occurrence=OuterRef("pk")).order_by().values("occurrence")
    return Occurrence.objects.filter(plan=plan).update(
        first_result_on=Subquery(results.annotate(first=Min("date")).values("first")[:1]),
        results_count=Coalesce(Subquery(results.annotate(n=Count("id")).values("n")[:1]), 0),
    )


def _same_result(assignment: Assignment, data: ResultInput, exclude: int | None = None) -> LoggedResult | None:
    assert data.date is not None
    candidates = LoggedResult.objects.filter(
        assignment=assignment, date=data.date, kind=data.kind, title_key=result_title_key(data.title)
    )
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude)
    return candidates.first()


def _duplicate_error(duplicate: LoggedResult) -> ExecutionError:
    message = (
        f"Kết quả «{duplicate.title}» ngày {format_vn(duplicate.date)} đã được ghi nhận (trùng ngày, hình thức và "
        "tiêu đề). Không ghi thêm bản trùng."
    )
    return ExecutionError(message, {"title": message})


def apply_result_input(result: LoggedResult, data: ResultInput) -> None:
    assert data.date is not None
    for name in RESULT_INPUT_FIELDS:
        value = getattr(data, name)
        setattr(result, name, (value or "").strip() if name in _TEXT_FIELDS else value)
    result.title_key = result_title_key(result.title)


@dataclass
class LogOutcome:
    result: LoggedResult
    created: bool


def _raise_if(errors: dict[str, str]) -> None:
    if errors:
        raise ExecutionError(" ".join(dict.fromkeys(errors.values())), errors)


@transaction.atomic
def log_result(
    actor: Actor,
    assignment: Assignment,
    data: ResultInput,
    *,
    evidence: Sequence[UploadedFile] = (),
    idempotency_key: str | None = None,
    source: str = LoggedResult.Source.FORM,
) -> LogOutcome:
    """Record what a unit did for an assignment, with its evidence. The same idempotency key twice returns the
    first result; the same date, kind and title twice is refused as a duplicate."""
    key = (idempotency_key or "").strip()[:64] or None
    if key:
        earlier = LoggedResult.objects.filter(idempotency_key=key).first()
        if earlier is not None:
            if earlier.assignment_id != assignment.pk:
                raise ExecutionError("Mã chống gửi trùng đã được dùng cho nhiệm vụ khác.")
            return LogOutcome(earlier, False)
    _raise_if(check_result(assignment, data))
    checked = check_evidence(evidence)
    duplicate = _same_result(assignment, data)
    if duplicate is not None:
        raise _duplicate_error(duplicate)
    result = LoggedResult(
        plan_id=assignment.plan_id,
        unit_id=assignment.unit_id,
        assignment=assignment,
        pillar=assignment.pillar,
        source=source,
        idempotency_key=key,
        created_by=actor if signed_in(actor) else None,
    )
    apply_result_input(result, data)
    occurrence = _occurrence_for(assignment, data)
    result.occurrence = occurrence
    try:
        with transaction.atomic():
            result.save()
    except IntegrityError:
        # Posted several times at once: the database let one request record it. With the same idempotency key
        # this is the same form sent again; with another key, the same result typed twice.
        earlier = LoggedResult.objects.filter(idempotency_key=key).first() if key else None
        if earlier is not None and earlier.assignment_id == assignment.pk:
            return LogOutcome(earlier, False)
        duplicate = _same_result(assignment, data)
        if duplicate is None:
            raise
        raise _duplicate_error(duplicate) from None
    store_evidence(actor, result, checked)
    refresh_occurrences([occurrence.pk if occurrence else None])
    log_action(actor, "execution.result.logged", result, after=snapshot(result), root=assignment.plan)
    return LogOutcome(result, True)


@transaction.atomic
def update_result(
    actor: Actor,
    result: LoggedResult,
    data: ResultInput,
    *,
    expected_version: int,
    evidence: Sequence[UploadedFile] = (),
) -> LoggedResult:
    """Change a logged result. Refused when someone else changed it since `expected_version` was read."""
    locked = LoggedResult.objects.select_for_update().select_related("assignment__plan").get(pk=result.pk)
    if locked.version != expected_version:
        raise ExecutionError(
            "Kết quả này vừa được người khác sửa. Hãy tải lại trang để xem bản mới rồi sửa tiếp; "
            "thay đổi của bạn chưa được lưu."
        )
    _raise_if(check_result(locked.assignment, data, editing=locked.pk))
    checked = check_evidence(evidence)
    if _same_result(locked.assignment, data, exclude=locked.pk) is not None:
        message = "Đã có một kết quả khác trùng ngày, hình thức và tiêu đề: không lưu bản trùng."
        raise ExecutionError(message, {"title": message})
    before = snapshot(locked)
    old_occurrence = locked.occurrence_id
    apply_result_input(locked, data)
    if data.occurrence_id is not None or locked.date != before["date"]:
        occurrence = _occurrence_for(locked.assignment, data)
        locked.occurrence = occurrence
    locked.version += 1
    locked.updated_by = actor if signed_in(actor) else None
    try:
        with transaction.atomic():
            locked.save()
    except IntegrityError:
        # Another edit or post made the same result at the same moment: refused like any duplicate.
        duplicate = _same_result(locked.assignment, data, exclude=locked.pk)
        if duplicate is None:
            raise
        raise _duplicate_error(duplicate) from None
    store_evidence(actor, locked, checked)
    refresh_occurrences([old_occurrence, locked.occurrence_id])
    log_action(
        actor, "execution.result.updated", locked, before=before, after=snapshot(locked), root=locked.assignment.plan
    )
    return locked


@transaction.atomic
def delete_result(actor: Actor, result: LoggedResult) -> None:
    """Remove a logged result; the audit entry keeps every value it had."""
    before = {**snapshot(result), "evidence": list(result.evidence.values_list("original_name", "sha256"))}
    plan, occurrence_id = result.plan, result.occurrence_id
    log_action(actor, "execution.result.deleted", result, before=before, root=plan)
    result.delete()
    refresh_occurrences([occurrence_id])


@transaction.atomic
def state_progress(actor: Actor, assignment: Assignment, percent: int, note: str = "") -> ProgressStatement:
    """A unit states its own progress; shown beside the computed status, never replacing it."""
    if not 0 <= percent <= 100:
        raise ExecutionError("Tiến độ phải từ 0 đến 100%.", {"percent": "Tiến độ phải từ 0 đến 100%."})
    statement = ProgressStatement.objects.create(
        assignment=assignment,
        percent=percent,
        note=note.strip(),
        stated_by=actor if signed_in(actor) else None,
    )
    log_action(actor, "execution.progress.stated", statement, after=snapshot(statement), root=assignment.plan)
    return statement
