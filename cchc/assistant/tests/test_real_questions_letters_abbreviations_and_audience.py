"""Reading real citizens' letters: courtesy is not the topic, abbreviated names match written-out words, and a
citizen is sent to the citizens' procedure rather than one reserved for the police or the military."""

from __future__ import annotations

import pytest

from cchc.assistant.query import read_sentences
from cchc.assistant.retrieval import ABBREVIATION_WORDS, Doc, Index, name_syllables

DOCS = [
    Doc("1.001632", "Giải quyết hưởng chế độ TNLĐ, BNN đối với trường hợp bị TNLĐ lần đầu", "BHXH", "Cấp tỉnh"),
    Doc("1.001667", "Giải quyết hưởng chế độ ốm đau", "BHXH", "Cấp tỉnh"),
    Doc("1.002153", "Đăng ký hành nghề luật sư với tư cách cá nhân", "Luật sư", "Cấp tỉnh"),
    Doc("1.002759", "Cấp lại, đổi, điều chỉnh thông tin trên sổ BHXH, thẻ BHYT", "Cấp sổ BHXH, thẻ BHYT", "Cấp xã"),
    Doc("1.001294", "Cấp lại thẻ bảo hiểm y tế (thực hiện tại cấp tỉnh)", "Chính sách", "Cấp tỉnh"),
    Doc(
        "1.010091",
        "Hỗ trợ khám chữa bệnh, trợ cấp tai nạn cho lực lượng xung kích phòng chống thiên tai cấp xã",
        "Phòng, chống thiên tai",
        "Cấp xã",
    ),
]


@pytest.fixture(scope="module")
def index() -> Index:
    return Index(DOCS)


def test_corpus_abbreviations_are_read_with_the_words_they_stand_for() -> None:
    assert ABBREVIATION_WORDS["tnld"] == "tai nan lao dong"
    assert name_syllables("chế độ TNLĐ") == ["che", "do", "tnld", "tai", "nan", "lao", "dong"]


def test_courtesy_in_a_letter_is_not_read_as_the_topic() -> None:
    words, _ = read_sentences("Chào Luật sư, tôi muốn hỏi về chế độ ốm đau. Tôi xin chân thành cảm ơn!")
    assert "luat" not in words and "cam" not in words
    assert words[-2:] == ["om", "dau"]


def test_a_letter_to_a_lawyer_about_an_accident_at_work_finds_the_accident_procedure(index: Index) -> None:
    result = index.search(
        "Kính gửi các luật sư! Hôm nay tôi bị tai nạn lao động trong giờ làm việc ở công ty, "
        "thủ tục giấy tờ phải nộp gồm những gì? Tôi xin chân thành cảm ơn luật sư."
    )
    codes = [h.code for h in result.hits]
    assert codes[0] == "1.001632"
    assert "1.002153" not in codes[:2]


@pytest.mark.parametrize(
    "question",
    ["Con tôi bị mất thẻ bảo hiểm y tế, xin cấp lại ở đâu?", "con toi bi mat the bao hiem y te xin cap lai o dau"],
)
def test_a_citizen_is_not_sent_to_a_procedure_reserved_for_the_police(index: Index, question: str) -> None:
    codes = [h.code for h in index.search(question).hits]
    assert codes.index("1.002759") < codes.index("1.001294")


def test_a_question_naming_the_force_still_reaches_its_procedure(index: Index) -> None:
    result = index.search("lực lượng xung kích phòng chống thiên tai bị tai nạn được hỗ trợ khám chữa bệnh thế nào")
    assert result.hits[0].code == "1.010091"
