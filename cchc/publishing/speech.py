"""A bulletin's text as a commune loudspeaker reads it: numbers, dates, percentages and the administration's
abbreviations written out in words, so that a speech engine (espeak-ng's Vietnamese voice reads digits one by one
and spells capitals) says what an announcer would say. Pure: no Django.
"""

from __future__ import annotations

import re
import unicodedata

DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
SCALES = ["", "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ"]
LARGEST = 10 ** (3 * len(SCALES)) - 1

# Abbreviations of the administration, read out in full (longest first when applied).
ABBREVIATIONS = {
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "MTTQ": "Mặt trận Tổ quốc",
    "CCHC": "cải cách hành chính",
    "TTHC": "thủ tục hành chính",
    "TTĐT": "thông tin điện tử",
    "DVC": "dịch vụ công",
    "DVCTT": "dịch vụ công trực tuyến",
    "CCCD": "căn cước công dân",
    "BHXH": "bảo hiểm xã hội",
    "BHYT": "bảo hiểm y tế",
    "PAKN": "phản ánh, kiến nghị",
    "KH": "kế hoạch",
    "QĐ": "quyết định",
    "NĐ-CP": "nghị định của Chính phủ",
    "NĐ": "nghị định",
    "TT": "thông tư",
    "CP": "Chính phủ",
    "TTg": "Thủ tướng",
    "TU": "Tỉnh ủy",
    "HU": "Huyện ủy",
    "VHTT": "văn hóa thông tin",
    "THCS": "trung học cơ sở",
    "THPT": "trung học phổ thông",
    "TP": "thành phố",
    "TX": "thị xã",
    "CBCCVC": "cán bộ, công chức, viên chức",
    "CBCC": "cán bộ, công chức",
    "CCVC": "công chức, viên chức",
    "CNTT": "công nghệ thông tin",
    "NQ": "nghị quyết",
    "NQ-CP": "nghị quyết của Chính phủ",
    "CT": "chỉ thị",
    "HCC": "hành chính công",
    "PVHCC": "Phục vụ hành chính công",
    "UBMTTQVN": "Ủy ban Mặt trận Tổ quốc Việt Nam",
    "NSNN": "ngân sách nhà nước",
    "PT-TH": "Phát thanh - Truyền hình",
    "BTV": "Ban Thường vụ",
    "TW": "Trung ương",
    "OA": "tài khoản chính thức",
    "PAPI": "chỉ số hiệu quả quản trị và hành chính công cấp tỉnh",
    "SIPAS": "chỉ số hài lòng của người dân",
    "PCI": "chỉ số năng lực cạnh tranh cấp tỉnh",
    "DTI": "chỉ số chuyển đổi số",
    "PAR INDEX": "chỉ số cải cách hành chính",
}
_ABBREVIATION = re.compile(
    r"(?<![\wĐđ])(" + "|".join(re.escape(a) for a in sorted(ABBREVIATIONS, key=len, reverse=True)) + r")(?![\wĐđ])"
)
_DATE = re.compile(r"\b(?:([Nn]gày)\s+)?(\d{1,2})/(\d{1,2})/(\d{4})\b")
_MONTH_YEAR = re.compile(r"(?i)\b(tháng)\s+(\d{1,2})/(\d{4})\b")
_DOCUMENT_NUMBER = re.compile(r"\b(\d+)/(?=[A-ZĐ])")
_PERCENT = re.compile(r"(\d+(?:,\d+)?)\s*%")
_NUMBER = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?")
# A phone number (a hotline "1900 1234" too): read digit by digit in its groups, never as an amount.
_PHONE = re.compile(r"(?<![\d.,/])(?:(?:\+84[ .]?|0)\d{2,4}(?:[ .]?\d{3,4}){1,2}|1[89]00[ .]?\d{3,4})(?!\d|[.,/]\d)")
_TIME = re.compile(r"\b(\d{1,2})\s*(?:h|giờ)\s*(\d{2})\b")
PUNCTUATION = set(".,;:!?()\"'“”‘’-–—…/")


def read_number(value: int) -> str:
    """A whole number in words, Northern usage: 105 → "một trăm linh năm", 21 → "hai mươi mốt"."""
    if value < 0:
        return "âm " + read_number(-value)
    if value < 10:
        return DIGITS[value]
    if value > LARGEST:
        return _digits(str(value))
    groups: list[int] = []
    while value:
        groups.append(value % 1000)
        value //= 1000
    words: list[str] = []
    for index in range(len(groups) - 1, -1, -1):
        if groups[index]:
            words.append(_read_group(groups[index], full=index < len(groups) - 1))
            if SCALES[index]:
                words.append(SCALES[index])
    return " ".join(words)


def _read_group(group: int, full: bool) -> str:
    """Three digits; `full` when a larger group precedes it (so 5 reads "không trăm linh năm")."""
    hundreds, tens, units = group // 100, group // 10 % 10, group % 10
    words: list[str] = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [DIGITS[tens], "mươi"]
    if units:
        if units == 1 and tens > 1:
            words.append("mốt")
        elif units == 5 and tens:
            words.append("lăm")
        elif units == 4 and tens > 1:
            words.append("tư")
        else:
            words.append(DIGITS[units])
    return " ".join(words)


def _read_decimal(text: str) -> str:
    whole, _, fraction = text.replace(".", "").partition(",")
    spoken = read_number(int(whole))
    if fraction:
        spoken += " phẩy " + (read_number(int(fraction)) if not fraction.startswith("0") else _digits(fraction))
    return spoken


def _digits(text: str) -> str:
    return " ".join(DIGITS[int(d)] for d in text)


def _day_month_year(day: str, month: str, year: str) -> str:
    return f"{read_number(int(day))} tháng {read_number(int(month))} năm {read_number(int(year))}"


def for_speech(text: str) -> str:
    """The text as it should be read aloud."""
    text = unicodedata.normalize("NFC", text)
    text = _DATE.sub(
        lambda m: (
            f"{m[1] or 'ngày'} {read_number(int(m[2]))} tháng {read_number(int(m[3]))} năm {read_number(int(m[4]))}"
        ),
        text,
    )
    text = _MONTH_YEAR.sub(lambda m: f"{m[1]} {read_number(int(m[2]))} năm {read_number(int(m[3]))}", text)
    text = _TIME.sub(lambda m: f"{read_number(int(m[1]))} giờ {read_number(int(m[2]))} phút", text)
    text = _PHONE.sub(lambda m: ", ".join(_digits(group) for group in re.findall(r"\d+", m[0])), text)
    text = _DOCUMENT_NUMBER.sub(lambda m: f"{read_number(int(m[1]))} ", text)
    text = _PERCENT.sub(lambda m: f"{_read_decimal(m[1])} phần trăm", text)
    text = _NUMBER.sub(lambda m: _read_decimal(m[0]), text)
    text = _ABBREVIATION.sub(lambda m: ABBREVIATIONS[m[1]], text)
    text = re.sub(r"(?<=\w)-(?=\w)", " ", text)
    return re.sub(r"[ \t]+", " ", text).strip()


def unreadable(text: str) -> list[str]:
    """Characters a speech engine cannot read (symbols, emoji, other scripts), each once, in order of appearance."""
    seen: list[str] = []
    for char in text:
        speakable = char.isspace() or char.isdigit() or char in PUNCTUATION
        speakable = speakable or (char.isalpha() and unicodedata.name(char, "").startswith("LATIN"))
        if not speakable and char not in seen:
            seen.append(char)
    return seen
