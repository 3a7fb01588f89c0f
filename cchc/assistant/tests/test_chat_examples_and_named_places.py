"""The chat page's own examples are answered over the shipped corpus, and a place a question names (a commune, a
former district) is read from the administrative-unit data, not from any word after "xã" or "quận"."""

from __future__ import annotations

import pytest

from cchc.assistant.localities import COMMUNE_LEVEL, named_place_levels
from cchc.assistant.parsing import SHIPPED_CORPUS, parse_record, read_records
from cchc.assistant.query import parse_question, syllables
from cchc.assistant.retrieval import Doc, Index, doc_for_record
from cchc.assistant.views import EXAMPLES


@pytest.fixture(scope="module")
def full_index() -> Index:
    return Index(doc_for_record(parse_record(raw).as_dict()) for raw in read_records(SHIPPED_CORPUS))


@pytest.mark.parametrize("question", EXAMPLES)
def test_every_example_of_the_chat_page_is_answered(full_index: Index, question: str) -> None:
    assert full_index.search(question).answered


@pytest.mark.parametrize("question", ["Sang tên sổ đỏ nộp hồ sơ ở đâu?", "sang ten so do nop ho so o dau"])
def test_transferring_a_red_book_is_the_land_change_registration_asked_for_its_place(
    full_index: Index, question: str
) -> None:
    result = full_index.search(question)
    # Đăng ký biến động … chuyển nhượng, thừa kế, tặng cho quyền sử dụng đất; not the project buyers' certificate.
    assert result.answered and result.hits[0].code == "1.013831"
    assert result.aspect == "place"


@pytest.mark.parametrize(
    "question",
    [
        "Tôi ở xã Liên Hoa, huyện Phù Ninh, muốn làm giấy khai sinh cho con",
        "nha toi o phuong Ba Dinh, lam giay khai sinh o dau",
        "Vợ tôi muốn chuyển hộ khẩu về nhà tôi tại quận Ngô Quyền, Hải Phòng",
    ],
)
def test_a_named_commune_or_former_district_is_served_at_the_commune_level(question: str) -> None:
    assert named_place_levels(question) == [COMMUNE_LEVEL]


@pytest.mark.parametrize(
    "question",
    [
        "Bảo hiểm Xã Hội Việt Nam trả lời thế nào",
        "bảo hiểm xã hội một lần",
        "Quân Đội nhân dân",
        "nộp ở xã hay ở huyện",
        "xã Không Có Thật muốn khai sinh",
    ],
)
def test_words_after_a_unit_word_that_name_no_unit_are_not_a_place(question: str) -> None:
    assert named_place_levels(question) == []


class _NoCorpus:
    def idf(self, term: str) -> float:
        return 1.0

    def repair(self, words: list[str]) -> list[str]:
        return words

    def segment(self, run: list[str]) -> list[list[str]]:
        return [[s] for s in run]

    def meaningful(self, words: list[str]) -> list[bool]:
        return [w != "|" for w in words]


def test_the_query_keeps_the_level_of_the_named_place_apart_from_the_levels_it_ranks_on() -> None:
    query = parse_question("Nhà tôi thuộc xã Liên Hoa, muốn đăng ký khai sinh", _NoCorpus())
    assert query.place_levels == [COMMUNE_LEVEL]
    assert query.levels == []


def test_the_version_at_the_named_places_level_is_shown_first() -> None:
    index = Index(
        [
            Doc(
                "2.000001", "Cấp lại thẻ căn cước (thực hiện tại cấp tỉnh)", "Căn cước", "Cấp tỉnh", audience="Công dân"
            ),
            Doc("1.000001", "Cấp lại thẻ căn cước", "Căn cước", "Cấp xã", audience="Công dân"),
            Doc("1.000002", "Đăng ký khai sinh", "Hộ tịch", "Cấp xã", audience="Công dân"),
        ]
    )
    result = index.search("Tôi ở phường Ba Đình, cấp lại thẻ căn cước")
    assert [h.code for h in result.hits[:2]] == ["1.000001", "2.000001"]
    assert syllables("Phường Ba Đình") == ["phuong", "ba", "dinh"]
