"""Writers for execution: issuing a plan into assignments, logging results and evidence, targets, reminders."""

from __future__ import annotations

import datetime as dt
import decimal
import logging
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Min, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from cchc.accounts.models import Role, User
from cchc.core import calendar, files, inputs
from cchc.core.audit import log_action, snapshot
from cchc.execution import excel, schedule, targets
from cchc.execution.models import (
    KIND_QUANTITIES,
    QUANTITY_BOUNDS,
    QUANTITY_LABELS,
    ActivityClassification,
    Assignment,
    EmailStatus,
    Evidence,
    LoggedResult,
    Occurrence,
    Pillar,
    ProgressStatement,
    Reminder,
    ResultImport,
    ResultKind,
    Target,
    result_title_key,
)
from cchc.execution.signals import plan_issued, reminders_wanted
from cchc.plans.access import plan_write_refusal
from cchc.plans.models import Activity, Plan, PlanStatus, UnitMention
from cchc.plans.services import set_plan_status
from cchc.units.models import NON_STATE_KINDS, Unit

logger = logging.getLogger(__name__)


class ExecutionError(ValueError):
    """A write that cannot be made; the Vietnamese message says why. `errors` maps field → message."""

    def __init__(self, message: str, errors: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.errors = errors or {}


# ---------------------------------------------------------------------------------------------------------------
# Issuing a plan: assignments and occurrences


@dataclass
class IssueResult:
    created: int = 0
    updated: int = 0
    deactivated: int = 0
    occurrences_created: int = 0
    occurrences_removed: int = 0
    unassigned_mentions: list[str] = field(default_factory=list)


@dataclass
class _Wanted:
    activity_id: int | None
    responsibility_id: int | None
    duty_index: int | None
    unit_id: int
    role: str
    mode: str
    ref: str
    title: str
    pillar: str
    timing: calendar.Timing

    @property
    def key(self) -> tuple[tuple[str, int, int], int]:
        if self.activity_id is not None:
            return (("activity", self.activity_id, 0), self.unit_id)
        return (("duty", int(self.responsibility_id or 0), int(self.duty_index or 0)), self.unit_id)


class _UnitResolver:
    """Units a mention stands for, expanding collective mentions once per group."""

    def __init__(self, on: dt.date) -> None:
        self.on = on
        self._groups: dict[int, list[int]] = {}

    def units(self, mention: UnitMention) -> list[int]:
        if mention.unit_id is not None:
            return [mention.unit_id]
        if mention.group is not None:
            if mention.group.pk not in self._groups:
                self._groups[mention.group.pk] = list(
                    mention.group.members(on=self.on).order_by("path").values_list("pk", flat=True)
                )
            return self._groups[mention.group.pk]
        return []


def _classifications(actor: Any, activities: list[Activity]) -> dict[int, str]:
    existing = {c.activity_id: c for c in ActivityClassification.objects.filter(activity__in=activities)}
    missing = []
    for activity in activities:
        if activity.pk not in existing:
            proposed = targets.propose_pillar(f"{activity.group or ''} {activity.content}")
            missing.append(ActivityClassification(activity=activity, pillar=proposed, proposed_pillar=proposed))
    for c in ActivityClassification.objects.bulk_create(missing):
        existing[c.activity_id] = c
    return {activity_id: c.pillar for activity_id, c in existing.items()}


def _activity_timing(activity: Activity) -> calendar.Timing:
    return calendar.Timing(
        activity.timing_kind, tuple(activity.timing_quarters or ()), activity.timing_frequency, activity.timing_text
    )


def _wanted_assignments(actor: Any, plan: Plan) -> tuple[list[_Wanted], list[str]]:
    activities = list(plan.activities.all())
    responsibilities = list(plan.responsibilities.all())
    mentions = list(plan.mentions.select_related("group").order_by("position", "id"))
    unit_kinds = dict(Unit.objects.filter(pk__in={m.unit_id for m in mentions if m.unit_id}).values_list("pk", "kind"))
    resolver = _UnitResolver(plan.period_start)
    pillars = _classifications(actor, activities)
    unassigned: list[str] = []
    wanted: dict[tuple[tuple[str, int, int], int], _Wanted] = {}

    def units_of(items: Iterable[UnitMention]) -> list[int]:
        ids: list[int] = []
        for mention in items:
            found = resolver.units(mention)
            if not found:
                unassigned.append(mention.text)
            ids += found
        return list(dict.fromkeys(ids))

    for activity in activities:
        own = [m for m in mentions if m.activity_id == activity.pk]
        leads = units_of(m for m in own if m.role == UnitMention.Role.LEAD)
        coordinators = [u for u in units_of(m for m in own if m.role == UnitMention.Role.COORDINATE) if u not in leads]
        timing = _activity_timing(activity)
        for role, unit_ids in ((Assignment.Role.LEAD, leads), (Assignment.Role.COORDINATE, coordinators)):
            for unit_id in unit_ids:
                item = _Wanted(
                    activity.pk,
                    None,
                    None,
                    unit_id,
                    role,
                    Assignment.Mode.ASSIGNED,
                    activity.ref,
                    activity.content,
                    pillars.get(activity.pk, Pillar.GENERAL),
                    timing,
                )
                wanted.setdefault(item.key, item)
    for responsibility in responsibilities:
        own = [m for m in mentions if m.responsibility_id == responsibility.pk]
        unit_ids = units_of(own)
        duties = [d for d in responsibility.duties if str(d).strip()] or ["Thực hiện nhiệm vụ theo Kế hoạch."]
        for index, duty in enumerate(duties):
            timing = calendar.classify(duty, plan.period_start.year)
            if timing.kind is None:  # a duty that names no time is done as needed, over the whole plan period
                timing = calendar.Timing(calendar.AS_NEEDED, text=timing.text)
            pillar = targets.propose_pillar(duty)
            for unit_id in unit_ids:
                item = _Wanted(
                    None,
                    responsibility.pk,
                    index,
                    unit_id,
                    Assignment.Role.RESPONSIBLE,
                    responsibility.mode,
                    f"{responsibility.ref}.{index + 1}",
                    duty,
                    pillar,
                    timing,
                )
                wanted.setdefault(item.key, item)
    unit_kinds.update(
        Unit.objects.filter(pk__in={w.unit_id for w in wanted.values()} - set(unit_kinds)).values_list("pk", "kind")
    )
    # A plan reaches only the units its issuer may address: those of the issuer's own territory.
    issuer = plan.issuer_unit
    addressable = (
        set(
            Unit.objects.filter(pk__in=unit_kinds, path__startswith=issuer.territorial_root().path).values_list(
                "pk", flat=True
            )
        )
        if issuer is not None
        else set()
    )
    for key, item in list(wanted.items()):
        if item.unit_id not in addressable:
            del wanted[key]
    for item in wanted.values():
        if unit_kinds.get(item.unit_id) in NON_STATE_KINDS:
            # The issuer cannot command Party, Front or mass-organisation bodies: it can only ask them.
            item.mode = Assignment.Mode.REQUESTED
    return list(wanted.values()), list(dict.fromkeys(unassigned))


_ASSIGNMENT_FIELDS = (
    "role",
    "mode",
    "ref",
    "title",
    "pillar",
    "timing_text",
    "timing_kind",
    "timing_quarters",
    "timing_frequency",
    "is_active",
)


def _assignment_values(item: _Wanted) -> dict[str, Any]:
    return {
        "role": item.role,
        "mode": item.mode,
        "ref": item.ref,
        "title": item.title,
        "pillar": item.pillar,
        "timing_text": item.timing.text,
        "timing_kind": item.timing.kind,
        "timing_quarters": list(item.timing.quarters),
        "timing_frequency": item.timing.frequency,
        "is_active": True,
    }


_NewWindow = tuple[int, Assignment, calendar.Window]


def _insert_occurrences(plan_id: int, items: list[_NewWindow]) -> None:
    """Multi-row INSERTs: a province issues ~100,000 windows at once, and bulk_create spends most of its time
    building and preparing model instances field by field."""
    if not items:
        return
    ops = connection.ops
    columns = (
        "plan_id",
        "assignment_id",
        "unit_id",
        "pillar",
        "label",
        "start",
        "due",
        "first_result_on",
        "results_count",
        "is_active",
    )
    head = (
        f"INSERT INTO {ops.quote_name(Occurrence._meta.db_table)} "
        f"({', '.join(ops.quote_name(c) for c in columns)}) VALUES "
    )
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    day = ops.adapt_datefield_value
    rows = [(plan_id, pk, a.unit_id, a.pillar, w.label, day(w.start), day(w.due), None, 0, True) for pk, a, w in items]
    batch = 1000  # 10,000 parameters per statement: under SQLite's and PostgreSQL's limits
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: PostgreSQL's bulk path, several times faster than parsing huge parameterised INSERTs.
            names = ", ".join(ops.quote_name(c) for c in columns)
            with cursor.cursor.copy(f"COPY {ops.quote_name(Occurrence._meta.db_table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        for first in range(0, len(rows), batch):
            chunk = rows[first : first + batch]
            cursor.execute(head + ", ".join([one] * len(chunk)), [v for row in chunk for v in row])


def _sync_occurrences(plan: Plan, assignments: list[tuple[Assignment, calendar.Timing]], result: IssueResult) -> None:
    existing: dict[tuple[int, dt.date], tuple[int, str, dt.date, bool, int, str]] = {}
    for row in Occurrence.objects.filter(plan=plan).values_list(
        "pk", "assignment_id", "start", "label", "due", "is_active", "results_count", "pillar"
    ):
        existing[(row[1], row[2])] = (row[0], row[3], row[4], row[5], row[6], row[7])
    windows_cache: dict[calendar.Timing, list[calendar.Window]] = {}
    to_create: list[_NewWindow] = []
    to_update: list[Occurrence] = []
    seen: set[int] = set()
    for assignment, timing in assignments:
        if timing not in windows_cache:
            windows_cache[timing] = calendar.expand(timing, plan.period_start, plan.period_end)
        for window in windows_cache[timing]:
            found = existing.get((assignment.pk, window.start))
            if found is None:
                to_create.append((assignment.pk, assignment, window))
                continue
            pk, label, due, is_active, _, pillar = found
            seen.add(pk)
            if (label, due, is_active, pillar) != (window.label, window.due, True, assignment.pillar):
                to_update.append(
                    Occurrence(pk=pk, label=window.label, due=window.due, is_active=True, pillar=assignment.pillar)
                )
    stale = [(pk, count) for pk, _, _, _, count, _ in existing.values() if pk not in seen]
    _insert_occurrences(plan.pk, to_create)
    Occurrence.objects.bulk_update(to_update, ["label", "due", "is_active", "pillar"], batch_size=2000)
    # A window that no longer exists is removed, unless results were logged for it: those are kept, inactive.
    with_results = [pk for pk, count in stale if count]
    without = [pk for pk, count in stale if not count]
    Occurrence.objects.filter(pk__in=with_results).update(is_active=False)
    Occurrence.objects.filter(pk__in=without).delete()
    result.occurrences_created = len(to_create)
    result.occurrences_removed = len(stale)


@transaction.atomic
def issue_plan(actor: Any, plan: Plan) -> IssueResult:
    """Issue (or re-issue after edits) a plan: every activity × lead/coordinating unit and every duty × named unit
    becomes an assignment with its occurrences. Idempotent; logged work is never lost: assignments and windows
    no longer wanted are deactivated (or removed when empty)."""
    refusal = plan_write_refusal(actor, issuer_unit=plan.issuer_unit, owner_unit=plan.owner_unit, existing=plan)
    if refusal:
        raise ExecutionError(refusal)
    if plan.status == PlanStatus.CLOSED:
        raise ExecutionError("Kế hoạch đã kết thúc: không ban hành lại được.")
    set_plan_status(actor, plan, PlanStatus.ISSUED)
    result = IssueResult()
    wanted, result.unassigned_mentions = _wanted_assignments(actor, plan)
    existing = {(a.natural_key, a.unit_id): a for a in Assignment.objects.filter(plan=plan)}
    to_create: list[Assignment] = []
    to_update: list[Assignment] = []
    for item in wanted:
        values = _assignment_values(item)
        current = existing.pop(item.key, None)
        if current is None:
            to_create.append(
                Assignment(
                    plan=plan,
                    activity_id=item.activity_id,
                    responsibility_id=item.responsibility_id,
                    duty_index=item.duty_index,
                    unit_id=item.unit_id,
                    **values,
                )
            )
        elif any(getattr(current, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(current, k, v)
            to_update.append(current)
    created = Assignment.objects.bulk_create(to_create, batch_size=1000)
    Assignment.objects.bulk_update(to_update, list(_ASSIGNMENT_FIELDS), batch_size=1000)
    gone = [a.pk for a in existing.values() if a.is_active]
    Assignment.objects.filter(pk__in=gone).update(is_active=False)
    Occurrence.objects.filter(assignment_id__in=gone).update(is_active=False)
    result.created, result.updated, result.deactivated = len(created), len(to_update), len(gone)
    by_key = {(a.natural_key, a.unit_id): a for a in [*created, *to_update]}
    unchanged = Assignment.objects.filter(plan=plan, is_active=True).exclude(pk__in=[a.pk for a in by_key.values()])
    for a in unchanged:
        by_key[(a.natural_key, a.unit_id)] = a
    timings = {w.key: w.timing for w in wanted}
    _sync_occurrences(plan, [(a, timings[k]) for k, a in by_key.items() if k in timings], result)
    _propose_plan_targets(plan)
    log_action(
        actor,
        "execution.plan.issued",
        plan,
        after={
            "assignments_created": result.created,
            "assignments_updated": result.updated,
            "assignments_deactivated": result.deactivated,
            "occurrences_created": result.occurrences_created,
            "occurrences_removed": result.occurrences_removed,
            "unassigned_mentions": result.unassigned_mentions,
        },
    )
    plan_issued.send(sender=Plan, plan=plan, actor=actor)
    return result


# ---------------------------------------------------------------------------------------------------------------
# Targets and pillars


def _propose_plan_targets(plan: Plan) -> int:
    known: set[tuple[Any, Any, Any, str]] = set(
        Target.objects.filter(plan=plan).values_list("activity_id", "responsibility_id", "duty_index", "phrase")
    )
    new: list[Target] = []

    def add(proposals: list[targets.TargetProposal], **owner: Any) -> None:
        for p in proposals:
            key = (owner.get("activity_id"), owner.get("responsibility_id"), owner.get("duty_index"), p.phrase[:300])
            if key in known:
                continue
            known.add(key)
            new.append(
                Target(
                    plan=plan,
                    phrase=p.phrase[:300],
                    description=p.description[:300],
                    metric=p.metric,
                    period=p.period,
                    kinds=list(p.kinds),
                    quantity=p.quantity,
                    threshold=decimal.Decimal(str(p.threshold)),
                    **owner,
                )
            )

    for activity in plan.activities.all():
        add(targets.propose_targets(f"{activity.content} {activity.timing_text}"), activity_id=activity.pk)
    for responsibility in plan.responsibilities.all():
        for index, duty in enumerate(responsibility.duties):
            add(targets.propose_targets(str(duty)), responsibility_id=responsibility.pk, duty_index=index)
    Target.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def decide_target(actor: Any, target: Target, *, confirm: bool, threshold: decimal.Decimal | None = None) -> Target:
    """The plan owner confirms a proposed target (optionally with another level) or sets it aside."""
    if threshold is not None and threshold <= 0:
        raise ExecutionError("Mức chỉ tiêu phải lớn hơn 0.", {"threshold": "Mức chỉ tiêu phải lớn hơn 0."})
    if threshold is not None and target.metric == Target.Metric.PERCENT and threshold > 100:
        raise ExecutionError("Tỷ lệ không được vượt quá 100%.", {"threshold": "Tỷ lệ không được vượt quá 100%."})
    before = snapshot(target)
    target.status = Target.Status.CONFIRMED if confirm else Target.Status.REJECTED
    if threshold is not None:
        target.threshold = threshold
    target.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    target.decided_at = timezone.now()
    target.save()
    log_action(actor, "execution.target.decided", target, before=before, after=snapshot(target), root=target.plan)
    return target


@transaction.atomic
def set_activity_pillar(actor: Any, activity: Activity, pillar: str) -> ActivityClassification:
    """The plan owner says which reform pillar an activity serves; its assignments and results follow."""
    if pillar not in Pillar.values:
        raise ExecutionError("Lĩnh vực CCHC không hợp lệ.", {"pillar": "Lĩnh vực CCHC không hợp lệ."})
    proposed = targets.propose_pillar(f"{activity.group or ''} {activity.content}")
    classification, _ = ActivityClassification.objects.get_or_create(
        activity=activity, defaults={"pillar": proposed, "proposed_pillar": proposed}
    )
    before = snapshot(classification)
    classification.pillar, classification.confirmed = pillar, True
    classification.confirmed_by = actor if getattr(actor, "is_authenticated", False) else None
    classification.save()
    Assignment.objects.filter(activity=activity).update(pillar=pillar)
    Occurrence.objects.filter(assignment__activity=activity).update(pillar=pillar)
    LoggedResult.objects.filter(assignment__activity=activity).update(pillar=pillar)
    log_action(
        actor,
        "execution.activity.classified",
        classification,
        before=before,
        after=snapshot(classification),
        root=activity.plan,
    )
    return classification


# ---------------------------------------------------------------------------------------------------------------
# Logging results


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
    note: str = ""
    occurrence_id: int | None = None


NOTE_MAX = 5000  # a result's note: a few paragraphs


def _vn(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


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
    for name, value in cleaned.items():
        setattr(data, name, value)
    return errors


def check_result(assignment: Assignment, data: ResultInput, *, today: dt.date | None = None) -> dict[str, str]:
    """Field → Vietnamese message for everything wrong with `data` (empty when it can be recorded); `data` is
    cleaned in place first (`clean_result_input`)."""
    plan = assignment.plan
    today = today or timezone.localdate()
    errors = clean_result_input(data)
    if data.date is None:
        errors["date"] = "Ngày thực hiện: không được để trống."
    elif not plan.period_start <= data.date <= plan.period_end:
        errors["date"] = (
            f"Ngày thực hiện {_vn(data.date)} nằm ngoài thời kỳ kế hoạch "
            f"({_vn(plan.period_start)} – {_vn(plan.period_end)})."
        )
    elif data.date > today:
        errors["date"] = f"Ngày thực hiện {_vn(data.date)} chưa đến: chỉ ghi những việc đã làm."
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
    if not assignment.is_active:
        errors["__all__"] = "Nhiệm vụ này không còn hiệu lực trong kế hoạch: không ghi thêm kết quả."
    elif plan.status != PlanStatus.ISSUED:
        errors["__all__"] = "Chỉ ghi kết quả cho kế hoạch đang thực hiện (đã ban hành, chưa kết thúc)."
    return errors


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


def _store_evidence(actor: Any, result: LoggedResult, checked: list[files.CheckedUpload]) -> list[Evidence]:
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
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        # On disk the name is the digest and the extension of what the file is: nothing the uploader chose.
        evidence.file.save(f"{item.sha256}{item.extension}", item.upload, save=False)
        evidence.save()
        stored.append(evidence)
    return stored


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
        f"Kết quả «{duplicate.title}» ngày {_vn(duplicate.date)} đã được ghi nhận (trùng ngày, hình thức và "
        "tiêu đề). Không ghi thêm bản trùng."
    )
    return ExecutionError(message, {"title": message})


def _apply(result: LoggedResult, data: ResultInput) -> None:
    assert data.date is not None
    result.date, result.kind, result.title = data.date, data.kind, data.title.strip()
    result.title_key = result_title_key(result.title)
    result.link, result.note = (data.link or "").strip(), (data.note or "").strip()
    for name in ("participants", "copies", "broadcasts", "reach", "rate"):
        setattr(result, name, getattr(data, name))


@dataclass
class LogOutcome:
    result: LoggedResult
    created: bool


def _raise_if(errors: dict[str, str]) -> None:
    if errors:
        raise ExecutionError(" ".join(dict.fromkeys(errors.values())), errors)


@transaction.atomic
def log_result(
    actor: Any,
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
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _apply(result, data)
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
    _store_evidence(actor, result, checked)
    refresh_occurrences([occurrence.pk if occurrence else None])
    log_action(actor, "execution.result.logged", result, after=snapshot(result), root=assignment.plan)
    return LogOutcome(result, True)


@transaction.atomic
def update_result(
    actor: Any,
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
    _raise_if(check_result(locked.assignment, data))
    checked = check_evidence(evidence)
    if _same_result(locked.assignment, data, exclude=locked.pk) is not None:
        message = "Đã có một kết quả khác trùng ngày, hình thức và tiêu đề: không lưu bản trùng."
        raise ExecutionError(message, {"title": message})
    before = snapshot(locked)
    old_occurrence = locked.occurrence_id
    _apply(locked, data)
    if data.occurrence_id is not None or locked.date != before["date"]:
        occurrence = _occurrence_for(locked.assignment, data)
        locked.occurrence = occurrence
    locked.version += 1
    locked.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    try:
        with transaction.atomic():
            locked.save()
    except IntegrityError:
        # Another edit or post made the same result at the same moment: refused like any duplicate.
        duplicate = _same_result(locked.assignment, data, exclude=locked.pk)
        if duplicate is None:
            raise
        raise _duplicate_error(duplicate) from None
    _store_evidence(actor, locked, checked)
    refresh_occurrences([old_occurrence, locked.occurrence_id])
    log_action(
        actor, "execution.result.updated", locked, before=before, after=snapshot(locked), root=locked.assignment.plan
    )
    return locked


@transaction.atomic
def delete_result(actor: Any, result: LoggedResult) -> None:
    """Remove a logged result; the audit entry keeps every value it had."""
    before = {**snapshot(result), "evidence": list(result.evidence.values_list("original_name", "sha256"))}
    plan, occurrence_id = result.plan, result.occurrence_id
    log_action(actor, "execution.result.deleted", result, before=before, root=plan)
    result.delete()
    refresh_occurrences([occurrence_id])


@transaction.atomic
def add_evidence(actor: Any, result: LoggedResult, uploads: Sequence[UploadedFile]) -> list[Evidence]:
    """Attach more supporting documents to a logged result (the same file twice is stored once)."""
    stored = _store_evidence(actor, result, check_evidence(uploads))
    log_action(
        actor,
        "execution.evidence.added",
        result,
        after={"files": [(e.original_name, e.sha256) for e in stored]},
        root=result.plan,
    )
    return stored


@transaction.atomic
def state_progress(actor: Any, assignment: Assignment, percent: int, note: str = "") -> ProgressStatement:
    """A unit states its own progress; shown beside the computed status, never replacing it."""
    if not 0 <= percent <= 100:
        raise ExecutionError("Tiến độ phải từ 0 đến 100%.", {"percent": "Tiến độ phải từ 0 đến 100%."})
    statement = ProgressStatement.objects.create(
        assignment=assignment,
        percent=percent,
        note=note.strip(),
        stated_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    log_action(actor, "execution.progress.stated", statement, after=snapshot(statement), root=assignment.plan)
    return statement


# ---------------------------------------------------------------------------------------------------------------
# Reminders


def reminder_days() -> tuple[int, ...]:
    """Days before a deadline on which to remind (setting EXECUTION_REMINDER_DAYS, default 7, 3 and 1)."""
    days = settings.EXECUTION_REMINDER_DAYS
    return tuple(sorted({int(d) for d in days if int(d) > 0}, reverse=True)) or (1,)


def reminder_threshold(days_left: int, days: tuple[int, ...]) -> int | None:
    """The reminder a deadline `days_left` away is due for: the smallest configured day count still ahead of it,
    so a job that missed a day sends one reminder, not several."""
    fitting = [d for d in days if d >= days_left]
    return min(fitting) if fitting else None


@dataclass
class ReminderCandidate:
    """A reminder one recipient should get about one item (an occurrence, a report); other apps add theirs by
    answering the `reminders_wanted` signal."""

    recipient_id: int
    email: str
    plan_id: int
    item_key: str
    kind: str
    days_before: int
    due: dt.date
    message: str
    occurrence_id: int | None = None
    reporting_id: int | None = None


@dataclass
class ReminderRun:
    created: int = 0
    already_sent: int = 0
    emailed: int = 0  # reminders whose e-mail went out in this run
    email_failed: int = 0  # reminders whose e-mail failed in this run (tried again later unless given up)
    email_given_up: int = 0  # of those, the ones that reached REMINDER_EMAIL_MAX_ATTEMPTS


def unit_officers(unit_ids: Iterable[int]) -> dict[int, list[tuple[int, str]]]:
    by_unit: dict[int, list[tuple[int, str]]] = {}
    for pk, unit_id, email in User.objects.filter(
        role=Role.OFFICER, is_active=True, unit_id__in=set(unit_ids)
    ).values_list("pk", "unit_id", "email"):
        by_unit.setdefault(unit_id, []).append((pk, email))
    return by_unit


def _occurrence_candidates(today: dt.date, days: tuple[int, ...]) -> list[ReminderCandidate]:
    late_window = int(settings.EXECUTION_LATE_REMINDER_WINDOW_DAYS)
    base = Occurrence.objects.filter(
        is_active=True, assignment__is_active=True, plan__status=PlanStatus.ISSUED, first_result_on__isnull=True
    )
    upcoming = base.filter(due__gte=today, due__lte=today + dt.timedelta(days=max(days)))
    # Late reminders only for windows that closed recently: a plan loaded long after its deadlines does not
    # flood its units. Requested bodies are not chased: the issuer can only ask them.
    late = base.filter(
        due__lt=today, due__gte=today - dt.timedelta(days=late_window), assignment__mode=Assignment.Mode.ASSIGNED
    )
    fields = (
        "pk",
        "due",
        "label",
        "plan_id",
        "assignment__unit_id",
        "assignment__ref",
        "assignment__title",
        "plan__number",
    )
    rows = [(row, False) for row in upcoming.values(*fields)] + [(row, True) for row in late.values(*fields)]
    officers = unit_officers(row["assignment__unit_id"] for row, _ in rows)
    out: list[ReminderCandidate] = []
    for row, is_late in rows:
        title = f"{row['assignment__ref']} {row['assignment__title'][:120]}".strip()
        plan_label = row["plan__number"] or "kế hoạch"
        if is_late:
            kind, days_before = "late_occurrence", 0
            message = (
                f"Quá hạn: nhiệm vụ «{title}» ({plan_label}), kỳ {row['label']}, hạn {_vn(row['due'])} "
                "chưa có kết quả được ghi nhận."
            )
        else:
            threshold = reminder_threshold((row["due"] - today).days, days)
            if threshold is None:
                continue
            kind, days_before = "before_occurrence", threshold
            message = (
                f"Sắp đến hạn ({_vn(row['due'])}): nhiệm vụ «{title}» ({plan_label}), kỳ {row['label']} "
                "chưa có kết quả được ghi nhận."
            )
        for recipient_id, email in officers.get(row["assignment__unit_id"], []):
            out.append(
                ReminderCandidate(
                    recipient_id,
                    email,
                    row["plan_id"],
                    f"occ:{row['pk']}",
                    kind,
                    days_before,
                    row["due"],
                    message,
                    occurrence_id=row["pk"],
                )
            )
    return out


def _sent_keys(candidates: list[ReminderCandidate]) -> set[tuple[int, str, str, int]]:
    """Reminders already sent among the candidates (one query); a race past this check is caught by the key."""
    if not candidates:
        return set()
    return set(
        Reminder.objects.filter(
            recipient_id__in={c.recipient_id for c in candidates}, item_key__in={c.item_key for c in candidates}
        ).values_list("recipient_id", "item_key", "kind", "days_before")
    )


def send_reminders(today: dt.date | None = None) -> ReminderRun:
    """Create the in-app reminders due today and e-mail them, exactly once per recipient, item and kind.

    Safe to run twice or concurrently: the unique key on (recipient, item, kind, days) decides who creates a
    reminder, and a job claims the e-mails it sends (see deliver_reminder_emails). E-mails go out as one digest
    per recipient; a reminder counts as e-mailed only once the mail server accepted it.
    """
    today = today or timezone.localdate()
    days = reminder_days()
    candidates = _occurrence_candidates(today, days)
    # Reports are reminded by the reporting app, from its reporting periods' due dates.
    for _, wanted in reminders_wanted.send(sender=ReminderCandidate, today=today, days=days):
        candidates += cast(list[ReminderCandidate], wanted)
    run = ReminderRun()
    existing = _sent_keys(candidates)
    now = timezone.now()
    for c in candidates:
        if (c.recipient_id, c.item_key, c.kind, c.days_before) in existing:
            run.already_sent += 1
            continue
        try:
            with transaction.atomic():
                _, created = Reminder.objects.get_or_create(
                    recipient_id=c.recipient_id,
                    item_key=c.item_key,
                    kind=c.kind,
                    days_before=c.days_before,
                    defaults={
                        "plan_id": c.plan_id,
                        "occurrence_id": c.occurrence_id,
                        "reporting_id": c.reporting_id,
                        "due": c.due,
                        "message": c.message,
                        "email_status": EmailStatus.PENDING if c.email else EmailStatus.NONE,
                        "email_next_at": now if c.email else None,
                    },
                )
        except IntegrityError:
            created = False
        if not created:
            run.already_sent += 1
            continue
        run.created += 1
        existing.add((c.recipient_id, c.item_key, c.kind, c.days_before))
    deliver_reminder_emails(run)
    return run


def _claim_due_emails(now: dt.datetime, limit: int = 2000) -> list[Reminder]:
    """Take the reminders whose e-mail is due; the lease (email_next_at moved ahead) keeps another job off them
    while this one sends, and lets a job that dies mid-way be taken over when it expires."""
    with transaction.atomic():
        due = list(
            Reminder.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(email_status=EmailStatus.PENDING, email_next_at__lte=now)
            .select_related("recipient")
            .order_by("email_next_at", "pk")[:limit]
        )
        lease = now + dt.timedelta(seconds=int(settings.REMINDER_EMAIL_LEASE_SECONDS))
        Reminder.objects.filter(pk__in=[r.pk for r in due]).update(email_next_at=lease)
    return due


def _digest(email: str, items: list[Reminder]) -> EmailMessage:
    subject = "[Tuyên truyền CCHC] Nhắc việc: " + (items[0].message[:80] if len(items) == 1 else f"{len(items)} việc")
    body = (
        "Kính gửi đồng chí,\n\n"
        + "\n".join(f"- {r.message}" for r in items)
        + "\n\nVui lòng đăng nhập hệ thống để ghi nhận kết quả thực hiện."
    )
    return EmailMessage(subject, body, None, [email])


def _email_failed(items: list[Reminder], error: str, now: dt.datetime, run: ReminderRun) -> None:
    """Record a failed send: tried again after a doubling delay, given up after REMINDER_EMAIL_MAX_ATTEMPTS."""
    limit = int(settings.REMINDER_EMAIL_MAX_ATTEMPTS)
    base = int(settings.REMINDER_EMAIL_RETRY_SECONDS)
    for reminder in items:
        reminder.email_attempts += 1
        reminder.email_error = error[:1000]
        if reminder.email_attempts >= limit:
            reminder.email_status, reminder.email_next_at = EmailStatus.FAILED, None
            run.email_given_up += 1
        else:
            reminder.email_next_at = now + dt.timedelta(seconds=base * 2 ** (reminder.email_attempts - 1))
        run.email_failed += 1
    Reminder.objects.bulk_update(items, ["email_attempts", "email_error", "email_status", "email_next_at"])
    logger.error("Gửi thư nhắc việc thất bại (%d nhắc việc): %s", len(items), error)


def deliver_reminder_emails(run: ReminderRun | None = None) -> ReminderRun:
    """Send every reminder e-mail that is due: new ones and earlier failures whose retry time has come."""
    run = run or ReminderRun()
    now = timezone.now()
    by_email: dict[str, list[Reminder]] = {}
    for reminder in _claim_due_emails(now):
        email = (reminder.recipient.email or "").strip()
        if not email or not reminder.recipient.is_active:
            reminder.email_status, reminder.email_next_at = EmailStatus.NONE, None
            reminder.save(update_fields=["email_status", "email_next_at"])
            continue
        by_email.setdefault(email, []).append(reminder)
    mailer = get_connection(fail_silently=False)
    for email, items in by_email.items():
        try:
            accepted = mailer.send_messages([_digest(email, items)])
        except Exception as exc:  # the mail server is down, refuses, times out: all of these are retried
            _email_failed(items, f"{type(exc).__name__}: {exc}", now, run)
            continue
        if not accepted:
            _email_failed(items, "Máy chủ thư không nhận thư.", now, run)
            continue
        sent_at = timezone.now()
        Reminder.objects.filter(pk__in=[r.pk for r in items]).update(
            email_status=EmailStatus.SENT,
            emailed_at=sent_at,
            email_next_at=None,
            email_error="",
            email_attempts=F("email_attempts") + 1,
        )
        run.emailed += len(items)
    return run


@transaction.atomic
def retry_reminder_emails(actor: Any, reminders: Iterable[Reminder]) -> int:
    """An administrator sends again the e-mails that failed (after fixing the mail settings or the address)."""
    ids = [r.pk for r in reminders if r.email_status == EmailStatus.FAILED]
    count = Reminder.objects.filter(pk__in=ids).update(
        email_status=EmailStatus.PENDING, email_attempts=0, email_next_at=timezone.now()
    )
    for reminder in Reminder.objects.filter(pk__in=ids):
        log_action(actor, "execution.reminder.email_retried", reminder, root=reminder.plan)
    return count


@transaction.atomic
def mark_reminders_read(actor: Any, ids: Iterable[int] | None = None) -> int:
    """Mark the actor's own in-app reminders read (all of them when ids is None)."""
    qs = Reminder.objects.filter(recipient=actor, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())


# ---------------------------------------------------------------------------------------------------------------
# Bulk results from the Excel template


def _check_rows(rows: list[excel.SheetRow], allowed: dict[int, Assignment]) -> list[dict[str, Any]]:
    errors: list[dict[str, Any]] = []
    seen: dict[tuple[int, dt.date, str, str], int] = {}
    existing: set[tuple[int, dt.date, str, str]] = set(
        LoggedResult.objects.filter(assignment_id__in=list(allowed)).values_list(
            "assignment_id", "date", "kind", "title_key"
        )
    )

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
        data = ResultInput(**row.values)
        for name, message in check_result(assignment, data).items():
            add(row, name if name != "__all__" else "assignment", message)
        key = (assignment.pk, data.date, data.kind, result_title_key(data.title)) if data.date else None
        if key and key in existing:
            add(row, "title", "Kết quả này đã được ghi nhận trước đây (trùng nhiệm vụ, ngày, hình thức và tiêu đề).")
        elif key and key in seen:
            add(row, "title", f"Trùng với dòng {seen[key]} của tệp.")
        elif key:
            seen[key] = row.number
    return errors


def _read_import_file(content: bytes, name: str) -> list[excel.SheetRow]:
    if files.sniff(content) not in ("application/zip", files.XLSX):
        raise ExecutionError("Tệp không phải Excel (.xlsx): hãy dùng tệp mẫu tải từ hệ thống.")
    try:
        rows = excel.read_rows(content, name)
    except excel.WorkbookError as exc:
        raise ExecutionError(str(exc)) from None
    if not rows:
        raise ExecutionError("Tệp chưa có dòng kết quả nào.")
    return rows


@transaction.atomic
def check_result_import(actor: Any, plan: Plan, upload: UploadedFile, allowed: Iterable[Assignment]) -> ResultImport:
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
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
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


def commit_result_import(actor: Any, result_import: ResultImport, allowed: Iterable[Assignment]) -> int:
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


def _record_rows(actor: Any, rows: list[excel.SheetRow], by_id: dict[int, Assignment]) -> int:
    touched: set[int | None] = set()
    created_by = actor if getattr(actor, "is_authenticated", False) else None
    windows: dict[int, list[Occurrence]] = {}
    for occurrence in Occurrence.objects.filter(
        assignment_id__in={r.assignment_id for r in rows}, is_active=True
    ).order_by("start"):
        windows.setdefault(occurrence.assignment_id, []).append(occurrence)
    new: list[LoggedResult] = []
    for row in rows:
        assignment = by_id[row.assignment_id or 0]
        data = ResultInput(**row.values)
        result = LoggedResult(
            plan_id=assignment.plan_id,
            unit_id=assignment.unit_id,
            assignment=assignment,
            pillar=assignment.pillar,
            source=LoggedResult.Source.EXCEL,
            created_by=created_by,
        )
        _apply(result, data)
        occs = windows.get(assignment.pk, [])
        index = schedule.pick_window([(o.start, o.due) for o in occs], result.date)
        result.occurrence = occs[index] if index is not None else None
        touched.add(result.occurrence.pk if result.occurrence else None)
        new.append(result)
    LoggedResult.objects.bulk_create(new, batch_size=1000)
    refresh_occurrences(touched)
    return len(new)
