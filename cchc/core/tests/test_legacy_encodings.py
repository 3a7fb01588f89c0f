"""Text bytes in UTF-8/16, Windows-1258, TCVN3 (ABC) and VNI-Windows are detected and decoded to Unicode NFC."""

from __future__ import annotations

import codecs

import pytest

from cchc.core.legacy_encodings import ENCODINGS, NotTextError, decode_bytes, detect_encoding, encode_text

SENTENCES = [
    "Căn cứ Quyết định số 1814/QĐ-UBND ngày 30/9/2021 của Chủ tịch tỉnh về cải cách hành chính.",
    "Đẩy mạnh ứng dụng công nghệ thông tin, chuyển đổi số; người đứng đầu phải gương mẫu, thường xuyên kiểm tra.",
    "KẾ HOẠCH TUYÊN TRUYỀN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM 2025",
    "Phường Ngọc Hà, huyện Mường Lát: rà soát, đơn giản hóa thủ tục hành chính; hỗ trợ dịch vụ công trực tuyến.",
]


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("sentence", SENTENCES)
def test_encoded_vietnamese_is_detected_and_decoded_back(encoding: str, sentence: str) -> None:
    data = encode_text(sentence, encoding)
    assert detect_encoding(data) == encoding
    assert decode_bytes(data) == sentence


def test_tcvn3_has_no_toned_capitals_so_they_come_back_in_lower_case_inside_mixed_case_words() -> None:
    sentence = "Ủy ban nhân dân tỉnh Ơn"
    assert decode_bytes(encode_text(sentence, "tcvn3")) == "ủy ban nhân dân tỉnh Ơn"


def test_known_legacy_byte_strings_decode_to_the_right_letters() -> None:
    assert (
        decode_bytes("Xin chµo, ®©y lµ mét dßng ch÷ tiÕng ViÖt".encode("cp1252"))
        == "Xin chào, đây là một dòng chữ tiếng Việt"
    )
    assert decode_bytes("Vieät Nam, Ñaûng boä, thuû tuïc".encode("cp1252")) == "Việt Nam, Đảng bộ, thủ tục"


def test_a_utf8_byte_order_mark_is_dropped() -> None:
    assert decode_bytes(codecs.BOM_UTF8 + "Kế hoạch".encode()) == "Kế hoạch"


def test_utf16_with_a_byte_order_mark_is_decoded() -> None:
    assert decode_bytes("Kế hoạch năm 2025".encode("utf-16")) == "Kế hoạch năm 2025"


def test_decomposed_utf8_comes_back_composed() -> None:
    assert decode_bytes("Ho\u0323c ta\u0323\u0302p".encode()) == "Học tập"


def test_plain_ascii_and_empty_input_are_text() -> None:
    assert decode_bytes(b"UBND tinh 2025") == "UBND tinh 2025"
    assert decode_bytes(b"") == ""


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.7\n" + bytes(range(256)) * 4, b"\x89PNG\r\n\x1a\n" + bytes(200), bytes(range(32)) * 20],
)
def test_binary_data_is_refused_with_a_vietnamese_message(data: bytes) -> None:
    with pytest.raises(NotTextError, match="không phải văn bản thuần") as raised:
        decode_bytes(data)
    assert isinstance(raised.value, ValueError)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_recognised(encoding: str) -> None:
    sentence = SENTENCES[0]
    assert decode_bytes(sentence.encode(encoding)) == sentence


def test_text_that_happens_to_start_like_a_binary_signature_is_still_text() -> None:
    assert decode_bytes("ID3 là mã của tệp nhạc".encode()) == "ID3 là mã của tệp nhạc"


def test_the_error_names_the_binary_format_it_recognised() -> None:
    with pytest.raises(NotTextError, match="PDF"):
        decode_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)


def test_legacy_text_with_windows_punctuation_is_decoded() -> None:
    sentence = "“Kế hoạch” – năm 2025: tuyên truyền cải cách hành chính…"
    for encoding in ("tcvn3", "vni", "windows-1258"):
        assert decode_bytes(encode_text(sentence, encoding)) == sentence
