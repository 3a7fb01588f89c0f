"""Retrieval: folding (đ/d included), typos, everyday words, aspects, declining off-topic questions."""

from __future__ import annotations

import pytest

from cchc.assistant.query import detect_aspect, syllables
from cchc.assistant.retrieval import Doc, Index

DOCS = [
    Doc("1.001193", "Thủ tục đăng ký khai sinh", "Hộ tịch", "Cấp xã", "Trích lục khai sinh", "Công dân Việt Nam"),
    Doc("1.004884", "Thủ tục đăng ký lại khai sinh", "Hộ tịch", "Cấp xã", "Trích lục khai sinh"),
    Doc("1.000894", "Thủ tục đăng ký kết hôn", "Hộ tịch", "Cấp xã", "Giấy chứng nhận kết hôn"),
    Doc("1.014064", "Cấp lại thẻ căn cước", "Căn cước", "Cấp xã", "Thẻ căn cước"),
    Doc("1.000757", "Cấp lại thẻ căn cước (thực hiện tại cấp trung ương)", "Căn cước", "Cấp bộ", "Thẻ căn cước"),
    Doc(
        "1.013978",
        "Đăng ký đất đai, cấp Giấy chứng nhận quyền sử dụng đất lần đầu đối với hộ gia đình, cá nhân",
        "Đất đai",
        "Cấp xã",
        "Giấy chứng nhận",
    ),
    Doc("1.004222", "Đăng ký thường trú", "Đăng ký, quản lý cư trú", "Cấp xã", "Thường trú"),
    Doc("1.004194", "Đăng ký tạm trú", "Đăng ký, quản lý cư trú", "Cấp xã", "Tạm trú"),
    Doc("3.000348", "Cấp lại giấy phép lái xe", "Đường bộ", "Cấp bộ, Cấp tỉnh", "Giấy phép lái xe"),
    Doc("2.001077", "Thủ tục đổi tiền không đủ tiêu chuẩn lưu thông", "Tiền tệ", "Cấp tỉnh", "Tiền đủ tiêu chuẩn"),
]


@pytest.fixture(scope="module")
def index() -> Index:
    return Index(DOCS)


def top(index: Index, question: str) -> str:
    result = index.search(question)
    assert result.hits, question
    return result.hits[0].code


def test_syllables_fold_marks_and_d_with_stroke() -> None:
    assert syllables("Đăng KÝ, khai-sinh!") == ["dang", "ki", "khai", "sinh"]
    assert syllables("dang ky") == syllables("đăng kí")


@pytest.mark.parametrize(
    "question",
    ["đăng ký kết hôn", "dang ky ket hon", "ĐĂNG KÝ KẾT HÔN", "dăng ky kêt hôn", "đang ki ket hon"],
)
def test_marks_and_case_do_not_matter(index: Index, question: str) -> None:
    assert top(index, question) == "1.000894"


@pytest.mark.parametrize(
    ("question", "code"),
    [
        ("dang ki khai xinh cho be", "1.001193"),  # s/x confusion
        ("dang ky thuong chu", "1.004222"),  # tr/ch confusion on a real word
        ("dang ky tam tru", "1.004194"),
        ("ket hhon", "1.000894"),  # a doubled letter
    ],
)
def test_typos_and_regional_spellings_are_repaired(index: Index, question: str, code: str) -> None:
    assert top(index, question) == code


@pytest.mark.parametrize(
    ("question", "code"),
    [
        ("mất chứng minh nhân dân thì làm lại ở đâu", "1.014064"),
        ("mat cmnd lam lai", "1.014064"),
        ("làm sổ đỏ lần đầu cần gì", "1.013978"),
        ("làm giấy khai sinh cho con", "1.001193"),
        ("nhập hộ khẩu cho vợ", "1.004222"),
        ("bằng lái xe bị mất", "3.000348"),
        ("đổi tiền rách", "2.001077"),
        ("lấy vợ thì đăng ký ở đâu", "1.000894"),
    ],
)
def test_everyday_words_reach_the_official_procedure(index: Index, question: str, code: str) -> None:
    result = index.search(question)
    assert result.hits[0].code == code
    assert result.answered


@pytest.mark.parametrize(
    ("question", "aspect"),
    [
        ("làm giấy khai sinh cần giấy tờ gì", "documents"),
        ("đăng ký kết hôn mất bao nhiêu tiền", "fee"),
        ("lam ho chieu bao lau thi co", "time"),
        ("nộp hồ sơ ở đâu", "place"),
        ("điều kiện đăng ký thường trú", "conditions"),
        ("các bước đăng ký tạm trú", "steps"),
        ("căn cứ pháp lý của thủ tục khai tử", "legal"),
        ("làm xong thì nhận được gì", "result"),
        ("đăng ký kết hôn", "general"),
    ],
)
def test_the_part_asked_for_is_detected(question: str, aspect: str) -> None:
    assert detect_aspect(question) == aspect


@pytest.mark.parametrize("question", ["cách nấu phở bò ngon", "kết quả bóng đá hôm nay", "giá vàng hôm nay bao nhiêu"])
def test_off_topic_questions_are_declined(index: Index, question: str) -> None:
    assert not index.search(question).answered


def test_the_same_procedure_at_another_level_is_offered_beside_it(index: Index) -> None:
    result = index.search("cấp lại thẻ căn cước")
    codes = {result.hits[0].code, *(h.code for h in result.alternatives)}
    assert codes == {"1.014064", "1.000757"}


def test_results_are_ranked_best_first_with_scores_in_0_1(index: Index) -> None:
    hits = index.search("đăng ký khai sinh").hits
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)


def test_an_empty_index_answers_nothing() -> None:
    assert not Index([]).search("đăng ký khai sinh").answered


@pytest.mark.parametrize("question", ["đăng ký", "thủ tục", "xin chào", "tôi muốn hỏi"])
def test_vague_questions_and_greetings_are_not_answered(index: Index, question: str) -> None:
    result = index.search(question)
    assert not result.answered
    assert result.vague


def test_letters_held_down_are_read_once_but_shorthand_is_kept(index: Index) -> None:
    assert top(index, "khaiii sinhhhh cho con") == "1.001193"
    assert top(index, "mất cccd làm lại") == "1.014064"


def test_phone_and_id_numbers_do_not_count_against_a_question(index: Index) -> None:
    assert index.search("đăng ký kết hôn 0912345678").answered
