"""The everyday-words list, checked against the shipped corpus; retrieval over the whole corpus."""

from __future__ import annotations

import time

import pytest

from cchc.assistant.parsing import SHIPPED_CORPUS, parse_record, read_records
from cchc.assistant.query import syllables
from cchc.assistant.retrieval import Index, doc_for_record
from cchc.assistant.vocabulary import EVERYDAY_TO_OFFICIAL


@pytest.fixture(scope="module")
def full_index() -> Index:
    return Index(doc_for_record(parse_record(raw).as_dict()) for raw in read_records(SHIPPED_CORPUS))


def test_every_official_term_of_the_list_occurs_in_some_procedure(full_index: Index) -> None:
    vocabulary = set(full_index.df)
    missing = [
        (everyday, official)
        for everyday, official in EVERYDAY_TO_OFFICIAL.items()
        if not all(s in vocabulary for s in syllables(official))
    ]
    assert missing == []


def test_the_issue_examples_are_in_the_list() -> None:
    assert EVERYDAY_TO_OFFICIAL["chứng minh nhân dân"] == "căn cước"
    assert EVERYDAY_TO_OFFICIAL["sổ đỏ"] == "giấy chứng nhận quyền sử dụng đất"
    assert EVERYDAY_TO_OFFICIAL["làm giấy khai sinh"] == "đăng ký khai sinh"


@pytest.mark.parametrize(
    ("question", "codes"),
    [
        ("làm giấy khai sinh cho con cần giấy tờ gì", {"1.001193"}),
        ("mat can cuoc cong dan thi lam lai o dau", {"1.014064", "1.000757", "2.001194"}),
        ("xin ly lich tu phap o dau", {"3.000333"}),
        ("dang ky ket hon can giay to gi", {"1.000894"}),
    ],
)
def test_common_questions_find_their_procedure_in_the_whole_corpus(
    full_index: Index, question: str, codes: set[str]
) -> None:
    result = full_index.search(question)
    assert result.answered
    assert {h.code for h in result.hits[:3]} & codes


def test_a_question_takes_well_under_50_ms_over_the_whole_corpus(full_index: Index) -> None:
    full_index.search("khởi động")
    started = time.perf_counter()
    for _ in range(20):
        full_index.search("tôi muốn làm lại bằng lái xe máy bị mất thì cần mang theo giấy tờ gì và nộp ở đâu")
    assert (time.perf_counter() - started) / 20 < 0.05


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("cấp giấy phép xuất bản sách", ["cap", "giay_phep", "xuat", "ban", "sach"]),
        ("giấy chứng nhận an toàn", ["giay", "chung_nhan", "an_toan"]),
        ("bảo hiểm xã hội một lần", ["bao_hiem", "xa_hoi", "mot_lan"]),
    ],
)
def test_syllables_are_grouped_into_words_by_how_the_corpus_uses_them(
    full_index: Index, text: str, words: list[str]
) -> None:
    assert ["_".join(w) for w in full_index.segment(syllables(text))] == words
