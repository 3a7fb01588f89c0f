"""Measurable targets, result kinds and reform pillars are proposed from a plan's wording (pure)."""

from __future__ import annotations

from cchc.execution.target_wording import kinds_in, propose_pillar, propose_targets


def test_at_least_one_seminar_a_year_is_a_total_target_on_conferences() -> None:
    [target] = propose_targets("Tổ chức ít nhất 01 buổi tọa đàm chuyên đề về CCHC trong năm.")
    assert (target.metric, target.period, target.threshold, target.kinds) == ("total", "plan", 1, ("conference",))
    assert target.phrase.startswith("ít nhất 01 buổi tọa đàm")


def test_weekly_posting_is_an_every_period_target() -> None:
    [target] = propose_targets("Định kỳ hàng tuần, hàng tháng đăng tải tin, bài; phát sóng chuyên mục CCHC")
    assert (target.metric, target.period, target.threshold) == ("every_period", "week", 1)
    assert "portal_news" in target.kinds


def test_a_satisfaction_rate_is_a_percent_target_on_surveys() -> None:
    [target] = propose_targets("Phấn đấu mức độ hài lòng của người dân đạt trên 90% vào cuối năm")
    assert (target.metric, target.threshold, target.quantity, target.kinds) == ("percent", 90.0, "rate", ("survey",))


def test_a_count_per_month_is_read_with_its_number() -> None:
    [target] = propose_targets("Đăng tải 4 tin, bài/tháng trên Cổng TTĐT")
    assert (target.metric, target.period, target.threshold) == ("every_period", "month", 4)


def test_wording_without_a_measurable_target_proposes_nothing() -> None:
    assert propose_targets("Chỉ đạo, định hướng công tác thông tin, tuyên truyền CCHC") == []


def test_kinds_are_read_from_forms_of_communication() -> None:
    assert kinds_in("Trên hệ thống truyền thanh cơ sở") == ("loudspeaker",)
    assert kinds_in("Phát hành tờ rơi, tờ gấp; đăng trên Zalo OA") == ("social_post", "visual")


def test_pillars_are_proposed_from_the_dominant_theme_or_left_general() -> None:
    assert propose_pillar("Công khai thủ tục hành chính tại Bộ phận một cửa") == "procedures"
    assert propose_pillar("Tuyên truyền chuyển đổi số, chính quyền số") == "digital_government"
    assert propose_pillar("Tuyên truyền chung về CCHC") == "general"
