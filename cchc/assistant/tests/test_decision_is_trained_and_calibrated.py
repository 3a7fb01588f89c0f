"""The answer-or-decline decision (cchc/assistant/data/decision.json, written by tools/train_decision.py): the file
names features the search computes and a threshold between 0 and 1; a clear question is answered, a foreign one and
a question about something no procedure covers are declined."""

from __future__ import annotations

import pytest

from cchc.assistant.parsing import SHIPPED_CORPUS, parse_record, read_records
from cchc.assistant.retrieval import DECISION, Hit, Index, answer_probability, decision_features, doc_for_record


@pytest.fixture(scope="module")
def full_index() -> Index:
    return Index([doc_for_record(parse_record(raw).as_dict()) for raw in read_records(SHIPPED_CORPUS)])


def features(probability: float) -> dict[str, float]:
    best = Hit("1.000001", "Đăng ký kết hôn", "Cấp xã", probability, 0.8)
    rival = Hit("1.000002", "Đăng ký lại kết hôn", "Cấp xã", 0.05, 0.4)
    return decision_features(best, rival, concepts=3, weight_ratio=1.0, asked=True)


def test_the_decision_file_reads_features_the_search_computes() -> None:
    assert 0.0 < DECISION["threshold"] < 1.0
    assert isinstance(DECISION["bias"], float)
    assert DECISION["weights"] and set(DECISION["weights"]) <= set(features(0.5))


def test_a_surer_first_procedure_is_likelier_to_be_answered() -> None:
    assert answer_probability(features(0.95)) > answer_probability(features(0.4))


@pytest.mark.parametrize("question", ["Đăng ký kết hôn cần giấy tờ gì?", "Làm giấy khai sinh cho con cần giấy tờ gì?"])
def test_a_clear_question_is_answered(full_index: Index, question: str) -> None:
    result = full_index.search(question)
    assert result.answered
    assert answer_probability(result.features) >= DECISION["threshold"]


@pytest.mark.parametrize(
    "question",
    [
        "What is the best restaurant in London for a birthday dinner?",
        "Đội tuyển bóng đá nào vô địch World Cup năm 2022?",
    ],
)
def test_a_foreign_question_is_declined(full_index: Index, question: str) -> None:
    assert not full_index.search(question).answered
