"""A citizen's pages on a 360-px phone in a real browser, each checked by axe-core and for sideways scrolling:
feedback sent from the phone and followed by its code to the published answer (issue 14); a contest round entered,
taken against the announced timer and handed in after its confirmation, then its published results (issue 15); a
survey answered by its link. Screenshots of every page at 360 px go to var/screenshots/ (citizen-*.png)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.utils import timezone

from cchc.contests import services as contests
from cchc.contests.models import Round
from cchc.feedback import selectors as feedback_selectors
from cchc.feedback import services as feedback
from cchc.feedback.models import FeedbackItem, Status, Topic
from cchc.feedback.tests.conftest import solve
from cchc.questions.tests.factories import filled_bank, standard_rows
from cchc.surveys import services as surveys
from cchc.units.models import Unit
from tests.browser.conftest import SCREENSHOTS, Browser

PHONE_WIDTH = 360


def _check(browser: Browser, name: str, problems: list[str]) -> None:
    """axe-core's serious violations and sideways scrolling of the current page at 360 px; a screenshot."""
    assert "Lỗi máy chủ" not in browser.text(), browser.path
    for violation in browser.axe():
        targets = [", ".join(n.get("target", [])) for n in violation.get("nodes", [])][:3]
        problems.append(f"{browser.path}: {violation['id']} ({violation['impact']}) {violation['help']} — {targets}")
    inner = browser.driver.execute_script("return window.innerWidth")
    scroll = browser.driver.execute_script("return document.documentElement.scrollWidth")
    if scroll > inner:
        problems.append(f"{browser.path}: scrolls sideways ({scroll} px in a {inner} px window)")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.driver.save_screenshot(str(SCREENSHOTS / f"citizen-{name}-{PHONE_WIDTH}.png"))


def _first_option_of_each(browser: Browser) -> None:
    """Tap the first option of every question of the page, as a hurried person would."""
    for group in browser.driver.execute_script(
        "return [...new Set([...document.querySelectorAll('input[type=radio]')].map(e => e.name))]"
    ):
        browser.driver.execute_script(f"document.querySelector('input[name=\"{group}\"]').click()")


def _phone(browser: Browser) -> None:
    browser.driver.delete_all_cookies()
    browser.driver.set_window_size(PHONE_WIDTH, 740)


def test_a_citizen_sends_feedback_from_a_phone_and_follows_its_code_to_the_answer(
    browser: Browser, world_seeded: Any
) -> None:
    cast = world_seeded
    district = cast.plan.issuer_unit
    commune = Unit.objects.filter(parent=district, kind="commune").order_by("name").first()
    feedback.save_rule(cast.owner, Topic.PROCEDURE, district, cast.officer_unit)
    # The place index is cached per process under the directory's size; the live server's committed world has the
    # same size as the worlds of earlier tests in this process but other rows, so it is read afresh.
    feedback_selectors._place_index.cache_clear()
    problems: list[str] = []
    _phone(browser)
    browser.go("/phan-anh/gui/")
    _check(browser, "feedback-form", problems)
    browser.find("#id_topic").send_keys("Thủ tục hành chính")
    browser.type("#id_place", commune.locality)
    browser.type("#id_content", "Xã yêu cầu nộp bản sao giấy khai sinh đã có trong cơ sở dữ liệu dân cư.")
    browser.type("#id_sender_name", "Nguyễn Văn An")
    browser.type("#id_sender_phone", "0912 345 678")
    browser.driver.execute_script("document.getElementById('id_consent').click()")
    browser.type("#id_challenge", solve(browser.driver.page_source))
    browser.click(browser.button("Gửi phản ánh, kiến nghị"), times=2)  # a double tap stores one item
    code = re.search(r"PAKN\.\d{8}\.\d{4}", browser.path)
    assert code, browser.text()
    assert FeedbackItem.objects.filter(content__startswith="Xã yêu cầu").count() == 1
    assert code.group(0) in browser.text() and "Đã tiếp nhận" in browser.text()
    _check(browser, "feedback-received", problems)

    item = FeedbackItem.objects.get(code=code.group(0))
    assert item.unit == cast.officer_unit  # routed by the rule for procedures in the district
    feedback.assign(cast.officer, item, cast.officer)
    feedback.draft_answer(cast.officer, item, "Theo Nghị định 104/2022/NĐ-CP, xã không được yêu cầu bản sao này.", "")
    feedback.approve(cast.leader, item)
    feedback.publish(cast.officer, item)

    _phone(browser)  # later, on another visit: the code and the phone number open the item
    browser.go("/phan-anh/tra-cuu/")
    _check(browser, "feedback-lookup", problems)
    browser.type("#id_code", code.group(0))
    browser.type("#id_contact", "0912345678")
    browser.click(browser.button("Tra cứu"))
    assert "Nghị định 104/2022/NĐ-CP" in browser.text()
    _check(browser, "feedback-answer", problems)
    browser.driver.execute_script("document.querySelector('input[name=satisfied][value=\"1\"]').click()")
    browser.click(browser.button("Gửi đánh giá"))
    assert "Cảm ơn bạn đã đánh giá" in browser.text()
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED and item.satisfied is True
    browser.go("/phan-anh/")
    assert "Nghị định 104/2022/NĐ-CP" in browser.text() and "Nguyễn Văn An" not in browser.text()
    _check(browser, "feedback-answers", problems)
    browser.go(f"/phan-anh/tra-loi/{item.code}/")
    _check(browser, "feedback-published", problems)
    assert not problems, "\n".join(problems)


