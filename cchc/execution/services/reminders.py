"""Reminders: in-app notices before and after an occurrence's deadline, e-mailed as one digest per recipient."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from cchc.accounts.models import Role, User
from cchc.accounts.types import Actor
from cchc.core.audit import log_action
from cchc.core.dates import format_vn
from cchc.execution.models import (
    Assignment,
    EmailStatus,
    Occurrence,
    Reminder,
)
from cchc.execution.signals import reminders_wanted
from cchc.plans.models import PlanStatus

logger = logging.getLogger(__name__)


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
                f"Quá hạn: nhiệm vụ «{title}» ({plan_label}), kỳ {row['label']}, hạn {format_vn(row['due'])} "
                "chưa có kết quả được ghi nhận."
            )
        else:
            threshold = reminder_threshold((row["due"] - today).days, days)
            if threshold is None:
                continue
            kind, days_before = "before_occurrence", threshold
            message = (
                f"Sắp đến hạn ({format_vn(row['due'])}): nhiệm vụ «{title}» ({plan_label}), kỳ {row['label']} "
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
def retry_reminder_emails(actor: Actor, reminders: Iterable[Reminder]) -> int:
    """An administrator sends again the e-mails that failed (after fixing the mail settings or the address)."""
    ids = [r.pk for r in reminders if r.email_status == EmailStatus.FAILED]
    count = Reminder.objects.filter(pk__in=ids).update(
        email_status=EmailStatus.PENDING, email_attempts=0, email_next_at=timezone.now()
    )
    for reminder in Reminder.objects.filter(pk__in=ids):
        log_action(actor, "execution.reminder.email_retried", reminder, root=reminder.plan)
    return count


@transaction.atomic
def mark_reminders_read(actor: Actor, ids: Iterable[int] | None = None) -> int:
    """Mark the actor's own in-app reminders read (all of them when ids is None)."""
    qs = Reminder.objects.filter(recipient=actor, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())
