"""Decoding of Vietnamese text bytes: UTF-8/16, Windows-1258 and the legacy TCVN3 (ABC) and VNI-Windows fonts."""

from __future__ import annotations

import codecs
import re
import unicodedata

import filetype

from cchc.core.diacritics.syllables import TONE_MARKS, is_valid_syllable, split_tone

__all__ = ["ENCODINGS", "NotTextError", "decode_bytes", "detect_encoding", "encode_text"]

UTF8, UTF16_LE, UTF16_BE, CP1258, TCVN3, VNI = "utf-8", "utf-16-le", "utf-16-be", "windows-1258", "tcvn3", "vni"
ENCODINGS = (UTF8, UTF16_LE, UTF16_BE, CP1258, TCVN3, VNI)


class NotTextError(ValueError):
    """The bytes are not text (a binary file) or in no encoding we can read."""


# TCVN 5712:1993 VN3 ("ABC", .VnTime fonts): one byte per letter. Upper-case letters with a tone have no code
# (the fonts draw the lower-case code in upper case), so they are written with the lower-case code.
_TCVN3_LETTERS = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}  # fmt: skip

# VNI-Windows: a base letter followed by a mark byte (lower-case values; upper-case letters use value - 0x20).
_CIRCUMFLEX, _BREVE, _HORN = "\u0302", "\u0306", "\u031b"
_VNI_MARKS = {
    ("", 1): 0xF8, ("", 2): 0xF9, ("", 3): 0xFB, ("", 4): 0xF5, ("", 5): 0xEF,
    (_CIRCUMFLEX, 0): 0xE2, (_CIRCUMFLEX, 1): 0xE0, (_CIRCUMFLEX, 2): 0xE1, (_CIRCUMFLEX, 3): 0xE5,
    (_CIRCUMFLEX, 4): 0xE3, (_CIRCUMFLEX, 5): 0xE4,
    (_BREVE, 0): 0xEA, (_BREVE, 1): 0xE8, (_BREVE, 2): 0xE9, (_BREVE, 3): 0xFA, (_BREVE, 4): 0xFC, (_BREVE, 5): 0xEB,
}  # fmt: skip
# Letters VNI writes as one byte (lower case; upper case is value - 0x20).
_VNI_SINGLE = {"đ": 0xF1, "ơ": 0xF4, "ư": 0xF6, "ì": 0xEC, "í": 0xED, "ỉ": 0xF2, "ĩ": 0xF3, "ị": 0xE6, "ỵ": 0xEE}

_CP1252 = "".join(chr(b) if b < 0x80 else bytes([b]).decode("cp1252", errors="replace") for b in range(256))
_LATIN = "".join(ch if ch != "\ufffd" else chr(b) for b, ch in enumerate(_CP1252))  # cp1252, latin-1 for holes
_LATIN_TABLE: dict[int, str | int | None] = dict(enumerate(_LATIN))


def _vietnamese_letters() -> list[str]:
    letters = []
    for base in "aăâeêioôơuưy":
        for tone in range(6):
            letters.append(unicodedata.normalize("NFC", base + TONE_MARKS[tone]))
    letters.append("đ")
    return letters + [letter.upper() for letter in letters]


def _vni_code(letter: str) -> str:
    lower = letter.lower()
    shift = 0x20 if letter != lower else 0
    if lower in _VNI_SINGLE:
        return chr(_VNI_SINGLE[lower] - shift)
    base, tone = split_tone(lower)
    decomposed = unicodedata.normalize("NFD", base)
    plain, quality = decomposed[0], decomposed[1:]
    prefix = plain if letter == lower else plain.upper()
    if quality == _HORN:
        prefix = chr(_VNI_SINGLE[base] - shift)
        quality = ""
    if not quality and not tone:
        return prefix
    return prefix + chr(_VNI_MARKS[(quality, tone)] - shift)


_VNI_ENCODE = {letter: _vni_code(letter) for letter in _vietnamese_letters()}
_VNI_DECODE = {code: letter for letter, code in _VNI_ENCODE.items() if len(code) > 1 or not code.isascii()}
_VNI_PATTERN = re.compile("|".join(sorted(map(re.escape, _VNI_DECODE), key=len, reverse=True)))

_TCVN3_DECODE = {_LATIN[byte]: letter for byte, letter in _TCVN3_LETTERS.items()}
_TCVN3_ENCODE = {letter: byte for byte, letter in _TCVN3_LETTERS.items()}
for _letter in _vietnamese_letters():
    if _letter not in _TCVN3_ENCODE and _letter.lower() in _TCVN3_ENCODE:
        _TCVN3_ENCODE[_letter] = _TCVN3_ENCODE[_letter.lower()]
_TCVN3_TABLE = str.maketrans(_TCVN3_DECODE)

_WORD = re.compile(r"[^\W\d_]+")
# Letters TCVN3 can only write in lower case: the toned vowels.
_LOWER_ONLY = frozenset(
    letter for letter in _TCVN3_LETTERS.values() if letter.islower() and letter.upper() not in _TCVN3_LETTERS.values()
)
_CAPITAL_LINE_SHARE = 0.8


