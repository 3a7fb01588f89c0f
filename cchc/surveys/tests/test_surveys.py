"""Satisfaction surveys: online answers by link, paper forms typed in by staff, anonymity, results by unit, field
and period, the figures in the consolidated report and the rubric, and the bad inputs (a replayed form, a paper
form typed twice, a tampered option, another province's staff)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from cchc.questions.selectors import content, current_ids
from cchc.surveys import selectors, services
from cchc.surveys.models import Response


@pytest.fixture
def survey(cast: Any) -> Any:
    return services.create_survey(
        cast.owner,
        cast.owner.unit,
        services.SurveyInput(
            "Khảo sát sự hài lòng 2024",
            timezone.now() - dt.timedelta(days=30),
            fields=["Tư pháp", "Đất đai"],
        ),
    )


def _questions(survey: Any) -> list[dict[str, Any]]:
    return sorted(content(current_ids(survey.bank_id)).values(), key=lambda q: q["key"])


def _form(survey: Any, levels: tuple[str, ...] = ("5", "4", "3", "2", "1"), comment: str = "") -> dict[str, Any]:
    qs = _questions(survey)
    form = {f"q{q['id']}": level for q, level in zip(qs[:5], levels, strict=True)}
    form[f"q{qs[5]['id']}"] = qs[5]["option_ids"][0]
    if comment:
        form[f"q{qs[6]['id']}"] = comment
    return form


def _answer(survey: Any, unit: Any, nonce: str, **form_changes: Any) -> Any:
    data = services.ResponseInput(nonce=nonce, unit_id=str(unit.pk), field="Tư pháp")
    return services.submit_response(survey, _form(survey, **form_changes), data, client="10.0.0.1")


def test_the_sipas_questionnaire(survey: Any) -> None:
    kinds = [q["kind"] for q in _questions(survey)]
    assert kinds == ["scale"] * 5 + ["single", "text"]
    assert survey.bank.purpose == "survey" and survey.is_anonymous


def test_online_answers_count_once_and_give_the_satisfaction_rate(cast: Any, survey: Any) -> None:
    first, created = _answer(survey, cast.officer_unit, "n" * 20, comment="Cần thêm ghế chờ")
    again, created_again = _answer(survey, cast.officer_unit, "n" * 20)  # the same form posted twice
    assert created and not created_again and again.pk == first.pk
    _answer(survey, cast.officer_unit, "m" * 20, levels=("5", "5", "5", "4", "4"))
    _answer(survey, cast.other_unit, "k" * 20, levels=("1", "2", "2", "3", "3"))
    assert (first.scale_answers, first.satisfied_answers, first.respondent, first.entered_by) == (5, 2, "", None)
    qs = selectors.responses(survey, selectors.Filters())
    assert selectors.overall(qs) == {"responses": 3, "rate": round(100 * 7 / 15, 1)}
    by_unit = {r["label"]: r["rate"] for r in selectors.breakdown(qs, "unit__name")}
    assert by_unit == {cast.officer_unit.name: 70.0, cast.other_unit.name: 0.0}
    results = selectors.question_results(survey, qs)
    first_aspect = results[0]
    assert first_aspect.rows[4] == ("Rất hài lòng", 2, 66.7) and first_aspect.mean == pytest.approx(3.67, abs=0.01)
    assert results[6].comments == ["Cần thêm ghế chờ"]
    only_other = selectors.responses(survey, selectors.Filters(unit_id=cast.other_unit.pk))
    assert selectors.overall(only_other)["responses"] == 1
    assert selectors.overall(selectors.responses(survey, selectors.Filters(field="Đất đai")))["responses"] == 0
    later = selectors.Filters(start=timezone.localdate() + dt.timedelta(days=1))
    assert selectors.overall(selectors.responses(survey, later))["responses"] == 0


def test_paper_forms_are_numbered_and_typed_once(cast: Any, survey: Any) -> None:
    day = timezone.localdate() - dt.timedelta(days=3)
    data = services.ResponseInput("p" * 20, str(cast.officer_unit.pk), paper_number="A-015", answered_on=day)
    response, created = services.submit_response(survey, _form(survey), data, actor=cast.owner)
    assert created and response.channel == "paper" and response.entered_by == cast.owner and response.answered_on == day
    retyped = services.ResponseInput("q" * 20, str(cast.officer_unit.pk), paper_number="A-015", answered_on=day)
    with pytest.raises(services.SurveyError, match="đã được nhập"):
        services.submit_response(survey, _form(survey), retyped, actor=cast.owner)
    unnumbered = services.ResponseInput("r" * 20, str(cast.officer_unit.pk))
    with pytest.raises(services.SurveyError, match="Số phiếu"):
        services.submit_response(survey, _form(survey), unnumbered, actor=cast.owner)
    future = services.ResponseInput("s" * 20, str(cast.officer_unit.pk), paper_number="A-016",
                                    answered_on=timezone.localdate() + dt.timedelta(days=2))  # fmt: skip
    with pytest.raises(services.SurveyError, match="Ngày trả lời"):
        services.submit_response(survey, _form(survey), future, actor=cast.owner)
    with pytest.raises(services.SurveyError, match="không được nhập phiếu"):
        services.submit_response(survey, _form(survey), data, actor=cast.outsider)
    assert Response.objects.count() == 1


def test_bad_answers_are_refused(cast: Any, survey: Any) -> None:
    qs = _questions(survey)
    cases = [
        ({f"q{qs[0]['id']}": "6"}, "không thuộc"),
        ({f"q{qs[5]['id']}": "khong-co"}, "không thuộc"),
        ({f"q{qs[6]['id']}": "x" * 5000}, "tối đa"),
        ({}, "chưa có câu trả lời"),
    ]
    for n, (form, message) in enumerate(cases):
        data = services.ResponseInput(f"bad{n:02d}" + "x" * 16, str(cast.officer_unit.pk))
        with pytest.raises(services.SurveyError, match=message):
            services.submit_response(survey, form, data)
    for unit_id in ("", "abc", str(cast.outsider_unit.pk), "9" * 40):
        with pytest.raises(services.SurveyError, match="Cơ quan"):
            services.submit_response(survey, _form(survey), services.ResponseInput("u" * 20, unit_id))
    with pytest.raises(services.SurveyError, match="tải lại"):
        services.submit_response(survey, _form(survey), services.ResponseInput("short", str(cast.officer_unit.pk)))
    assert not Response.objects.exists()


def test_a_closed_survey_takes_no_online_answer(cast: Any, survey: Any) -> None:
    survey.closes_at = timezone.now() - dt.timedelta(minutes=1)
    survey.save()
    with pytest.raises(services.SurveyError, match="không nhận phiếu"):
        _answer(survey, cast.officer_unit, "z" * 20)


def test_one_address_is_limited(cast: Any, survey: Any, settings: Any) -> None:
    settings.SURVEY_RESPONSES_PER_CLIENT_HOUR = 2
    for n in range(2):
        _answer(survey, cast.officer_unit, f"lim{n}" + "x" * 16)
    with pytest.raises(services.SurveyError, match="quá nhiều phiếu"):
        _answer(survey, cast.officer_unit, "lim9" + "x" * 16)


def test_the_pages(cast: Any, survey: Any, client: Any) -> None:
    link = reverse("surveys:answer", args=[survey.token])
    page = client.get(link + f"?don-vi={cast.officer_unit.pk}").content.decode()
    assert "Tiếp cận dịch vụ" in page and f'value="{cast.officer_unit.pk}" selected' in page
    nonce = page.split('name="nonce" value="')[1].split('"')[0]
    form = {"nonce": nonce, "unit_id": cast.officer_unit.pk, "field": "Đất đai", **_form(survey)}
    assert client.post(link, form)["Location"] == reverse("surveys:thanks", args=[survey.token])
    assert client.post(link, form).status_code == 302 and Response.objects.count() == 1  # double submit
    assert client.get(reverse("surveys:qr", args=[survey.token])).content.startswith(b"<?xml")
    assert client.get(reverse("surveys:answer", args=["khong-co"])).status_code == 404
    client.force_login(cast.owner)
    manage = reverse("surveys:manage_survey", args=[survey.pk])
    page = client.get(manage).content.decode()
    assert ("1</strong> phiếu" in page and "40,0%" in page) or "40.0%" in page
    paper = reverse("surveys:paper", args=[survey.pk])
    nonce = client.get(paper).content.decode().split('name="nonce" value="')[1].split('"')[0]
    typed = {"nonce": nonce, "unit_id": cast.other_unit.pk, "paper_number": "15", "answered_on": "", **_form(survey)}
    assert client.post(paper, typed).status_code == 302
    assert Response.objects.filter(channel="paper").count() == 1
    for user in (cast.outsider, cast.other_officer, cast.public):
        client.force_login(user)
        assert client.get(manage).status_code == 404 and client.post(paper, typed).status_code == 404
    client.force_login(cast.owner)
    form = {"title": "Khảo sát mới", "opens_at": "2024-01-01T08:00", "fields_text": "Tư pháp\nĐất đai\n"}
    created = client.post(reverse("surveys:manage"), form)
    assert created.status_code == 302


def test_a_form_filled_after_midnight_in_vietnam_counts_on_that_day(cast: Any, survey: Any) -> None:
    # 01:00 in Hà Nội is 18:00 UTC of the day before: the answer belongs to the Vietnamese day.
    one_am = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(1, 0))).astimezone(dt.UTC)
    data = services.ResponseInput(nonce="t" * 20, unit_id=str(cast.officer_unit.pk), field="Tư pháp")
    response, _ = services.submit_response(survey, _form(survey), data, client="10.0.0.1", now=one_am)
    assert one_am.date() != response.answered_on == timezone.localdate()


def test_satisfaction_reaches_reports(cast: Any, survey: Any) -> None:
    _answer(survey, cast.officer_unit, "r" * 20, levels=("5", "5", "4", "4", "1"))
    today = timezone.localdate()
    rows = selectors.satisfaction_rows([cast.officer_unit.pk, cast.other_unit.pk], today - dt.timedelta(days=1), today)
    assert rows == [{"unit": cast.officer_unit.name, "title": "Khảo sát «Khảo sát sự hài lòng 2024» (1 phiếu)",
                     "date": today, "rate": 80.0}]  # fmt: skip
    assert selectors.unit_satisfaction([cast.officer_unit.pk], today, today) == {cast.officer_unit.pk: 0.8}
