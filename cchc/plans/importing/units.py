"""Unit names: a cell or phrase listing several bodies split one per item, and assigned/requested modes."""

from __future__ import annotations

import re
from collections.abc import Callable

from cchc.core.text import fold

# Words a unit name starts with (so a comma or 'và' before one separates two units).
_HEADS = (
    r"Văn phòng|Trung tâm|Phòng|Ban|Sở|Bộ|Vụ|Hội|Ủy ban|Uỷ ban|UBND|HĐND|Báo|Đài|Cổng|Công an|Bảo hiểm|Liên đoàn|"
    r"Tỉnh đoàn|Thành đoàn|Huyện đoàn|Đoàn|Trường|Viện|Cục|Chi cục|Tổng cục|Kho bạc|Ngân hàng|Bưu điện|Viettel|VNPT|"
    r"Viễn thông|Mặt trận|MTTQ|Tòa án|Viện kiểm sát|Quân sự|Bộ Chỉ huy|Đảng ủy|Huyện ủy|Tỉnh ủy|Thành ủy|Thị ủy|"
    r"Công đoàn|Cơ quan|Tổ chức|Thủ trưởng|Chủ tịch|Người đứng đầu|Thường trực|Thanh tra|Chi nhánh|Công chức|"
    r"[Cc]ác (?:sở|phòng|ban|ngành|đơn vị|cơ quan|tổ chức|đoàn thể|hội|thôn|xóm|tổ dân phố|xã|phường|thị trấn|huyện|"
    r"trường|doanh nghiệp|thành viên|Bộ|(?=[A-ZĐ]))"
)
_HEAD_AT_START = re.compile(rf"^(?:{_HEADS})\b")
_ONLY_HEAD = re.compile(rf"^(?:{_HEADS})$")
_REQUESTED = re.compile(
    r"(?:tỉnh ủy|tỉnh uỷ|huyện ủy|huyện uỷ|thành ủy|thành uỷ|thị ủy|đảng ủy|đảng uỷ|mặt trận|mttq|hội |liên đoàn|"
    r"đoàn thanh niên|tỉnh đoàn|huyện đoàn|thành đoàn|công đoàn|trường chính trị|trung tâm chính trị|"
    r"tổ chức chính trị|cơ quan báo chí trung ương|(?<!văn phòng )hđnd)",
    re.IGNORECASE,
)


def _split_top(text: str, sep: str) -> list[str]:
    """Split on `sep` outside parentheses."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if depth == 0 and text.startswith(sep, i):
            parts.append("".join(current))
            current = []
            i += len(sep)
            continue
        current.append(ch)
        i += 1
    parts.append("".join(current))
    return parts


def _clean(unit: str) -> str:
    unit = re.sub(r"\s+", " ", unit).strip(" \t-–+•;,.:")
    unit = re.sub(r"\s*\((?:chủ trì|phối hợp|thường trực)\)$", "", unit, flags=re.IGNORECASE)
    return unit.strip()


def _split_commas(part: str, fix: Callable[[str], str]) -> list[str]:
    """'Sở Nội vụ, các sở, ban, ngành' → two units: a comma or 'và' before a unit head separates units."""
    pieces = re.split(rf"(,\s+|\s+và\s+)(?=(?:{_HEADS})\b)", part)
    out: list[str] = [pieces[0]]
    for k in range(1, len(pieces), 2):
        sep, piece = pieces[k], pieces[k + 1]
        left = fix(out[-1].strip())
        if "và" in sep and (_ONLY_HEAD.match(left) or left.endswith("HĐND")):
            out[-1] = left + sep + piece  # 'Báo và Đài PT-TH tỉnh', 'Văn phòng HĐND và UBND xã' are one unit
        else:
            out.append(piece)
    final: list[str] = []
    for piece in out:
        # 'Truyền thông huyện UBND cấp xã': a unit glued to the next one after a place word
        final.extend(
            re.split(r"(?:(?<=huyện)|(?<=tỉnh)|(?<=xã)|(?<=phố)|(?<=phường)) (?=UBND |Ủy ban nhân dân )", piece)
        )
    return final


def _distribute(unit: str) -> list[str]:
    """'các phòng: Nội vụ, Tư pháp' → 'Phòng Nội vụ', 'Phòng Tư pháp'."""
    m = re.match(r"^(?:các\s+)?(phòng|sở|ban)\s*:\s*(.+)$", unit, re.IGNORECASE)
    if not m:
        return [unit]
    head = m.group(1).capitalize()
    out = []
    for name in re.split(r",\s+|\s+và\s+", m.group(2)):
        name = name.strip()
        if not name:
            continue
        out.append(name if _HEAD_AT_START.match(name) else f"{head} {name}")
    return out


def split_units(text: str, fix: Callable[[str], str] = str.strip) -> list[str]:
    """One item per unit, as written ('Các cơ quan, đơn vị và UBND các phường' → 2 units).

    `fix` mends a unit name before it is judged (OCR'd text: 'Bão và Đài …' → 'Báo và Đài …').
    """
    text = re.sub(r"\s*\n\s*(?=[-–+•]\s)", " ; ", text)
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        return []
    units: list[str] = []
    for part in _split_top(text, ";"):
        part = part.strip()
        inner = re.match(r"^(.*?)\(([^()]*;[^()]*)\)\s*$", part)
        if inner:
            units.extend(_clean(u) for u in inner.group(2).split(";"))
            continue
        for piece in _split_commas(part, fix):
            units.extend(_distribute(_clean(piece)))
    return [u for u in (fix(_clean(u)) for u in units) if u and len(u) > 1]


def is_unit_name(text: str) -> bool:
    """True when the text opens like the name of a body ('Sở …', 'UBND …', 'Các cơ quan …')."""
    return bool(_HEAD_AT_START.match(capitalize_first(text.strip())))


def capitalize_first(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def mode_for(units: list[str], phrase: str) -> str:
    """'requested' for bodies the issuer can only ask (Đề nghị; Party, Front, mass organisations), else 'assigned'."""
    key = fold(phrase)
    if re.match(r"^\w{2} nghi\b", key) or " de nghi " in key[:40]:
        return "requested"
    if key.startswith(("giao ", "yeu cau ")):
        return "assigned"
    if units and all(_REQUESTED.search(u) for u in units):
        return "requested"
    return "assigned"