def _capitalise_line(line: str) -> str:
    """In a line written in capitals, the toned vowels TCVN3 wrote in lower case are capitals too."""
    cased = [ch for ch in line if ch.isalpha() and ch not in _LOWER_ONLY and ch.upper() != ch.lower()]
    upper = sum(1 for ch in cased if ch.isupper())
    if upper < 2 or upper < _CAPITAL_LINE_SHARE * len(cased):
        return line
    return _WORD.sub(
        lambda match: (
            match.group().upper() if all(ch.isupper() or ch in _LOWER_ONLY for ch in match.group()) else match.group()
        ),
        line,
    )


def _decode_tcvn3(data: bytes) -> str:
    text = data.decode("latin-1").translate(_LATIN_TABLE).translate(_TCVN3_TABLE)
    return "".join(_capitalise_line(line) for line in text.splitlines(keepends=True))


def _decode_vni(data: bytes) -> str:
    text = data.decode("latin-1").translate(_LATIN_TABLE)
    return _VNI_PATTERN.sub(lambda match: _VNI_DECODE[match.group()], text)


def _decode(data: bytes, encoding: str) -> str:
    if encoding == TCVN3:
        text = _decode_tcvn3(data)
    elif encoding == VNI:
        text = _decode_vni(data)
    elif encoding == CP1258:
        text = data.decode("cp1258", errors="replace")
    else:
        text = data.decode(encoding)
    return unicodedata.normalize("NFC", text.removeprefix("\ufeff"))


def _vietnamese_score(text: str) -> int:
    """Well-formed Vietnamese syllables with marks, minus malformed words and stray symbols outside ASCII."""
    score = 0
    for match in _WORD.finditer(text):
        word = match.group()
        if not word.isascii():
            score += 1 if is_valid_syllable(word) else -1
    return score - sum(1 for ch in text if not ch.isascii() and not ch.isalpha() and not ch.isspace())


_CONTROL_SHARE = 0.01  # text has (almost) no control characters besides white space
_SAMPLE_BYTES = 1 << 16  # the legacy encodings are told apart on the first 64 KiB


def _few_controls(text: str) -> bool:
    controls = sum(1 for ch in text[:65536] if ch < " " and ch not in "\t\n\r\f\v\x1a\x1b")
    return controls <= len(text[:65536]) * _CONTROL_SHARE


def _not_text(data: bytes) -> NotTextError:
    kind = filetype.guess(data[:8192])
    named = f" ({kind.extension.upper()})" if kind is not None else ""
    return NotTextError(f"Dữ liệu không phải văn bản thuần mà là tệp nhị phân{named}; không thể đọc như văn bản.")


def _utf16_guess(data: bytes) -> str | None:
    sample = data[:65536]
    if len(sample) < 2 or len(data) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) / 2
    if odd > 0.3 * half and even < 0.05 * half:
        return UTF16_LE
    if even > 0.3 * half and odd < 0.05 * half:
        return UTF16_BE
    return None


def detect_encoding(data: bytes) -> str:
    """The encoding of Vietnamese text bytes (one of ENCODINGS); NotTextError when they are not text."""
    if data.startswith(codecs.BOM_UTF8):
        return UTF8
    if data.startswith(codecs.BOM_UTF16_LE):
        return UTF16_LE
    if data.startswith(codecs.BOM_UTF16_BE):
        return UTF16_BE
    guess = _utf16_guess(data)
    if guess is not None:
        try:
            if _few_controls(data.decode(guess)):
                return guess
        except UnicodeDecodeError:
            pass
    try:
        if _few_controls(data.decode("utf-8")):
            return UTF8
    except UnicodeDecodeError:
        pass
    if filetype.guess(data[:8192]) is not None or not _few_controls(data.decode("latin-1")):
        raise _not_text(data)
    sample = data[:_SAMPLE_BYTES]
    scores = {encoding: _vietnamese_score(_decode(sample, encoding)) for encoding in (CP1258, TCVN3, VNI)}
    return max(scores, key=lambda encoding: scores[encoding])


def decode_bytes(data: bytes) -> str:
    """Text bytes in any supported encoding as Unicode NFC; NotTextError (a ValueError) for binary data."""
    return _decode(data, detect_encoding(data))


def encode_text(text: str, encoding: str) -> bytes:
    """Unicode text in one of ENCODINGS (for exports to old systems; TCVN3 writes toned capitals in lower case)."""
    text = unicodedata.normalize("NFC", text)
    if encoding == TCVN3:
        return "".join(chr(_TCVN3_ENCODE[ch]) if ch in _TCVN3_ENCODE else ch for ch in text).encode("cp1252")
    if encoding == VNI:
        return "".join(_VNI_ENCODE.get(ch, ch) for ch in text).encode("cp1252")
    if encoding == CP1258:
        return "".join(_cp1258_form(ch) for ch in text).encode("cp1258")
    return text.encode(encoding)


def _cp1258_form(ch: str) -> str:
    """Windows-1258 has the letters with quality marks (â ă ê ô ơ ư) but writes tones as combining marks."""
    base, tone = split_tone(ch)
    try:
        ch.encode("cp1258")
    except UnicodeEncodeError:
        return base + TONE_MARKS[tone] if tone > 0 else ch
    return ch
