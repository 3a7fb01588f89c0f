"""The scoring rubric: the Đồng Nai default, the 90 % rule, points that must add up, ranking and awards."""

from __future__ import annotations

import copy

import pytest

from cchc.reporting.scoring import (
    DEFAULT_RUBRIC,
    RubricError,
    parse_rubric,
    rank,
    rubric_from_rows,
    rubric_json,
    rubric_rows,
    score,
)


def test_the_default_rubric_is_the_two_point_communication_criterion() -> None:
    rubric = parse_rubric(DEFAULT_RUBRIC)
    assert rubric.total == 2
    assert [c.code for c in rubric.criteria] == ["4.1", "4.2"]
    assert parse_rubric(rubric_json(rubric)) == rubric


@pytest.mark.parametrize(("share", "points"), [(1.0, 1.0), (0.95, 0.95), (0.9, 0.9), (0.85, 0.0), (0.0, 0.0)])
def test_plan_completion_follows_the_90_percent_rule(share: float, points: float) -> None:
    result = score(parse_rubric(DEFAULT_RUBRIC), {"assignments_done": share})
    assert result.by_code["4.1"] == points


def test_variety_of_forms_gives_half_a_point_online_and_half_traditional() -> None:
    rubric = parse_rubric(DEFAULT_RUBRIC)
    web_only = score(rubric, {"forms:web_social": 1})
    assert web_only.by_code["4.2.1"] == 0.25 and web_only.total == 0.25
    everything = score(
        rubric, {"assignments_done": 1, "forms:web_social": 1, "forms:screen": 1, "forms:traditional": 1}
    )
    assert everything.total == 2 and everything.by_code["4.2"] == 1


def test_a_rubric_whose_points_do_not_add_up_is_refused_with_every_reason() -> None:
    bad = copy.deepcopy(DEFAULT_RUBRIC)
    bad["criteria"][1]["children"][1]["points"] = 0.75
    with pytest.raises(RubricError) as error:
        parse_rubric(bad)
    assert any("Tiêu chí 4.2: điểm (1) không bằng tổng điểm các tiêu chí con (1,25)" in e for e in error.value.errors)
    bad["total"] = 3
    bad["criteria"][0]["measure"] = "likes"
    with pytest.raises(RubricError) as error:
        parse_rubric(bad)
    assert any("Tổng điểm (3)" in e for e in error.value.errors)
    assert any("«likes» không có trong danh mục" in e for e in error.value.errors)


def test_units_with_equal_scores_share_a_rank_and_only_the_best_are_proposed_for_awards() -> None:
    rubric = parse_rubric({**DEFAULT_RUBRIC, "award_max": 2, "award_min_share": 0.9})
    ranked = rank(rubric, {"a": 2.0, "b": 1.9, "c": 1.9, "d": 0.5}, order=["a", "b", "c", "d"])
    assert [(r.key, r.rank, r.proposed) for r in ranked] == [
        ("a", 1, True),
        ("b", 2, True),
        ("c", 2, True),
        ("d", 4, False),
    ]


def test_the_form_rows_give_back_the_same_rubric_and_a_childs_code_names_its_parent() -> None:
    rubric = parse_rubric(DEFAULT_RUBRIC)
    header = {"name": rubric.name, "total": "2", "award_min_share": "90", "award_max": 5}
    rows = rubric_rows(rubric)
    assert [r["code"] for r in rows] == ["4.1", "4.2", "4.2.1", "4.2.1.a", "4.2.1.b", "4.2.2"]
    assert rubric_from_rows(header, rows) == rubric
    with pytest.raises(RubricError) as error:
        rubric_from_rows(header, [*rows[:1], {**rows[1], "points": "1"}, {**rows[2], "threshold": "chín mươi"}])
    assert any("Tiêu chí 4.2: điểm (1) không bằng tổng điểm các tiêu chí con (0,5)" in e for e in error.value.errors)
