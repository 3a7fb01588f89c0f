"""Legal citations ('Quyết định số 1814/QĐ-UBND ngày 30/9/2021 của UBND tỉnh') found and normalised."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from cchc.plans.importing.timing import resolve_date

DOC_TYPES = [
    "Nghị quyết",
    "Quyết định",
    "Chỉ thị",
    "Kế hoạch",
    "Nghị định",
    "Thông tư liên tịch",
    "Thông tư",
    "Luật",
    "Công văn",
    "Công điện",
    "Thông báo",
    "Hướng dẫn",
    "Văn bản",
    "Kết luận",
    "Quy định",
    "Chương trình",
    "Pháp lệnh",
    "Báo cáo",
    "Tờ trình",
]
_TYPE_KEYS = {
    t: "".join(ch for ch in unicodedata.normalize("NFD", t.lower()) if unicodedata.category(ch) != "Mn").replace(
        "đ", "d"
    )
    for t in DOC_TYPES
}
_DOC_CODES = ("QĐ", "NQ", "NĐ", "CT", "KH", "TT", "TB", "HD", "BC", "CV", "KL", "QĐi", "TTr")
_ISSUER_CODES = ("TTg", "CP", "UBND", "HĐND", "TU", "TW", "BNV", "BCĐ", "VPCP", "BTTTT", "HU", "ĐU", "TƯ")
NUMBER = r"\d{1,5}(?:/\d{4})?\s?[/-]\s?[A-ZĐ][A-Za-zĐđ0-9]*(?:\s?[-/]\s?[A-ZĐ][A-Za-zĐđ0-9]*)*"
_CITATION = re.compile(
    r"(?P<type>" + "|".join(sorted(_TYPE_KEYS.values(), key=len, reverse=True)) + r")"
    r"\s+(?:(?:so|s\w)\s*:?\s*)?(?P<number>" + NUMBER.replace("A-ZĐ", "a-z").replace("A-Za-zĐđ", "a-z") + r")"
    r"(?P<tail>(?:,?\s+ngay\s+(?:\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}|\d{1,2}\s+thang\s+\d{1,2}\s+nam\s+\d{4}))?"
    r"(?:\s+(?:cua|do)\s+[^;.,]{1,80})?)"
)
_ISSUER = re.compile(
    r"^,?\s*(?:ngày\s+[^c]*?)?\s*(?:của|do)\s+(.+?)(?=\s+(?:về|ban hành|phê duyệt|quy định|giai đoạn|đẩy mạnh|"
    r"triển khai|thực hiện|hướng dẫn|năm \d{4})\b|[;.,]|$)"
)


def fold_same_length(text: str, keep_case: bool = False) -> str:
    """Without diacritics (đ → d), lower case unless asked, one character per character (positions match)."""
    out = []
    for ch in text if keep_case else text.lower():
        base = unicodedata.normalize("NFD", ch)[0] if ch.isalpha() else ch
        out.append({"đ": "d", "Đ": "D"}.get(base, base))
    return "".join(out)


def normalize_number(number: str) -> str:
    """'08- NQ/TU' → '08-NQ/TU'; '26/CTTTg' → '26/CT-TTg'; 'QD' → 'QĐ'."""
    value = re.sub(r"\s+", "", number).strip("-/")
    parts = value.split("/")
    fixed = []
    for part in parts:
        for code in _DOC_CODES:
            rest = part[len(code) :]
            if part.startswith(code) and rest in _ISSUER_CODES:
                part = f"{code}-{rest}"
                break
        fixed.append(part)
    value = "/".join(fixed)
    return re.sub(r"(?<![A-Za-z])QD(?=-)", "QĐ", value)


@dataclass
class Citation:
    type: str
    number: str
    date: str | None
    issuer: str | None
    span: tuple[int, int]

    def as_json(self) -> dict[str, str | None]:
        return {"type": self.type, "number": self.number, "date": self.date, "issuer": self.issuer}


_CODE_TYPES = {
    "QĐ": "Quyết định", "NQ": "Nghị quyết", "CT": "Chỉ thị", "KH": "Kế hoạch", "NĐ": "Nghị định",
    "TTLT": "Thông tư liên tịch", "TT": "Thông tư", "TB": "Thông báo", "HD": "Hướng dẫn", "BC": "Báo cáo",
    "KL": "Kết luận", "CV": "Công văn", "CĐ": "Công điện", "QĐi": "Quy định", "TTr": "Tờ trình",
    "CTr": "Chương trình",
}  # fmt: skip
# A number printed without its document type: after 'số' ('…, số 402/KH-UBND'), or with a type code in it.
_BARE = re.compile(
    r"(?<![\w/])(?:(?P<abbr>qd|nq|ct|kh|nd|tt|hd|tb|bc|cv)\s+)?(?P<so>so\s*:?\s*)?"
    r"(?P<number>" + NUMBER.replace("A-ZĐ", "a-z").replace("A-Za-zĐđ", "a-z") + r")"
)


def type_of_number(number: str) -> str | None:
    """The document type a number's code names: '402/KH-UBND' and '25-KH/TU' → 'Kế hoạch'."""
    parts = number.split("/")
    if len(parts) < 2:
        return None
    codes = [parts[1].split("-")[0]] if "-" in parts[1] else []
    if "-" in parts[0]:
        codes.append(parts[0].split("-", 1)[1])
    return next((_CODE_TYPES[c] for c in codes if c in _CODE_TYPES), None)


