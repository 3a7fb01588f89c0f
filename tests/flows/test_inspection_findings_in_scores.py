"""The scoring rubric can use inspection findings: a unit with a serious finding or a recommendation left open past
its due date loses the points of those criteria, an inspected unit with nothing found earns them, and a unit the
year's rounds did not visit is not assessed on them (its total is scaled over the other criteria)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cchc.inspections.services import add_finding, add_recommendation, create_round
from cchc.reporting import services
from cchc.reporting.models import UnitScore

ON = dt.date(2024, 12, 31)
RUBRIC = {
    "name": "Tuyên truyền CCHC, có kết quả kiểm tra",
    "total": 3,
    "criteria": [
        {"code": "1", "title": "Hoàn thành nhiệm vụ", "points": 1, "measure": "assignments_done",
         "rule": "proportional"},
        {"code": "2", "title": "Không có tồn tại nghiêm trọng qua kiểm tra", "points": 1,
         "measure": "inspection_no_serious", "rule": "any"},
        {"code": "3", "title": "Khắc phục kiến nghị đúng hạn", "points": 1, "measure": "inspection_followed_up",
         "rule": "proportional"},
    ],
}  # fmt: skip


def test_findings_and_their_follow_up_score(world_reported: Any) -> None:
    cast = world_reported
    inspection = create_round(
        cast.owner, cast.plan, title="Kiểm tra công tác tuyên truyền CCHC năm 2024", start=dt.date(2024, 1, 1),
        end=dt.date(2024, 9, 30), team=["Trưởng đoàn: Hoàng Văn Minh"], units=[cast.officer_unit, cast.other_unit],
    )  # fmt: skip
    finding = add_finding(cast.owner, inspection, cast.officer_unit, "Chưa lập chuyên mục CCHC trên trang", "serious")
    add_recommendation(cast.owner, finding, "Lập chuyên mục CCHC", dt.date(2024, 10, 31))

    units = [cast.officer_unit, cast.other_unit, cast.outsider_unit]
    measures = services.unit_measures(cast.plan, 2024, units, ON)
    assert measures[cast.officer_unit.pk]["inspection_no_serious"] == 0.0
    assert measures[cast.officer_unit.pk]["inspection_followed_up"] == 0.0  # due 31/10, still open
    assert measures[cast.other_unit.pk]["inspection_no_serious"] == 1.0  # visited, nothing found
    assert measures[cast.other_unit.pk]["inspection_followed_up"] is None  # nothing to follow up
    assert measures[cast.outsider_unit.pk]["inspection_no_serious"] is None  # not visited

    services.set_rubric(cast.owner, cast.plan, RUBRIC)
    services.compute_scores(cast.owner, cast.plan, 2024, ON)
    scores = {s.unit_id: s for s in UnitScore.objects.filter(plan=cast.plan, year=2024)}
    mine, other = scores[cast.officer_unit.pk], scores[cast.other_unit.pk]
    assert mine.points["2"] == 0 and mine.points["3"] == 0
    assert other.points["2"] == 1 and other.points["3"] is None
    basis = services.measure_basis(cast.plan, 2024, cast.officer_unit, ON)
    assert basis["inspection_no_serious"] == (
        "Qua kiểm tra trong năm: 1 tồn tại, hạn chế, trong đó 1 nghiêm trọng; 1 kiến nghị, 1 kiến nghị quá hạn chưa"
        " khắc phục."
    )
