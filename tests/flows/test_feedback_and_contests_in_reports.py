"""Citizens' feedback and contest entries reach the reports: a unit's report (its page and its document) says how
much feedback it received and answered on time and how many of its people took each contest round; the
consolidated report has the same for every unit of the territory, with a table of entrants per unit and round."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cchc.contests import services as contests
from cchc.documents.spec import Bullet, Paragraph, Table
from cchc.feedback import services as feedback
from cchc.feedback.models import Topic
from cchc.questions.tests.conftest import _empty_cache
from cchc.questions.tests.factories import filled_bank, standard_rows
from cchc.reporting import printing, services
from cchc.reporting.models import ReportingPeriod
from cchc.reporting.printing.consolidated import consolidated_tables

__all__ = ["_empty_cache"]


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _answered_item(cast: Any, day: dt.date) -> None:
    """An item received on `day`, sorted to the officer's unit, answered, approved and published today: long after
    its due date, so late."""
    item, _ = feedback.submit(
        None,
        feedback.Submission(topic=Topic.PROCEDURE, content="Hồ sơ chứng thực bị trả lại, đề nghị hướng dẫn.",
                            sender_name="Trần Thị Bình", sender_phone="0987654321", consent=True,
                            received_at=_at(day)),
    )  # fmt: skip
    item = feedback.route(cast.owner, item, cast.officer_unit)
    feedback.assign(cast.officer, item, cast.officer)
    feedback.draft_answer(cast.officer, item, "Xã đã hướng dẫn bổ sung hồ sơ theo quy định.", "")
    feedback.approve(cast.leader, item)
    feedback.publish(cast.officer, item)


def _round_taken(cast: Any, day: dt.date, people: dict[Any, int]) -> None:
    """A contest round open on `day`, taken by `people[unit]` people of each unit (one handing nothing in)."""
    bank = filled_bank(cast.owner, cast.owner.unit, standard_rows())
    contest = contests.create_contest(cast.owner, title="Tìm hiểu CCHC 2024", description="", bank=bank)
    round_ = contests.add_round(
        cast.owner,
        contest,
        contests.RoundInput(opens_at=_at(day, 7), closes_at=_at(day, 22), duration_minutes=30, easy_count=2,
                            medium_count=2, hard_count=1, prize_count=3),
    )  # fmt: skip
    n = 0
    for unit, count in people.items():
        for _ in range(count):
            n += 1
            data = contests.Registration(full_name=f"Người dự thi {n}", cccd=f"0010990{n:05d}", unit_id=str(unit.pk))
            attempt = contests.start_attempt(round_, data, client_ip="192.0.2.1", now=_at(day, 8))
            if n > 1:
                contests.submit(attempt, {}, now=_at(day, 8) + dt.timedelta(minutes=5))


def test_feedback_and_contest_entries_in_the_unit_and_consolidated_reports(world_reported: Any) -> None:
    cast = world_reported
    period = ReportingPeriod.objects.filter(plan=cast.plan, kind="annual").get()
    day = period.start + dt.timedelta(days=40)
    _answered_item(cast, day)
    _round_taken(cast, day, {cast.officer_unit: 3, cast.other_unit: 2})

    report = services.open_report(cast.officer, period, cast.officer_unit)
    assert report.figures["feedback"]["received"] == 1 and report.figures["feedback"]["late"] == 1
    assert report.figures["contests"] == [{"round": "Tìm hiểu CCHC 2024 – vòng 1", "entrants": 3, "submitted": 2}]
    officer = Client()
    officer.force_login(cast.officer)
    page = officer.get(reverse("reporting:report", args=[report.pk])).content.decode()
    assert "Tiếp nhận 1; đã trả lời 1 (đúng hạn 0, trễ hạn 1)" in page
    assert "Tìm hiểu CCHC 2024 – vòng 1: 3 người dự thi, 2 người nộp bài" in page

    services.save_report(cast.officer, report, results="Đã thực hiện.", signer_name="Nguyễn Văn An")
    spec = printing.unit_report_spec(report)
    texts = [b.text for b in spec.body if isinstance(b, Paragraph | Bullet)]
    answered = "tiếp nhận 1 phản ánh, kiến nghị; đã trả lời 1 (đúng hạn 0, đạt 0%; trễ hạn 1)"
    assert any(answered in t for t in texts), texts
    assert any("vòng 1: 3 người dự thi, 2 người nộp bài" in t for t in texts)

    data = printing.consolidated_data(period, period.end)
    table = next(t for t in consolidated_tables(data) if t.title and "dự thi" in t.title)
    rows = {row.cells[1]: row.cells[2:] for row in table.rows}
    assert rows[cast.officer_unit.name] == (3, 3) and rows[cast.other_unit.name] == (2, 2)
    assert rows["Tổng cộng"] == (5, 5)
    body = printing.consolidated_spec(data, services.consolidated_for(period)).body
    sentences = [b.text for b in body if isinstance(b, Paragraph)]
    assert any("của 2 cơ quan, đơn vị tham gia cuộc thi" in s and "vòng 1: 5 người dự thi, 4 người nộp bài" in s
               for s in sentences), sentences  # fmt: skip
    assert any(isinstance(b, Table) and len(b.rows) == 3 for b in body)  # two units and the total