def _citation(text: str, m: re.Match[str], doc_type: str, offset: int) -> Citation | None:
    number = normalize_number(text[m.start("number") : m.end("number")])
    if not re.search(r"[A-ZĐ]", number):
        return None
    folded_tail = fold_same_length(text[m.end("number") : m.end("number") + 120])
    tail_match = re.match(
        r"(?:,?\s+ngay\s+(?:\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}|\d{1,2}\s+thang\s+\d{1,2}\s+nam\s+\d{4}))?"
        r"(?:\s+(?:cua|do)\s+[^;.,]{1,80})?",
        folded_tail,
    )
    end = m.end("number") + (tail_match.end() if tail_match else 0)
    tail = text[m.end("number") : end]
    date = resolve_date(tail, None) if re.match(r",?\s+ngày", tail, re.IGNORECASE) or "ngay" in tail[:9] else None
    issuer = None
    if im := _ISSUER.match(tail):
        issuer = im.group(1).strip() or None
    return Citation(doc_type, number, date, issuer, (offset + m.start(), offset + end))


_TYPE_WORD = re.compile(r"(?<!\w)(" + "|".join(sorted(_TYPE_KEYS.values(), key=len, reverse=True)) + r")(?!\w)")


def _clause_type(folded: str, end: int) -> str | None:
    """The last document type named in the clause that ends at `end` (clauses end at ';' and '.')."""
    clause = re.split(r"[;.]\s", folded[:end])[-1]
    words = _TYPE_WORD.findall(clause)
    return next((t for t, k in _TYPE_KEYS.items() if words and k == words[-1]), None)


def find_citations(text: str, offset: int = 0) -> list[Citation]:
    """Every cited document with a number, in order of appearance.

    Several documents may share one type word ('Kế hoạch số 400/KH-UBND …, số 402/KH-UBND …'): a number after
    'số' takes the type its code names, else the type of the citation before it; a number without 'số' counts
    when its code names a type ('25-KH/TU', 'QĐ 1588/QĐ-TTg').
    """
    folded = fold_same_length(text)
    out: list[Citation] = []
    for m in _CITATION.finditer(folded):
        before = folded[max(0, m.start() - 1) : m.start()]
        if before and before.isalnum():
            continue
        doc_type = next(t for t, k in _TYPE_KEYS.items() if k == m.group("type"))
        if found := _citation(text, m, doc_type, offset):
            out.append(found)
    taken = [(c.span[0] - offset, c.span[1] - offset) for c in out]
    for m in _BARE.finditer(folded):
        if any(a <= m.start("number") < b for a, b in taken):
            continue
        number = normalize_number(text[m.start("number") : m.end("number")])
        previous = max((c for c in out if c.span[0] - offset < m.start()), key=lambda c: c.span[0], default=None)
        named = _clause_type(folded, m.start())  # 'Luật Tổ chức chính quyền địa phương số 77/2015/QH13'
        bare_type = type_of_number(number) or (
            named or (previous.type if previous else None) if m.group("so") else None
        )
        if bare_type and (found := _citation(text, m, bare_type, offset)):
            out.append(found)
            taken.append((m.start(), m.end()))
    return sorted(out, key=lambda c: c.span[0])


def own_number(text: str) -> str | None:
    """The plan's own number printed as 'Số: 187/KH-UBND' or 'Kèm theo Kế hoạch số 187/KH-UBND'; None when blank."""
    folded = fold_same_length(text)
    m = re.search(r"(?m)^\s*s\w{0,2}\s*:\s*(\d*)\s*/\s*([a-z][a-z0-9\-]*)", folded)
    if m and m.group(1):
        start, end = m.start(1), m.end(2)
        return normalize_number(text[start:end])
    if m:
        return None
    m = re.search(r"kem theo ke hoach so\s*:?\s*(\d+\s*/\s*[a-z][a-z0-9\-]*)", folded)
    if m:
        return normalize_number(text[m.start(1) : m.end(1)])
    return None
