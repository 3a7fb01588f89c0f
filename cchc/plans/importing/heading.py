"""The head of a plan document: its genre, number, date, issuer, title, period and legal bases."""

from __future__ import annotations

import re
from typing import Any

from cchc.core.calendar import quarters_in
from cchc.core.text import fold
from cchc.plans.importing.blocks import Span
from cchc.plans.importing.citations import find_citations, fold_same_length, own_number
from cchc.plans.importing.errors import DocumentImportError
from cchc.plans.importing.items import Item, Reader, is_upper
from cchc.plans.importing.timing import resolve_date

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
_DEPARTMENT_HEAD = r"(?:SỞ|BAN|VĂN PHÒNG|PHÒNG|TRUNG TÂM|CHI CỤC)(?=\s)"


def _title_words(upper: str) -> str:
    """An upper-case body name as it is written in running text: 'SỞ TƯ PHÁP' → 'Sở Tư pháp'."""
    words = upper.lower().split()
    return " ".join(w.capitalize() if k < 2 or words[k - 1] == "và" else w for k, w in enumerate(words))


class HeadingReader(Reader):
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
            if key in _OTHER_GENRES and is_upper(item.text):
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

    def metadata(self, heading: int | None, first_section: int) -> dict[str, Any]:
        head_items = self.items[: heading if heading is not None else 0]
        full_text = self.doc.text
        out: dict[str, Any] = {"number": own_number(full_text), "issued_date": None, "issued_date_text": ""}
        self.note("number", 0.9 if out["number"] else 0.5, None)
        for item in self.items[: (heading or 0) + 3]:
            m = re.search(r"ngay\s*(\d{1,2})?\s*thang\s*(\d{1,2})?\s*n\w{1,3}m?\s*(\d{4})", fold(item.raw))
            if m:
                if m.group(1) and m.group(2):
                    out["issued_date"] = resolve_date(f"{m.group(1)}/{m.group(2)}/{m.group(3)}", None)
                    # the day and month as the source wrote them (07, not 7), printed back so
                    out["issued_date_text"] = f"ngày {m.group(1)} tháng {m.group(2)} năm {m.group(3)}"
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
        head_text = " ".join(t for t in (motto.sub(" ", i.text).strip() for i in head_items) if is_upper(t))
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

    def legal_bases(
        self, heading: int | None, first_section: int, own: str | None
    ) -> tuple[list[dict[str, str | None]], list[str]]:
        """The legal bases cited in the opening (before the first section), and every other document the text cites."""
        opening = self.items[(heading or 0) + 1 : first_section]
        legal: list[dict[str, str | None]] = []
        seen: set[str] = set()
        for item in opening:
            for c in find_citations(item.text):
                if c.number not in seen:
                    seen.add(c.number)
                    self.note(f"legal_bases[{len(legal)}]", 0.9, item.span, item)
                    legal.append(c.as_json())
        references: list[str] = []
        texts = [p.text for p in self.paragraphs] + [cell for t in self.tables for row in t.rows for cell in row]
        for text in texts:
            for c in find_citations(text.replace("\n", " ")):
                if c.number not in references and c.number != own:
                    references.append(c.number)
        return legal, references
