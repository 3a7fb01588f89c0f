"""States received → accepted/refused → assigned → answered → approved → published → closed, and due dates in
working days from the one holiday calendar (Tết 2026: 16–20 February)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from unittest.mock import patch

import pytest
from django.utils import timezone

from cchc.core.inputs import InputError
from cchc.feedback import selectors, services
from cchc.feedback.models import RefusalReason, Status

from .conftest import Desk, submit

TET_EVE = timezone.make_aware(dt.datetime(2026, 2, 12, 9, 0))  # a Thursday before Tết


def on_day(day: dt.date) -> Any:
    """Run services as if it were 10:00 on `day`."""
    return patch("django.utils.timezone.now", return_value=timezone.make_aware(dt.datetime.combine(day, dt.time(10))))


def test_ten_working_days_skip_the_weekend_and_the_whole_of_tet() -> None:
    # Fri 13/2 is the 1st; 16–20/2 Tết; 23–27/2 the 2nd to 6th; 2–5/3 the 7th to 10th.
    assert services.answer_due(dt.date(2026, 2, 12)) == dt.date(2026, 3, 5)
    assert services.answer_due(dt.date(2026, 3, 6)) == dt.date(2026, 3, 20)  # a plain fortnight
    assert services.answer_due(dt.date(2026, 2, 14)) == dt.date(2026, 3, 6)  # received on a Saturday


@pytest.mark.django_db
def test_an_item_received_before_tet_is_due_after_it_and_counted_on_time_or_late(desk: Desk) -> None:
    item = submit(desk, received_at=TET_EVE)
    assert item.code.startswith("PAKN.20260212.") and item.due_on == dt.date(2026, 3, 5)
    officer, leader = desk.cast.officer, desk.cast.leader
    services.assign(officer, item, officer)
    services.draft_answer(officer, item, "Trả lời: hồ sơ chỉ cần bản chính để đối chiếu.")
    services.approve(leader, item)
    with on_day(dt.date(2026, 3, 5)):  # the due date itself: on time
        services.publish(officer, item)
    services.close(officer, item)
    assert item.status == Status.CLOSED
    late = submit(desk, received_at=TET_EVE)
    with on_day(dt.date(2026, 3, 6)):
        services.refuse_item(officer, late, RefusalReason.UNCLEAR)
    open_one = submit(desk, received_at=TET_EVE)
    assert open_one.is_open
    (row,) = selectors.figures(
        [desk.cast.officer_unit], dt.date(2026, 1, 1), dt.date(2026, 12, 31), dt.date(2026, 3, 9)
    )
    assert (row.received, row.answered, row.on_time, row.late, row.overdue_open) == (3, 2, 1, 1, 1)


@pytest.mark.django_db
def test_states_cannot_be_skipped_or_reversed(desk: Desk) -> None:
    officer, leader = desk.cast.officer, desk.cast.leader
    item = submit(desk)
    with pytest.raises(services.TransitionError):
        services.approve(leader, item)  # nothing drafted
    with pytest.raises(services.TransitionError):
        services.publish(officer, item)
    services.assign(officer, item, officer)
    assert item.status == Status.ASSIGNED
    with pytest.raises(services.TransitionError):
        services.accept(officer, item)
    services.draft_answer(officer, item, "Dự thảo.")
    services.return_draft(leader, item, "Bổ sung căn cứ pháp lý.")
    assert item.status == Status.ASSIGNED
    services.draft_answer(officer, item, "Dự thảo có căn cứ: Nghị định 63/2010/NĐ-CP.")
    services.approve(leader, item)
    services.publish(officer, item)
    with pytest.raises(services.TransitionError):
        services.draft_answer(officer, item, "Sửa sau khi đã công khai.")
    with pytest.raises(InputError):
        services.refuse_item(officer, submit(desk), "bất kỳ")  # a legal reason is required


@pytest.mark.django_db
def test_an_extension_is_recorded_once_in_working_days(desk: Desk) -> None:
    item = submit(desk, received_at=TET_EVE)
    services.extend(desk.cast.officer, item, 5, "Cần xác minh tại cơ sở")
    assert (item.extended_from, item.due_on) == (dt.date(2026, 3, 5), dt.date(2026, 3, 12))
    assert item.extension_reason == "Cần xác minh tại cơ sở"
    with pytest.raises(services.TransitionError):
        services.extend(desk.cast.officer, item, 2, "Lần nữa")
    with pytest.raises(InputError):
        services.extend(desk.cast.officer, submit(desk), 999, "Quá dài")


@pytest.mark.django_db
def test_handlers_are_reminded_before_and_after_the_due_date_once(desk: Desk) -> None:
    officer = desk.cast.officer
    officer.email = "canbo@example.com"
    officer.save()
    item = submit(desk, received_at=TET_EVE)
    assert services.remind_handlers(dt.date(2026, 3, 2)) == 0  # four working days before
    assert services.remind_handlers(dt.date(2026, 3, 3)) == 1  # two working days before
    assert services.remind_handlers(dt.date(2026, 3, 4)) == 0  # once
    assert services.remind_handlers(dt.date(2026, 3, 6)) == 1  # overdue
    assert set(item.notifications.values_list("event", flat=True)) >= {"due_soon", "overdue"}