def test_a_citizen_takes_a_contest_round_on_a_phone_and_answers_a_survey(browser: Browser, world_seeded: Any) -> None:
    cast = world_seeded
    bank = filled_bank(cast.owner, cast.owner.unit, standard_rows())
    contest = contests.create_contest(cast.owner, title="Tìm hiểu CCHC 2025", description="Thể lệ cuộc thi", bank=bank)
    now = timezone.now()
    round_ = contests.add_round(
        cast.owner,
        contest,
        contests.RoundInput(opens_at=now - dt.timedelta(hours=1), closes_at=now + dt.timedelta(hours=2),
                            duration_minutes=30, easy_count=2, medium_count=2, hard_count=1, prize_count=3),
    )  # fmt: skip
    problems: list[str] = []
    _phone(browser)
    for name, path in (("contests", "/cuoc-thi/"), ("contest", f"/cuoc-thi/{contest.pk}/")):
        browser.go(path)
        _check(browser, name, problems)
    browser.go(f"/cuoc-thi/vong/{round_.pk}/")
    _check(browser, "contest-enter", problems)
    browser.type("#id_full_name", "Lê Thị Cúc")
    browser.type("#id_cccd", "001 099 012 345")
    browser.find("#id_unit_id").send_keys(cast.officer_unit.name)
    browser.click(browser.button("Bắt đầu làm bài"))
    timer = browser.find("#timer")
    assert timer.get_attribute("role") == "timer"
    assert browser.find("#timer-announce").get_attribute("aria-live") == "assertive"
    assert "Thời gian còn lại" in timer.text
    _check(browser, "contest-paper", problems)
    _first_option_of_each(browser)
    browser.click(browser.button("Nộp bài"))
    assert "Bạn đã trả lời" in browser.text() and "không sửa được nữa" in browser.text()
    _check(browser, "contest-confirm", problems)
    browser.click(browser.button("Nộp bài"))
    assert re.search(r"\d+/5", browser.text()), browser.text()
    _check(browser, "contest-handed-in", problems)
    Round.objects.filter(pk=round_.pk).update(closes_at=timezone.now())  # the organiser closes it early
    round_.refresh_from_db()
    contests.publish_round(cast.owner, round_)
    browser.go(f"/cuoc-thi/vong/{round_.pk}/ket-qua/")
    assert "Lê Thị Cúc" in browser.text()
    _check(browser, "contest-results", problems)

    survey = surveys.create_survey(
        cast.owner, cast.owner.unit, surveys.SurveyInput("Khảo sát một cửa", now - dt.timedelta(days=1))
    )
    browser.go(f"/khao-sat/{survey.token}/")
    _check(browser, "survey", problems)
    browser.driver.execute_script("document.getElementById('unit_id').selectedIndex = 1")
    _first_option_of_each(browser)
    browser.click(browser.button("Gửi phiếu"))
    assert "Cảm ơn Ông/Bà đã trả lời" in browser.text(), browser.text()
    assert survey.responses.count() == 1
    _check(browser, "survey-thanks", problems)
    assert not problems, "\n".join(problems)
