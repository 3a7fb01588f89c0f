"""Citizens' feedback flows into the consolidated report (a section with the territory's figures) and into the
rubric's measures (share answered on time, share satisfied)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from unittest.mock import patch

from django.utils import timezone

from cchc.documents.tests.docx_reading import all_text, open_docx
from cchc.feedback import services as feedback
from cchc.feedback.models import RefusalReason, Topic
from cchc.reporting import printing, services
from cchc.reporting.models import ReportingPeriod

ON = dt.date(2024, 12, 20)


def at(day: dt.date) -> Any:
    return patch("django.utils.timezone.now", return_value=timezone.make_aware(dt.datetime.combine(day, dt.time(9))))


def _item(issued: Any, day: dt.date) -> Any:
    with at(day):
        item, _ = feedback.submit(
            None,
            feedback.Submission(topic=Topic.PROCEDURE, content="Hồ sơ bị trả lại.", sender_name="Đỗ Văn Hải",
                                sender_phone="0912111222", consent=True),
        )  # fmt: skip
    return feedback.route(issued.owner, item, issued.officer_unit)


def test_the_consolidated_report_and_the_scores_count_feedback(period: ReportingPeriod, issued: Any) -> None:
    answered = _item(issued, dt.date(2024, 5, 6))  # due 20/5/2024
    feedback.assign(issued.officer, answered, issued.officer)
    feedback.draft_answer(issued.officer, answered, "Đã hướng dẫn bổ sung hồ sơ.")
    feedback.approve(issued.leader, answered)
    with at(dt.date(2024, 5, 15)):
        feedback.publish(issued.officer, answered)
    feedback.rate(answered, False, "Chậm.")
    late = _item(issued, dt.date(2024, 6, 3))
    with at(dt.date(2024, 7, 1)):
        feedback.refuse_item(issued.officer, late, RefusalReason.UNCLEAR)
    services.save_consolidated(issued.owner, period, summary="Đã triển khai.", number="16", signer_name="Lê Minh")
    data = printing.consolidated_data(period, ON)
    text = all_text(open_docx(printing.consolidated_docx(data, services.consolidated_for(period))))
    assert "TIẾP NHẬN, TRẢ LỜI PHẢN ÁNH, KIẾN NGHỊ" in text.upper()
    assert "tiếp nhận 2 phản ánh, kiến nghị; đã trả lời 2 (đúng hạn 1, đạt 50" in text
    assert "1 không hài lòng" in text
    measures = services.unit_measures(issued.plan, 2024, [issued.officer_unit, issued.other_unit], ON)
    assert measures[issued.officer_unit.pk]["feedback_on_time"] == 0.5
    assert measures[issued.officer_unit.pk]["feedback_satisfied"] == 0.0
    assert measures[issued.other_unit.pk]["feedback_on_time"] is None  # nothing received is not a 0
