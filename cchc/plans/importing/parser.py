"""Blocks of a plan document (Kế hoạch) to the plan JSON of docs/plan-json-schema.md, by the rules of the genre."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

from cchc.core.calendar import classify, quarters_in
from cchc.core.text import fold
from cchc.documents.formatting import roman
from cchc.plans.body import Node, new_node, walk
from cchc.plans.importing.blocks import Block, Paragraph, SourceDocument, Span, Table
from cchc.plans.importing.citations import find_citations, fold_same_length, own_number
from cchc.plans.importing.errors import DocumentImportError
from cchc.plans.importing.ocrfix import fix_unit_head
from cchc.plans.importing.textlayout import NUMBERING, column_kinds, is_table_header
from cchc.plans.importing.timing import resolve_date
from cchc.plans.importing.units import capitalize_first, is_unit_name, mode_for, split_units

_BULLET = re.compile(r"^\s*(?:[-–+•●▪○∙·*~]|v(?=\s+[A-ZĐ]))\s*")
_LEVEL_WORDS = {
    "tinh": "tỉnh",
    "thanh pho": "thành phố",
    "huyen": "huyện",
    "quan": "quận",
    "thi xa": "thị xã",
    "xa": "xã",
    "phuong": "phường",
    "thi tran": "thị trấn",
}
_CENTRAL_CITIES = {"ha noi", "ho chi minh", "hai phong", "da nang", "can tho", "hue"}
_OTHER_GENRES = {
    "quyet dinh": "quyết định",
    "bao cao": "báo cáo",
    "cong van": "công văn",
    "to trinh": "tờ trình",
    "thong bao": "thông báo",
    "nghi quyet": "nghị quyết",
    "chi thi": "chỉ thị",
    "huong dan": "hướng dẫn",
    "giay moi": "giấy mời",
}
_SIGNER_TITLES = {
    "pho chu tich": "PHÓ CHỦ TỊCH",
    "chu tich": "CHỦ TỊCH",
    "pho giam doc": "PHÓ GIÁM ĐỐC",
    "giam doc": "GIÁM ĐỐC",
    "thu truong": "THỨ TRƯỞNG",
    "bo truong": "BỘ TRƯỞNG",
    "pho truong ban": "PHÓ TRƯỞNG BAN",
    "truong ban": "TRƯỞNG BAN",
    "pho chanh van phong": "PHÓ CHÁNH VĂN PHÒNG",
    "chanh van phong": "CHÁNH VĂN PHÒNG",
    "pho truong phong": "PHÓ TRƯỞNG PHÒNG",
    "truong phong": "TRƯỞNG PHÒNG",
    "pho bi thu": "PHÓ BÍ THƯ",
    "bi thu": "BÍ THƯ",
    "cuc truong": "CỤC TRƯỞNG",
    "vu truong": "VỤ TRƯỞNG",
    "uy ban nhan dan": "ỦY BAN NHÂN DÂN",
    "ban chi dao": "BAN CHỈ ĐẠO",
}
_AUTHORITY = re.compile(r"\b(TM|KT|TL|TUQ|Q)\s*\.\s*([A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ \-]*[A-ZĐÀ-Ỹ])", re.UNICODE)
_DUTY_VERBS = [
    "chịu trách nhiệm",
    "có trách nhiệm",
    "căn cứ",
    "chủ trì",
    "phối hợp",
    "tuyên truyền",
    "chỉ đạo",
    "hướng dẫn",
    "thực hiện",
    "tổ chức",
    "theo dõi",
    "xây dựng",
    "triển khai",
    "cung cấp",
    "tham mưu",
    "lồng ghép",
    "đẩy mạnh",
    "kiểm tra",
    "bố trí",
    "cân đối",
    "duy trì",
    "quán triệt",
    "nghiên cứu",
    "đăng tải",
    "tăng cường",
    "bám sát",
    "cập nhật",
    "niêm yết",
    "vận động",
    "đôn đốc",
    "chủ động",
    "rà soát",
    "là",
]
_SECTION_KEYS = [
    ("purpose", ("muc dich", "muc tieu", "yeu cau")),
    ("content", ("noi dung", "hinh thuc", "doi tuong")),
    ("solutions", ("giai phap",)),
    ("funding", ("kinh phi",)),
    ("implementation", ("to chuc thuc hien", "trach nhiem", "phan cong")),
    ("reporting", ("che do bao cao", "bao cao")),
    ("activities", ("hoat dong", "nhiem vu")),
]
_REPORT = re.compile(r"\bb[a-z]{0,2}o c[a-z]{1,2}o\b(?! vien)")
_RECIPIENT = re.compile(
    r"(?:gửi về|gửi|g\w{1,2}i|báo cáo|về)\s+((?:UBND|Ủy ban|Uỷ ban|Sở|Phòng|phòng|Bộ|Ban|Văn phòng)[^.;]*?"
    r"(?:\([^)]*\))?)(?=\s+(?:trước|để|theo|kết quả|tình hình|trong|chậm|xem xét)\b|[.;,]|$)"
)
_CLOSING = re.compile(r"^(tren day|trong qua trinh (to chuc )?(trien khai|thuc hien)|noi nh)")


@dataclass
class Item:
    """A paragraph with its numbering: depth 1 roman, 2 '1.', 3 '1.1.', 4 '1.1.1.', 5 'a)', 6 bullet, 9 plain."""

    label: str
    depth: int
    text: str
    span: Span
    raw: str
    mark: str = ""
    """The number or bullet exactly as printed ("I.", "2.1.", "a)", "-")."""


@dataclass
class PlanDraft:
    """The imported plan: `plan` is exactly the plan JSON; `meta` maps JSON paths to confidence and source span."""

    plan: dict[str, Any]
    meta: dict[str, dict[str, Any]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


_DEPARTMENT_HEAD = r"(?:SỞ|BAN|VĂN PHÒNG|PHÒNG|TRUNG TÂM|CHI CỤC)(?=\s)"


def _title_words(upper: str) -> str:
    """An upper-case body name as it is written in running text: 'SỞ TƯ PHÁP' → 'Sở Tư pháp'."""
    words = upper.lower().split()
    return " ".join(w.capitalize() if k < 2 or words[k - 1] == "và" else w for k, w in enumerate(words))


def _listed_reports(sentence: str) -> tuple[list[str], str | None]:
    """'… báo cáo UBND tỉnh: báo cáo 6 tháng trước ngày 15/6 và báo cáo năm trước ngày 15/11' (or each date
    followed by the report's name in brackets) → one clause per dated report, with the recipient named in the
    sentence; any other sentence is one clause."""
    dated = re.findall(r"(?i)trước ngày\s+([\d/.\-]+)\s*\((báo cáo[^)]*)\)", sentence)
    if len(dated) >= 2:  # '… về Văn phòng trước ngày 10/6 (báo cáo 6 tháng) và trước ngày 10/11 (báo cáo năm)'
        recipient = _RECIPIENT.search(sentence)
        return [f"{what} trước ngày {day}" for day, what in dated], recipient.group(1).strip() if recipient else None
    head, colon, tail = sentence.partition(":")
    parts = re.split(r"(?i)\s*(?:[;,]|\bvà\b)\s+(?=báo cáo\b)", tail)
    if not colon or len(parts) < 2 or not all(re.search(r"(?i)trước ngày", p) for p in parts):
        return [sentence], None
    recipient = _RECIPIENT.search(head)
    return [p.strip() for p in parts], recipient.group(1).strip() if recipient else None


def _trim(text: str) -> str:
    """An item without its closing ';' or '.', an ellipsis kept."""
    return re.sub(r"(?:(?<!\.)\.|[;,])\s*$", "", text.strip()).strip()


def _item(p: Paragraph) -> Item:
    text = p.text.strip()
    text = re.sub(r"^[~»]\s*", "", text)
    m = NUMBERING.match(text)
    if m and not re.match(r"^\d{1,2}\s*/", text):
        rest = text[m.end() :].strip()
        mark = text[: m.end()].strip()
        if m.group("roman"):
            label = m.group("roman").replace("1", "I").replace("l", "I")
            return Item(label, 1, rest, p.span, p.text, mark)
        if m.group("arabic"):
            label = m.group("arabic")
            return Item(label, 2 + label.count("."), rest, p.span, p.text, mark)
        return Item(m.group("letter"), 5, rest, p.span, p.text, mark)
    b = _BULLET.match(text)
    if b and b.end() > 0 and len(text) > b.end():
        mark = text[: b.end()].strip()
        return Item(mark, 6, text[b.end() :].strip(), p.span, p.text, mark)
    return Item("", 9, text, p.span, p.text)


def _is_upper(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 3 and sum(ch.isupper() for ch in letters) >= 0.75 * len(letters)


def _section_kind(item: Item) -> str | None:
    if not (item.depth in (1, 2) or item.depth == 9) or not _is_upper(item.text):
        return None
    if item.depth == 2 and "." in item.label:
        return None
    key = fold(item.text)
    for kind, words in _SECTION_KEYS:
        if any(w in key for w in words):
            return kind
    return "other" if item.depth == 1 else None


_FIELD_LABELS = [
    ("content", r"nội dung(?: tuyên truyền| thực hiện| công việc)?"),
    ("forms", r"hình thức(?: tuyên truyền| thực hiện)?"),
    ("coordinators", r"(?:đơn vị|cơ quan)(?: phối hợp)|phối hợp(?: thực hiện)?"),
    ("lead", r"(?:đơn vị|cơ quan)(?: chủ trì| thực hiện| thực hiện chủ trì)?|chủ trì(?: thực hiện)?"),
    ("timing", r"thời gian(?: thực hiện| hoàn thành)?|thời hạn(?: hoàn thành)?|tiến độ(?: thực hiện)?"),
    ("funding", r"kinh phí(?: thực hiện)?"),
]
_FIELD = re.compile(
    r"(?i)(?:^|(?<=[;.(])\s*|\s[-–]\s)(" + "|".join(f"(?P<{n}>{p})" for n, p in _FIELD_LABELS) + r")\s*:\s*"
)


def _labelled_fields(text: str) -> tuple[str, list[tuple[str, str]]]:
    """'Tổ chức hội nghị (chủ trì: Sở Nội vụ; thời gian: Quý II)' → the text before the labels and each field."""
    matches = list(_FIELD.finditer(text))
    if not matches:
        return text, []
    fields = []
    for k, m in enumerate(matches):
        end = matches[k + 1].start() if k + 1 < len(matches) else len(text)
        name = next(n for n, _ in _FIELD_LABELS if m.group(n))
        fields.append((name, text[m.end() : end].strip(" ;,")))
    return text[: matches[0].start()].strip(), fields


_ACTOR_VERBS = (
    r"(?:xây dựng|chủ động|tổ chức|triển khai|thực hiện|ngoài|có trách nhiệm|chịu trách nhiệm|chỉ đạo|bố trí)"
)


def _actors(text: str) -> list[str]:
    """Who a duty without a named unit falls on: 'Căn cứ …, của cơ quan, đơn vị xây dựng …' → 'cơ quan, đơn vị';
    a later sentence opening with a unit ('UBND cấp huyện ngoài thực hiện …') adds that unit."""
    found: list[str] = []
    sentences = re.split(r"(?<=\.)\s+(?=[A-ZĐ])", text)
    if m := re.match(rf"(?i)căn cứ\b.*?(?:\bcủa|,)\s+((?:các\s+)?(?:cơ quan|đơn vị)[^.;]*?)\s+{_ACTOR_VERBS}\b", text):
        found.append(m.group(1))
    for sentence in sentences[1:] if found else sentences:
        if is_unit_name(sentence) and (m := re.match(rf"^([^.;:]{{3,80}}?)\s+{_ACTOR_VERBS}\b", sentence)):
            found.append(m.group(1))
    return found


def _list_target(key: str, whole: bool) -> str | None:
    """Which list a (sub)heading opens: 'Mục đích' → objectives …; a section heading only when it names one."""
    found = [
        name
        for name, pattern in (
            ("objectives", r"^\W*(muc dich|muc tieu)\b" if not whole else r"\b(muc dich|muc tieu)\b"),
            ("requirements", r"^\W*yeu cau\b" if not whole else r"\byeu cau\b"),
            ("audiences", r"^\W*[dp]\w{1,3} t\w{2,4}ng\b" if not whole else r"\bdoi tuong\b"),
        )
        if re.search(pattern, key)
    ]
    if whole:
        return found[0] if len(found) == 1 and not re.search(r"noi dung|hinh thuc", key) else None
    return found[0] if found else None


@dataclass
class _Section:
    kind: str
    heading: Item
    items: list[Item]


def _header_index(table: Table) -> int | None:
    """The row holding the column names (a title row may come first), or None for a layout table."""
    return next((k for k, row in enumerate(table.rows[:3]) if is_table_header(row)), None)


def _flatten_layout_tables(blocks: list[Block]) -> list[Block]:
    """Tables used for layout (letterhead, signature block) read as their paragraphs, column by column."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Paragraph) or _header_index(block) is not None:
            out.append(block)
            continue
        width = max((len(row) for row in block.rows), default=0)
        for column in range(width):
            for row in block.rows:
                cell = row[column] if column < len(row) else ""
                if column and cell == row[column - 1]:
                    continue  # a merged cell repeated
                for line in cell.split("\n"):
                    if line.strip():
                        out.append(Paragraph(line.strip(), block.span))
    return out


def _is_furniture(text: str) -> bool:
    """Page numbers, a typist's initials, 'Trang 2/5': printed on the page, not part of the plan's text."""
    return bool(re.fullmatch(r"(?i)\s*(?:trang\s*)?\d{1,3}(?:\s*/\s*\d{1,3})?\s*|\s*[A-ZĐ]{1,3}\s*", text))


class _Parser:
    def __init__(self, doc: SourceDocument, filename: str) -> None:
        self.doc = doc
        self.fix: Callable[[str], str] = fix_unit_head if doc.restored else str.strip
        self.split_units: Callable[[str], list[str]] = lambda text: split_units(text, self.fix)
        self.filename = filename
        self.meta: dict[str, dict[str, Any]] = {}
        blocks = _flatten_layout_tables(doc.blocks)
        self.paragraphs = [b for b in blocks if isinstance(b, Paragraph) and b.text.strip()]
        self.tables = [b for b in blocks if isinstance(b, Table)]
        self.items = [_item(p) for p in self.paragraphs]
        # the document in reading order: each item (by its index) or table
        order = iter(range(len(self.items)))
        self.entries: list[int | Table] = [
            b if isinstance(b, Table) else next(order) for b in blocks if isinstance(b, Table) or b.text.strip()
        ]
        self.origins: dict[str, Item | tuple[Table, int]] = {}
        self.title_end = 0
        self.closing_used: set[int] = set()
        self.appendix_start: int | None = None
        self.year: int | None = None
        cells = [cell for t in self.tables for row in t.rows for cell in row]
        self.plain_text = "\n".join([p.text for p in self.paragraphs] + cells)

    def note(
        self, path: str, confidence: float, span: Span | None, origin: Item | tuple[Table, int] | None = None
    ) -> None:
        """Record how sure a value is and where it came from (`origin`: the item or table row its node holds)."""
        self.meta[path] = {"confidence": round(confidence, 2), "span": list(span) if span else None}
        if origin is not None:
            self.origins[path] = origin

    # --- document parts ---------------------------------------------------------------------------------------

    def heading_index(self) -> int | None:
        for k, item in enumerate(self.items[:40]):
            key = fold(item.text).strip(" .:*#")
            if key in ("ke hoach", "ke hoach:"):
                return k
        return None

    def check_genre(self, heading: int | None) -> None:
        if heading is not None:
            return
        for item in self.items[:25]:
            key = fold(item.text).strip(" .:*#")
            if key in _OTHER_GENRES and _is_upper(item.text):
                raise DocumentImportError(
                    f"Văn bản này là {_OTHER_GENRES[key]}, không phải kế hoạch: "
                    "hãy chọn tệp kế hoạch (có tiêu đề «KẾ HOẠCH»)."
                )
        keys = " ".join(fold(i.text) for i in self.items)
        if not ("to chuc thuc hien" in keys and ("muc dich" in keys or "muc tieu" in keys or "noi dung" in keys)):
            raise DocumentImportError(
                "Không nhận ra đây là một kế hoạch: không thấy tiêu đề «KẾ HOẠCH» và các mục "
                "«Mục đích, yêu cầu», «Tổ chức thực hiện»."
            )

    def sections(self, start: int) -> tuple[list[_Section], int]:
        """Top-level sections from `start`, and the index where the body ends (closing formula / Nơi nhận)."""
        sections: list[_Section] = []
        end = len(self.items)
        for k in range(start, len(self.items)):
            item = self.items[k]
            key = fold(item.text)
            if _CLOSING.match(key) and item.depth == 9:
                end = k
                break
            kind = _section_kind(item)
            if kind is not None:
                sections.append(_Section(kind, item, []))
            elif sections:
                sections[-1].items.append(item)
        return sections, end

    # --- metadata ---------------------------------------------------------------------------------------------

    def metadata(self, heading: int | None, first_section: int) -> dict[str, Any]:
        head_items = self.items[: heading if heading is not None else 0]
        full_text = self.doc.text
        out: dict[str, Any] = {"number": own_number(full_text), "issued_date": None}
        self.note("number", 0.9 if out["number"] else 0.5, None)
        for item in self.items[: (heading or 0) + 3]:
            m = re.search(r"ngay\s*(\d{1,2})?\s*thang\s*(\d{1,2})?\s*n\w{1,3}m?\s*(\d{4})", fold(item.raw))
            if m:
                if m.group(1) and m.group(2):
                    out["issued_date"] = resolve_date(f"{m.group(1)}/{m.group(2)}/{m.group(3)}", None)
                self.note("issued_date", 0.9, item.span)
                break
        if out["issued_date"] is None:
            m = re.search(
                r"kem theo ke hoach so\s*:?\s*\d+\s*/\s*[a-z\-]+\s+ngay\s+(\d{1,2}/\d{1,2}/\d{4})", fold(full_text)
            )
            if m:
                out["issued_date"] = resolve_date(m.group(1), None)
                self.note("issued_date", 0.7, None)
        # title
        title_parts: list[Item] = []
        if heading is not None:
            for item in self.items[heading + 1 : first_section]:
                key = fold(item.text)
                if not title_parts and re.search(r"\s(Căn cứ|Thực hiện)\s", item.text):
                    title_parts.append(Item("", 9, re.split(r"\s+(?=Căn cứ|Thực hiện)", item.text)[0], item.span, ""))
                    break
                if (
                    item.depth != 9
                    or re.match(r"(can cu|thuc hien|nham|de |trien khai|ubnd|uy ban|theo )", key)
                    or find_citations(item.text)
                    or item.text.rstrip().endswith(";")
                    or (title_parts and len(item.text) > 150)
                ):
                    break
                title_parts.append(item)
                if len(title_parts) == 3 or len(item.text) > 200:
                    break
        if heading is not None:
            self.title_end = heading + 1 + len(title_parts)
        title = " ".join(i.text for i in title_parts)
        title = re.split(r"\s+(?=Căn cứ|Thực hiện)", title)[0].strip(" .")
        out["title"] = title or None
        if title_parts:
            self.note("title", 0.85, (title_parts[0].span[0], title_parts[-1].span[1]))
        out["doc_type"] = "KH"
        out.update(self.issuer(head_items, heading, first_section, title))
        out["period"] = self.period(title, out["issued_date"])
        return out

    def issuer(self, head_items: list[Item], heading: int | None, first_section: int, title: str) -> dict[str, Any]:
        level_re = "|".join(sorted(_LEVEL_WORDS, key=len, reverse=True))
        found: tuple[str, str | None, Span | None, float] | None = None
        printed: str | None = None
        letterhead_end = 0
        # 1. the letterhead: 'ỦY BAN NHÂN DÂN TỈNH BẮC KẠN' / 'UBND HUYỆN X' / 'BỘ NỘI VỤ'
        motto = re.compile(r"(?i)cộng h(?:òa|oà) xã hội chủ nghĩa việt nam|độc lập\s*-\s*tự do\s*-\s*hạnh phúc")
        head_text = " ".join(t for t in (motto.sub(" ", i.text).strip() for i in head_items) if _is_upper(t))
        key = fold_same_length(head_text)
        if m := re.search(rf"(?:uy ban nhan dan|ubnd)\s+({level_re})\s+([a-z][a-z ]*?)(?=\s+(?:so|cong hoa)\b|$)", key):
            found = (m.group(1), m.group(2), None, 0.9)
            printed = head_text[m.start(2) : m.end(2)].title()
            letterhead_end = m.end()
        elif m := re.search(r"\bbo\s+([a-z ]+?)(?=\s+(?:so|cong hoa)\b|$)", key):
            return {"issuer": _title_words(head_text[m.start() : m.end()]), "level": "ministry", "locality": None}
        # 2. the opening: 'Ủy ban nhân dân (UBND) tỉnh Bắc Kạn ban hành Kế hoạch'
        if found is None:
            start = (heading or 0) + 1
            for item in self.items[start:first_section]:
                k = fold(item.text)
                m = re.search(
                    rf"(?:^|[,.;:]\s*)(?:uy ban nhan dan|ubnd)\s*(?:\(ubnd\)\s*)?({level_re})\s*([a-z ]*?)\s*"
                    r"(?:ban hanh|xay dung|de ra|trien khai)",
                    k,
                )
                if m:
                    found = (m.group(1), m.group(2).strip() or None, item.span, 0.8)
                    break
        if found is None:
            return {"issuer": None, "level": None, "locality": None}
        level_word, name_key, span, confidence = found
        name = self.place_name(level_word, name_key, title, printed)
        level_vi = _LEVEL_WORDS[level_word]
        # 'UBND TỈNH NINH BÌNH / SỞ TƯ PHÁP': a department of the people's committee issues the plan
        department = re.match(
            rf"\s*{_DEPARTMENT_HEAD}\s+[A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ ,\-]*?(?=\s+Số\b|\s*$)", head_text[letterhead_end:]
        )
        if level_word == "thanh pho":
            level: str = "province" if name and fold(name) in _CENTRAL_CITIES else "district"
        elif level_word == "tinh":
            level = "province"
        elif level_word in ("huyen", "quan", "thi xa"):
            level = "district"
        else:
            level = "commune"
        self.note("issuer", confidence, span)
        self.note("level", confidence, span)
        self.note("locality", confidence if name else 0.3, span)
        issuer = f"UBND {level_vi} {name}" if name else f"UBND {level_vi}"
        if department and found[2] is None:
            issuer = " ".join([_title_words(department.group(0).strip()), level_vi, name or ""]).strip()
        return {"issuer": issuer, "level": level, "locality": name}

    def place_name(self, level_word: str, name_key: str | None, title: str, printed: str | None) -> str | None:
        """The place name as printed, found after the level word in the text ('tỉnh Bắc Kạn' → 'Bắc Kạn')."""
        text = self.plain_text
        folded = fold_same_length(text, keep_case=True)
        pattern = re.compile(rf"\b{level_word}\s+([A-ZĐ][\w]*(?:\s+[A-ZĐ][\w]*){{0,3}})")
        counts: dict[str, int] = {}
        for m in pattern.finditer(folded):
            original = text[m.start(1) : m.end(1)]
            words = original.split()
            if not words or not all(w[:1].isupper() for w in words):
                continue
            counts[original] = counts.get(original, 0) + 1
        if name_key:
            for original in counts:
                if fold(original) == name_key.strip():
                    return original
            return printed or name_key.title()
        # the place in the title first, else the most cited one
        for original in counts:
            if f"{level_word} {fold(original)}" in fold(title):
                return original
        return max(counts, key=lambda k: counts[k]) if counts else None

    def period(self, title: str, issued: str | None) -> dict[str, str | None]:
        key = fold(title)
        years = [int(y) for y in re.findall(r"\b(20\d\d)\b", key)]
        if m := re.search(r"giai doan\s+(20\d\d)\s*[-–]\s*(20\d\d)", key):
            start, end = f"{m.group(1)}-01-01", f"{m.group(2)}-12-31"
        elif years:
            year = years[-1]
            start, end = f"{year}-01-01", f"{year}-12-31"
            if re.search(r"6 thang (cuoi|sau)", key):
                start = f"{year}-07-01"
            elif re.search(r"6 thang dau", key):
                end = f"{year}-06-30"
            elif q := quarters_in(title):
                start = f"{year}-{3 * q[0] - 2:02d}-01"
                end_month = 3 * q[-1]
                end = f"{year}-{end_month:02d}-{30 if end_month in (6, 9) else 31}"
        elif issued:
            year = int(issued[:4])
            start, end = f"{year}-01-01", f"{year}-12-31"
        else:
            return {"start": None, "end": None}
        self.year = int(start[:4]) if start[:4] == end[:4] else int(end[:4])
        self.note("period", 0.8 if years else 0.4, None)
        return {"start": start, "end": end}

    # --- sections ---------------------------------------------------------------------------------------------

    def lists(self, sections: list[_Section]) -> dict[str, list[str]]:
        """Objectives, requirements and audiences: the items under their (sub)headings."""
        out: dict[str, list[str]] = {"objectives": [], "requirements": [], "audiences": []}
        for section in sections:
            if section.kind not in ("purpose", "content"):
                continue
            target = _list_target(fold(section.heading.text), whole=True)
            for item in section.items:
                head = fold(item.text).split(":")[0]
                heading_like = item.depth < 6 and len(item.text) < 80 and not re.search(r"[.;]$", item.text.strip())
                if item.depth < 6 and (_list_target(head, whole=False) or heading_like):
                    target = _list_target(head, whole=False)
                    rest = item.text.split(":", 1)[1].strip() if ":" in item.text else ""
                    if target and len(rest) > 10:
                        out[target].append(rest)
                        self.note(f"{target}[{len(out[target]) - 1}]", 0.85, item.span, item)
                    continue
                if target is None:
                    continue
                text = item.text
                if target == "audiences":
                    # 'Đối tượng tuyên truyền ... là X; Y' (OCR may read 'là' as '12' or '1a')
                    text = re.sub(r"^\S{2,4} \S{2,6}ng\b[^:;]*?\s(?:là|gồm|bao gồm|1[2a]|la)\s+", "", text)
                    for part in re.split(r";\s*", text):
                        if part.strip(" ."):
                            out[target].append(capitalize_first(part.strip()))
                else:
                    out[target].append(text)
                self.note(f"{target}[{len(out[target]) - 1}]", 0.85, item.span, item)
        return out

    def body_activities(self, sections: list[_Section]) -> list[dict[str, Any]]:
        """Numbered items of the body that name who does them ('- Đơn vị chủ trì: …', '(chủ trì: …; thời gian: …)')."""
        activities: list[dict[str, Any]] = []
        for section in sections:
            items = section.items
            for k, item in enumerate(items):
                if item.depth > 5 or len(item.text) > 600:
                    continue
                title, inline = _labelled_fields(item.text)
                fields: dict[str, list[str]] = {}
                for name, value in inline:
                    fields.setdefault(name, []).append(value)
                last: str | None = None
                span_end = item.span[1]
                for sub in items[k + 1 :]:
                    if sub.depth <= item.depth:
                        break
                    head, found = _labelled_fields(sub.text)
                    if found and not head:
                        for name, value in found:
                            fields.setdefault(name, []).append(value)
                        last = found[-1][0]
                    elif last == "content" and sub.depth >= 6:
                        fields["content"].append(sub.text if sub.depth == 9 else sub.raw.strip())
                    elif sub.depth < 6:
                        break
                    span_end = sub.span[1]
                if "lead" not in fields and "coordinators" not in fields:
                    continue
                title = title.strip(" .;:(") or item.text
                content = " ".join(fields.get("content", [])) or title
                forms = fields.get("forms") or [title]
                timing_text = " ".join(fields.get("timing", []))
                activity = {
                    "ref": item.label,
                    "source": "body",
                    "group": None,
                    "content": content.strip(),
                    "forms": [f.strip() for f in forms if f.strip()],
                    "lead": self.split_units(" ; ".join(fields.get("lead", []))),
                    "coordinators": self.split_units(" ; ".join(fields.get("coordinators", []))),
                    "timing": classify(timing_text.strip().rstrip(".)")).as_json(),
                    "funding": (" ".join(fields["funding"]).strip(" .)") or None) if "funding" in fields else None,
                }
                self.note(f"activities[{len(activities)}]", 0.85 if not inline else 0.7, (item.span[0], span_end), item)
                activities.append(activity)
        return activities

    def table_activities(self, offset: int) -> list[dict[str, Any]]:
        """Activities of the appendix tables; `offset` is the index the first one gets in the plan's list."""
        activities: list[dict[str, Any]] = []
        for table in self.tables:
            start = _header_index(table)
            if start is None:
                continue
            header = table.rows[start]
            kinds = column_kinds(header)
            group: str | None = None
            group_label: str | None = None
            previous: dict[str, Any] | None = None
            for row_index, row in enumerate(table.rows[start + 1 :], start=start + 1):
                if row == header or (max(map(len, row), default=0) < 45 and is_table_header(row)):
                    continue
                cells = {kind: (row[c] if c < len(row) else "").strip() for c, kind in enumerate(kinds)}
                ref = cells.get("ref", "").strip(". ")
                filled = [k for k, v in cells.items() if v and k != "ref"]
                if not filled:
                    continue
                if len(filled) == 1 and (re.fullmatch(r"[IVX]+|[A-ZĐ]", ref) or not ref):
                    group = re.sub(r"\s+", " ", cells[filled[0]])
                    group_label = ref or None
                    continue
                if not ref and previous is not None and "ref" in kinds:
                    self.extend_activity(previous, cells)
                    continue
                activity = self.row_activity(cells, kinds)
                if not activity["content"]:
                    continue
                activity["ref"] = f"{group_label}.{ref}" if group_label and ref else ref
                activity["group"] = group
                self.note(f"activities[{offset + len(activities)}]", 0.8, table.span, (table, row_index))
                activities.append(activity)
                previous = activity
        return activities

    @staticmethod
    def _forms(text: str, combined: bool) -> list[str]:
        lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
        if any(_BULLET.match(ln) and _BULLET.match(ln).end() > 0 for ln in lines):  # type: ignore[union-attr]
            items: list[str] = []
            for ln in lines:
                m = _BULLET.match(ln)
                if m and m.end() > 0:
                    items.append(ln[m.end() :])
                elif items:
                    items[-1] += " " + ln
                else:
                    items.append(ln)
            return [t for t in (_trim(i) for i in items) if t]
        flat = re.sub(r"\s+", " ", text).strip()
        if combined:
            m = re.search(r"(?i)(?:hình thức(?: như)?|như)\s*:\s*", flat)
            if m:
                flat = flat[m.end() :]
            return [t for t in (_trim(p) for p in re.split(r";\s*", flat)) if t]
        return [flat] if flat else []

    def row_activity(self, cells: dict[str, str], kinds: list[str]) -> dict[str, Any]:
        def flat(value: str) -> str:
            return re.sub(r"\s+", " ", value).strip()

        combined = cells.get("content_forms", "")
        content = cells.get("content") or combined or cells.get("forms", "")
        content = re.sub(r"^[-–+•]\s*", "", flat(content))
        if combined:
            forms = self._forms(combined, True)
        elif "forms" in cells:
            forms = self._forms(cells["forms"], False)
        else:  # no Hình thức column: the row's content is the form it takes
            forms = self._forms(cells.get("content", ""), True)
        return {
            "ref": "",
            "source": "appendix",
            "group": None,
            "content": content,
            "forms": forms,
            "lead": self.split_units(cells.get("lead", "")),
            "coordinators": self.split_units(cells.get("coordinators", "")),
            "timing": classify(flat(cells.get("timing", ""))).as_json(),
            "funding": flat(cells.get("funding", "")) or None,
        }

    def extend_activity(self, activity: dict[str, Any], cells: dict[str, str]) -> None:
        """A row without a number continues the one above (a table row split over two pages)."""
        more = self.row_activity(cells, list(cells))
        if more["content"]:
            activity["content"] = f"{activity['content']} {more['content']}".strip()
        for key in ("forms", "lead", "coordinators"):
            activity[key].extend(x for x in more[key] if x not in activity[key])

    def responsibilities(self, sections: list[_Section]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for section in sections:
            if section.kind != "implementation":
                continue
            numbered = [i for i in section.items if i.depth < 6] or [i for i in section.items if i.depth == 6]
            if not numbered:
                continue
            top = min(i.depth for i in numbered)
            current: dict[str, Any] | None = None
            for item in section.items:
                if item.depth == top:
                    current = self.responsibility(item)
                    self.note(f"responsibilities[{len(out)}]", 0.75 if current["units"] else 0.4, item.span, item)
                    out.append(current)
                elif current is not None:
                    current["duties"].append(capitalize_first(item.text))
        return out

    def responsibility(self, item: Item) -> dict[str, Any]:
        text = item.text.strip()
        text = re.sub(r"^(?:Trách nhiệm|Nhiệm vụ) của\s+", "", text)
        text = re.sub(r"^(?:Đối với|Đối với các)\s+", lambda m: "" if m.group(0) == "Đối với " else "Các ", text)
        # matched without marks: a restored text may read 'Giáo' for 'Giao'
        prefix = re.match(r"^(\S{2} nghi|giao|yeu cau)\s+", fold_same_length(text))
        body = text[prefix.end() :] if prefix else text
        units_text, duty = body, ""
        colon = re.search(r":\s*", body)
        if colon and not re.fullmatch(r"\w+", body[: colon.start()].strip()) and colon.start() < 300:
            units_text, duty = body[: colon.start()], body[colon.end() :]
        else:
            if colon:
                body = body[: colon.start()] + " " + body[colon.end() :]
                units_text = body
            best: int | None = None
            for verb in _DUTY_VERBS:
                for m in re.finditer(rf"(?<=\s){verb}\b", body, flags=re.IGNORECASE):
                    before = body[: m.start()]
                    # 'được giao tổ chức' is still the unit's name; 'các tổ chức' is a noun, not the duty
                    if m.start() > 3 and not re.search(r"(?i)(được giao|được|các|những)\s*$", before):
                        if best is None or m.start() < best:
                            best = m.start()
                        break
                if best is not None and verb in ("chịu trách nhiệm", "có trách nhiệm", "căn cứ"):
                    break
            words_before = len(body[:best].split()) if best is not None else len(body.split())
            if best is not None and words_before <= 25:
                units_text, duty = body[:best], body[best:]
            elif len(body.split()) > 25 or re.match(r"(?i)^(căn cứ|tổ chức|thực hiện)\b", body):
                units_text, duty = "", body
        units = self.split_units(units_text)
        if re.match(r"(?i)^căn cứ\b", body) or (not prefix and units and not any(is_unit_name(u) for u in units)):
            units, duty = self.split_units(" ; ".join(_actors(body))), body
        duties = [capitalize_first(duty.strip())] if duty.strip() else []
        return {
            "ref": item.label,
            "units": [capitalize_first(u) for u in units],
            "mode": mode_for(units, text),
            "duties": duties,
        }

    def reporting(self, sections: list[_Section], issuer: str | None) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for section in sections:
            if section.kind not in ("implementation", "reporting", "funding"):
                continue
            default_to = None
            for item in section.items:
                for sentence in re.split(r"(?<=[.;])\s+(?=[A-ZĐa-zđ])", item.text):
                    clauses, listed_to = _listed_reports(sentence)
                    for clause in clauses:
                        report = self.report(clause, section.kind == "reporting")
                        if section.kind == "reporting" and report is None and (m := _RECIPIENT.search(clause)):
                            default_to = m.group(1).strip()  # 'các đơn vị báo cáo … gửi về UBND thành phố (qua …)'
                        if report:
                            report["to"] = report["to"] or listed_to or default_to or issuer or ""
                            self.note(f"reporting[{len(out)}]", 0.6, item.span, item)
                            out.append(report)
        return out

    def report(self, clause: str, in_section: bool) -> dict[str, Any] | None:
        key = fold(clause)
        submitted = re.search(r"\bgui\b.*\btruoc ngay\b", key)  # 'gửi Sở Nội vụ trước ngày …': a submission
        if not _REPORT.search(key) and not (in_section and "gui" in key) and not submitted:
            return None
        due = resolve_date(clause, self.year) if re.search(r"truoc ngay|ngay \d|han", key) else None
        freqs = []
        if "dinh ky" in key or "hang" in key or "cuoi nam" in key:
            if re.search(r"\bquy\b(?! (?:dinh|trinh|che|mo|hoach|tac|chuan))", key):
                freqs.append("quarterly")
            if re.search(r"\b(6|sau) thang\b", key):
                freqs.append("semiannual")
            if re.search(r"\b(01 |mot |hang |ca )?nam\b|cuoi nam", key) and not re.search(r"nam 20\d\d", key):
                freqs.append("annual")
        if due:
            freqs = []
        frequency: Any = None
        if len(freqs) == 1:
            frequency = freqs[0]
        elif freqs:
            frequency = freqs
        elif not due and "dinh ky" in key:
            frequency = "periodic"
        if due is None and frequency is None:
            return None
        what = clause.strip().rstrip(".;")
        folded_what = fold(what)
        if m := re.search(r"(?:dinh ky|cuoi nam|hang nam|hang quy)\s*,?\s*(?:tong hop|bao cao)", folded_what):
            what = what[m.start() :]
        to = None
        if m := _RECIPIENT.search(what):
            to = m.group(1).strip()
            what = (what[: m.start(1)] + what[m.end(1) :]).strip()
        what = re.split(r"\s+(?:gửi\s+)?trước ngày\b|\s+và kịp thời\b|\s+để\s", what)[0]
        what = re.sub(r"\s+(gửi về|gửi)\s*$", "", what).strip(" ,;")
        what = re.sub(r"\s+", " ", what)
        what = re.sub(r"(?i)\s+theo (?:đúng )?quy định$", "", what)
        what = re.sub(r"(?i)\s+(?:gửi về|gửi|về|cho|tới|đến)$", "", what)
        if m := re.match(r"(?i)^(?:xây dựng|lập|hoàn thành|hoàn thiện)\s+(.+?),?\s+(?:và\s+)?(?:gửi|báo cáo)$", what):
            what = m.group(1)  # 'Xây dựng Kế hoạch …, báo cáo UBND …': the document sent is the report
        what = re.sub(r"(?i)^.{3,80}?\s(?:có|chịu) trách nhiệm\s+", "", what)  # the subject is not the report
        what = re.sub(r"(?i)^(?:xây dựng|lập|hoàn thành|hoàn thiện)\s+(?=kế hoạch|dự toán)", "", what)
        if re.search(r"(?i)báo cáo$", what):
            what += " kết quả triển khai thực hiện kế hoạch"  # a report with no object reports on the plan
        return {"what": capitalize_first(what), "due": due, "frequency": frequency, "to": to}

    # --- closing ----------------------------------------------------------------------------------------------

    def closing(self, body_end: int) -> tuple[dict[str, Any], list[str]]:
        signer: dict[str, Any] = {"authority": "", "position": "", "name": None}
        recipients: list[str] = []
        in_recipients = False
        after_position = False
        for index in range(body_end, len(self.items)):
            item = self.items[index]
            raw = item.raw.strip()
            key = fold(raw)
            if re.match(r"^(phu luc|cac noi dung|danh muc)\b", key) or (
                key.startswith("kem theo") and bool(signer["position"])
            ):
                self.appendix_start = index
                break
            if key.startswith("noi nh"):
                in_recipients = True
                self.closing_used.add(index)
                raw = re.sub(r"(?i)^\S+\s+\S+\s*:?", "", raw).strip()
                key = fold(raw)
                if not raw:
                    continue
            raw, found = self.take_signer(raw, signer)
            if found:
                after_position = bool(signer["position"])
                self.closing_used.add(index)
            line = raw.strip()
            if not line:
                continue
            if _BULLET.match(line) and _BULLET.match(line).end() > 0 and in_recipients:  # type: ignore[union-attr]
                recipients.extend(self.fix(r) for r in self.recipient_items(line))
                self.closing_used.add(index)
                continue
            if after_position and self.is_name(line):
                signer["name"] = line
                self.closing_used.add(index)
                self.note("signer.name", 0.8, item.span)
        self.note("signer", 0.8 if signer["position"] else 0.3, None)
        return signer, recipients

    def take_signer(self, raw: str, signer: dict[str, Any]) -> tuple[str, bool]:
        """Cut authority/position words off a line (they may share it with a recipient) into `signer`."""
        found = False
        for m in list(_AUTHORITY.finditer(raw)):
            title = self.title_name(m.group(2))
            if title:
                signer["authority"] = f"{m.group(1)}. {title}"
                raw = raw[: m.start()] + raw[m.end() :]
                found = True
        stripped = raw.strip().rstrip(":; ")
        if not signer["authority"] or not stripped or len(stripped) > 200:
            return raw, found
        if _is_upper(stripped):
            key = fold_same_length(stripped)
            for words in sorted(_SIGNER_TITLES, key=len, reverse=True):
                if key.endswith(words) and not key.endswith("uy ban nhan dan"):
                    head = stripped[: len(stripped) - len(words)]
                    if not head.strip() or not _is_upper(head) or head.strip().startswith("-"):
                        signer["position"] = _SIGNER_TITLES[words]
                        return head, True
        else:
            key = fold_same_length(raw)
            for words in sorted(_SIGNER_TITLES, key=len, reverse=True):
                spaced = words.replace(" ", r"\s+")
                tail = re.search(rf"[;:,]?\s+({spaced})\s*[:;.]*\s*$", key)
                if tail and raw[tail.start(1) :].strip().isupper():
                    signer["position"] = _SIGNER_TITLES[words]
                    return raw[: tail.start(1)], True
        return raw, found

    @staticmethod
    def title_name(text: str) -> str | None:
        key = fold(text).strip()
        return _SIGNER_TITLES.get(key) or (text.strip() if _is_upper(text) and len(text) > 4 else None)

    @staticmethod
    def is_name(line: str) -> bool:
        words = line.split()
        return (
            2 <= len(words) <= 5
            and all(w[:1].isupper() and w[1:].islower() for w in words if w.isalpha())
            and all(w.isalpha() for w in words)
            and ":" not in line
        )

    @staticmethod
    def recipient_items(line: str) -> list[str]:
        text = _BULLET.sub("", line, count=1).strip()
        text = re.sub(r"[»«/]+\s*$", "", text).strip()
        parts: list[str] = []
        depth = 0
        current = ""
        for ch in text:
            depth += ch == "("
            depth -= ch == ")"
            if ch == ";" and depth <= 0:
                parts.append(current)
                current = ""
            else:
                current += ch
        parts.append(current)
        out: list[str] = []
        for part in parts:
            part = re.sub(r"\s+", " ", part).strip(" ;.,:»«/")
            if not part:
                continue
            if re.fullmatch(r"\([^)]*\)", part) and out:
                out[-1] = f"{out[-1]} {part}"
            else:
                out.append(part)
        return out

    def complete(self, plan: dict[str, Any]) -> list[str]:
        """Make the draft valid plan JSON where a neutral value exists; list what the reviewer must still fill in."""
        plan["locality"] = plan["locality"] or ""
        for k, activity in enumerate(plan["activities"]):
            if not activity["timing"]["kind"]:
                activity["timing"]["kind"] = "ongoing"
                self.note(f"activities[{k}].timing.kind", 0.2, None)
        missing = [
            label
            for key, label in (
                ("issuer", "cơ quan ban hành"),
                ("level", "cấp ban hành"),
                ("title", "trích yếu (tên kế hoạch)"),
            )
            if not plan[key]
        ]
        if not plan["period"]["start"]:
            missing.append("thời kỳ thực hiện")
        return [f"Chưa xác định được {label}; hãy bổ sung trước khi lưu." for label in missing]

    # --- the body -------------------------------------------------------------------------------------------

    def body(self, body_end: int) -> tuple[list[Node], dict[int, str], dict[tuple[int, int], str]]:
        """The document from the line after the title to the end, as a tree (letterhead, title, signature and
        recipient lines are the plan's own fields; page furniture is dropped), with the node of each item and of
        each table row."""
        root: list[Node] = []
        item_nodes: dict[int, str] = {}
        row_nodes: dict[tuple[int, int], str] = {}
        stack: list[tuple[int, Node]] = []
        appendix: Node | None = None
        count = 0
        parts = 0  # top-level parts (I., II. …) seen

        def add(node: Node, container: list[Node]) -> Node:
            nonlocal count
            count += 1
            node["id"] = f"n{count}"
            container.append(node)
            return node

        def here() -> list[Node]:
            if appendix is not None:
                return cast(list[Node], appendix["children"])
            return cast(list[Node], stack[-1][1]["children"]) if stack else root

        for entry in self.entries:
            if isinstance(entry, Table):
                if self.appendix_start is None and not stack and count and appendix is None:
                    appendix = add(new_node("", "appendix"), root)
                table = add(new_node("", "table"), here())
                header = _header_index(entry)
                for r, row in enumerate(entry.rows):
                    node = add(new_node("", "row", cells=[cell.strip() for cell in row]), table["children"])
                    if r == header:
                        node["header"] = True
                    row_nodes[(id(entry), r)] = node["id"]
                continue
            item = self.items[entry]
            if entry < self.title_end or entry in self.closing_used or _is_furniture(item.text):
                continue
            if self.appendix_start is not None and entry >= self.appendix_start and appendix is None:
                appendix = add(new_node("", "appendix"), root)
            if appendix is not None or entry >= body_end:
                stack.clear()
                node = add(new_node("", "paragraph", label=item.mark, text=item.text), here())
            else:
                depth = item.depth if item.depth <= 5 else 1 if _section_kind(item) else None
                mark, text = item.mark, item.text
                if depth == 1 and item.depth == 1:
                    parts += 1
                elif self.doc.restored and parts and item.depth in (2, 9) and _section_kind(item):
                    # OCR broke the part's number ('I1.' read as 'Ii.', 'III.' as '1.'): the parts run in order
                    parts += 1
                    depth, mark, text = 1, f"{roman(parts)}.", re.sub(r"^[IVXLil1]{1,4}\.\s*", "", item.text)
                if depth is None:
                    node = add(new_node("", "paragraph", label=mark, text=text), here())
                else:
                    while stack and stack[-1][0] >= depth:
                        stack.pop()
                    node = add(new_node("", "section", label=mark, text=text), here())
                    stack.append((depth, node))
            item_nodes[entry] = node["id"]
        return root, item_nodes, row_nodes

    def link(
        self, plan: dict[str, Any], body: list[Node], nodes: tuple[dict[int, str], dict[tuple[int, int], str]]
    ) -> None:
        """Each extracted value names the node it came from, and the node names it back."""
        item_nodes, row_nodes = nodes
        index_of = {id(item): k for k, item in enumerate(self.items)}
        by_id = {node["id"]: node for node in walk(body)}
        for path, origin in self.origins.items():
            if isinstance(origin, tuple):
                node_id = row_nodes.get((id(origin[0]), origin[1]))
            else:
                node_id = item_nodes.get(index_of.get(id(origin), -1))
            field_name, _, rest = path.partition("[")
            index = int(rest.rstrip("]"))
            values = plan.get(field_name)
            if node_id is None or not isinstance(values, list) or index >= len(values):
                continue
            if isinstance(values[index], dict):
                values[index]["node"] = node_id
            by_id[node_id].setdefault("values", []).append(path)

    # --- the whole plan ---------------------------------------------------------------------------------------

    def parse(self) -> PlanDraft:
        if not self.items and not self.tables:
            raise DocumentImportError("Tệp không có nội dung văn bản để nhập.")
        heading = self.heading_index()
        self.check_genre(heading)
        sections, body_end = self.sections((heading or 0) + 1)
        first_section = next((self.items.index(s.heading) for s in sections), body_end)
        meta = self.metadata(heading, first_section)
        opening = self.items[(heading or 0) + 1 : first_section]
        legal: list[dict[str, str | None]] = []
        seen: set[str] = set()
        for item in opening:
            for c in find_citations(item.text):
                if c.number not in seen:
                    seen.add(c.number)
                    self.note(f"legal_bases[{len(legal)}]", 0.9, item.span, item)
                    legal.append(c.as_json())
        own = meta["number"]
        references: list[str] = []
        texts = [p.text for p in self.paragraphs] + [cell for t in self.tables for row in t.rows for cell in row]
        for text in texts:
            for c in find_citations(text.replace("\n", " ")):
                if c.number not in references and c.number != own:
                    references.append(c.number)
        lists = self.lists(sections)
        activities = self.body_activities(sections)
        activities += self.table_activities(len(activities))
        responsibilities = self.responsibilities(sections)
        reporting = self.reporting(sections, meta["issuer"])
        signer, recipients = self.closing(body_end)
        body, item_nodes, row_nodes = self.body(body_end)
        plan = {
            "source": self.filename,
            "doc_type": meta["doc_type"],
            "number": meta["number"],
            "issued_date": meta["issued_date"],
            "issuer": meta["issuer"],
            "level": meta["level"],
            "locality": meta["locality"],
            "title": meta["title"],
            "period": meta["period"],
            "legal_bases": legal,
            "references": references,
            "objectives": lists["objectives"],
            "requirements": lists["requirements"],
            "audiences": lists["audiences"],
            "activities": activities,
            "responsibilities": responsibilities,
            "reporting": reporting,
            "signer": signer,
            "recipients": recipients,
            "body": body,
        }
        self.link(plan, body, (item_nodes, row_nodes))
        if self.doc.restored:  # every value read from text whose marks were restored is less certain
            for entry in self.meta.values():
                entry["confidence"] = round(entry["confidence"] * 0.8, 2)
        warnings = list(self.doc.warnings) + self.complete(plan)
        if heading is None:
            warnings.append("Không thấy tiêu đề «KẾ HOẠCH»; đã nhận dạng theo các mục của văn bản.")
        return PlanDraft(plan=plan, meta=self.meta, warnings=warnings)


def parse_plan(doc: SourceDocument, filename: str) -> PlanDraft:
    """The plan draft of a read document; DocumentImportError when it is not a plan."""
    return _Parser(doc, filename).parse()
