"""The question bank: Excel import (template, check-only run, error workbook, all or nothing), versions."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cchc.questions import services
from cchc.questions.models import CONTEST_KINDS, Question, QuestionImport, QuestionKind
from cchc.questions.tests.factories import choice_row, filled_bank, upload, workbook


def test_template_imports_every_kind(cast: Any) -> None:
    rows = [
        choice_row("Cổng Dịch vụ công quốc gia là gì?"),
        ["Nhiều đáp án đúng", "Những nội dung nào thuộc CCHC?", "Thể chế", "Thủ tục", "Thời tiết", "", "", "", "A, B",
         "Chung (nhiều nội dung)", "Trung bình", "tuần 1, tuần 2"],
        ["Đúng / Sai", "Chỉ số SIPAS đo sự hài lòng của người dân.", "", "", "", "", "", "", "Đúng", "", "Khó", ""],
        ["Điền số", "Nghị quyết 76/NQ-CP có bao nhiêu nội dung cải cách?", "", "", "", "", "", "", "6", "", "", ""],
    ]  # fmt: skip
    bank = filled_bank(cast.owner, cast.owner.unit, rows)
    questions = {q.kind: q for q in bank.questions.all()}
    assert set(questions) == {k.value for k in CONTEST_KINDS}
    multiple = questions[QuestionKind.MULTIPLE]
    assert len(multiple.options) == 3 and len(multiple.correct) == 2
    texts = multiple.option_text()
    assert sorted(texts[c] for c in multiple.correct) == ["Thể chế", "Thủ tục"]
    assert all(len(o["id"]) == 8 for o in multiple.options)  # random ids: nothing about their place or rightness
    assert multiple.tags == ["tuần 1", "tuần 2"] and multiple.difficulty == 2
    assert questions[QuestionKind.TRUE_FALSE].correct == ["dung"]
    assert questions[QuestionKind.NUMBER].correct == ["6"]
    assert [q.key for q in bank.questions.order_by("key")] == [1, 2, 3, 4]


def test_bad_rows_are_listed_and_nothing_is_added(cast: Any, client: Any) -> None:
    rows = [
        ["Một đáp án đúng", "Câu không có đáp án", "A1", "B1", "", "", "", "", "", "", "", ""],
        ["Một đáp án đúng", "Câu chỉ một phương án", "A1", "", "", "", "", "", "A", "", "", ""],
        ["Một đáp án đúng", "Đáp án trỏ vào ô trống", "A1", "B1", "", "", "", "", "D", "", "", ""],
        ["Một đáp án đúng", "Hai đáp án cho câu một đáp án", "A1", "B1", "", "", "", "", "A,B", "", "", ""],
        ["Điền số", "Câu số không có số", "", "", "", "", "", "", "mười", "", "", ""],
        ["Loại lạ", "Câu loại lạ", "", "", "", "", "", "", "A", "", "", ""],
        choice_row("Câu trùng"),
        choice_row("Câu trùng"),
        ["Một đáp án đúng", "Độ khó lạ", "A1", "B1", "", "", "", "", "A", "", "Siêu khó", ""],
    ]  # fmt: skip
    bank = services.create_bank(cast.owner, "Ngân hàng lỗi", cast.owner.unit)
    item = services.check_bank_import(cast.owner, bank, upload(workbook(rows)))
    assert item.status == QuestionImport.Status.INVALID
    by_row = {e["row"]: e["message"] for e in item.errors}
    assert by_row[2] == "Câu hỏi chưa có đáp án đúng."
    assert "ít nhất hai phương án" in by_row[3]
    assert "không phải là phương án đã ghi" in by_row[4]
    assert "chỉ được ghi một chữ cái" in by_row[5]
    assert "không phải là số" in by_row[6]
    assert "không có trong danh sách" in by_row[7]
    assert by_row[9] == "Trùng với dòng 8."
    assert "Độ khó" in by_row[10]
    with pytest.raises(services.QuestionError):
        services.commit_bank_import(cast.owner, item)
    assert not bank.questions.exists()
    client.force_login(cast.owner)
    response = client.get(reverse("questions:import_errors", args=[item.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == len(item.errors) + 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("cau-hoi.xlsx", b"not a workbook at all", "không phải Excel"),
        ("cau-hoi.pdf", workbook([choice_row("Một câu")]), "đuôi .pdf"),
        ("cau-hoi.xlsx", b"", "Excel"),
    ],
)
def test_files_that_are_not_the_template_are_refused(cast: Any, name: str, content: bytes, message: str) -> None:
    bank = services.create_bank(cast.owner, "Ngân hàng", cast.owner.unit)
    with pytest.raises(services.QuestionError, match=message):
        services.check_bank_import(cast.owner, bank, upload(content, name))


def test_committing_twice_adds_once(cast: Any) -> None:
    bank = services.create_bank(cast.owner, "Ngân hàng", cast.owner.unit)
    item = services.check_bank_import(cast.owner, bank, upload(workbook([choice_row("Một câu")])))
    assert services.commit_bank_import(cast.owner, item) == 1
    with pytest.raises(services.QuestionError, match="đã được thêm"):
        services.commit_bank_import(cast.owner, item)
    assert bank.questions.count() == 1
    again = services.check_bank_import(cast.owner, bank, upload(workbook([choice_row("Một câu")])))
    assert again.errors[0]["message"] == "Câu hỏi đã có trong ngân hàng."


def test_revising_keeps_the_old_version(cast: Any) -> None:
    bank = filled_bank(cast.owner, cast.owner.unit, [choice_row("Câu cũ")])
    old = bank.questions.get()
    wrong = next(o["id"] for o in old.options if o["id"] not in old.correct)
    new = services.revise_question(cast.owner, old, text="Câu mới", options={}, correct=[wrong])
    old.refresh_from_db()
    assert (old.is_current, old.text, new.version, new.key, new.correct) == (False, "Câu cũ", 2, old.key, [wrong])
    assert [o["id"] for o in new.options] == [o["id"] for o in old.options]
    with pytest.raises(services.QuestionError, match="phiên bản mới hơn"):
        services.revise_question(cast.owner, old, text="Lần nữa", options={}, correct=[wrong])
    with pytest.raises(services.QuestionError, match="không thuộc"):
        services.revise_question(cast.owner, new, text="Câu", options={}, correct=["khong-co"])
    assert Question.objects.filter(bank=bank).count() == 2


def test_banks_belong_to_their_unit(cast: Any, client: Any) -> None:
    bank = filled_bank(cast.owner, cast.owner.unit, [choice_row("Câu riêng")])
    question = bank.questions.get()
    for user in (cast.outsider, cast.other_officer, cast.leader, cast.public):
        client.force_login(user)
        for url in (
            reverse("questions:bank", args=[bank.pk]),
            reverse("questions:revise", args=[question.pk]),
            reverse("questions:template", args=[bank.pk]),
        ):
            assert client.get(url).status_code == 404, (user.username, url)
    client.logout()
    assert client.get(reverse("questions:bank", args=[bank.pk])).status_code == 302
    with pytest.raises(services.QuestionError):
        services.create_bank(cast.outsider, "Của đơn vị khác", cast.owner.unit)


def test_organiser_pages(cast: Any, client: Any) -> None:
    client.force_login(cast.owner)
    response = client.post(reverse("questions:banks"), {"name": "Ngân hàng tuần 1"})
    bank_url = response["Location"]
    assert client.get(bank_url).status_code == 200
    template = client.get(bank_url + "tep-mau/")
    assert load_workbook(io.BytesIO(template.content)).sheetnames[0] == "Câu hỏi"
    response = client.post(bank_url + "nhap/", {"file": upload(workbook([choice_row("Câu qua trang")]))})
    assert client.post(response["Location"]).status_code == 302
    assert "Câu qua trang" in client.get(bank_url).content.decode()


def test_a_survey_bank_takes_scales_and_free_text_without_right_answers(cast: Any) -> None:
    rows = [
        ["Thang đánh giá 5 mức", "Thái độ của công chức", "", "", "", "", "", "", "", "", "", ""],
        ["Trả lời tự do", "Góp ý của Ông/Bà", "", "", "", "", "", "", "", "", "", ""],
        ["Một đáp án đúng", "Ông/Bà nộp hồ sơ cách nào?", "Trực tiếp", "Trực tuyến", "", "", "", "", "", "", "", ""],
    ]
    survey_bank = services.create_bank(cast.owner, "Phiếu", cast.owner.unit, purpose="survey")
    item = services.check_bank_import(cast.owner, survey_bank, upload(workbook(rows)))
    assert item.status == QuestionImport.Status.CHECKED, item.errors
    services.commit_bank_import(cast.owner, item)
    scale = survey_bank.questions.get(kind="scale")
    assert [o["id"] for o in scale.options] == ["1", "2", "3", "4", "5"] and scale.correct == []
    contest_bank = services.create_bank(cast.owner, "Thi", cast.owner.unit)
    refused = services.check_bank_import(cast.owner, contest_bank, upload(workbook(rows)))
    messages = [e["message"] for e in refused.errors]
    assert sum("chỉ dùng cho phiếu khảo sát" in m for m in messages) == 2
    assert "Câu hỏi chưa có đáp án đúng." in messages
