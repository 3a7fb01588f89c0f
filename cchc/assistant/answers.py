"""Extractive answers: the record's own passages for the part asked about; checks and redaction of questions."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cchc.assistant.vocabulary import ASPECT_LABELS
from cchc.core.diacritics.syllables import is_folded_syllable
from cchc.core.text import fold

MAX_QUESTION_CHARS = 1000
MAX_LINES = 25
# A quoted line longer than this is cut (the procedure's page has it whole).
MAX_LINE_CHARS = 320
# An overview quotes fewer lines of each part; the procedure's page has them all.
OVERVIEW_LINES = 8
NO_RECORD_TEXT = "Bản ghi thủ tục chưa có thông tin cho mục này."
MORE_TEXT = "(còn nữa — xem đầy đủ ở trang thủ tục)"

_TAGS = re.compile(r"<[^>]*>")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_WORD = re.compile(r"[^\W\d_]+")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<!\d)(?:\+?84|0)(?:[\s.\-]?\d){8,10}(?!\d)")
_ID_NUMBER = re.compile(r"(?<!\d)\d{9}(?:\d{3})?(?!\d)")
# A CCCD written in groups, "001 203 004 567" or "001.203.004.567" (taken before phone numbers).
_ID_GROUPED = re.compile(r"(?<!\d)\d{3}([\s.])\d{3}\1\d{3}\1\d{3}(?!\d)")
_UPPER = "A-ZĐÁÀẢÃẠĂẮẰẲẴẶÂẤẦẨẪẬÉÈẺẼẸÊẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌÔỐỒỔỖỘƠỚỜỞỠỢÚÙỦŨỤƯỨỪỬỮỰÝỲỶỸỴ"
_PLACE = (
    r"(?i:s[oố]\s+nh[aà]|ng[oõ]|ng[aá]ch|h[eẻ]m|ki[eệ]t|đ[uư][oờ]ng|duong|ph[oố]|khu\s+ph[oố]|t[oổ]\s+d[aâ]n\s+ph[oố]"
    r"|t[oổ]|th[oô]n|x[oó]m|[aấ]p|b[aả]n|kh[oó]m)"
)
# A number ("ngõ 34", "12/3") or a proper name, capitalised ("phố Huế", "thôn Bản Pài").
_PLACE_NAME = rf"(?:\d+[a-zA-Z]?(?:/\d+[a-zA-Z]?)*\b|[{_UPPER}][^\W\d_]*(?:\s+[{_UPPER}\d][^\W_]*){{0,3}})"
# A street address: "số 12 ngõ 34 phố Huế", "thôn Bản Pài", "12/3 đường Lê Lợi" (not "thành phố Hà Nội").
_ADDRESS = re.compile(
    rf"(?:(?i:s[oố]\s+)?\d+[a-zA-Z]?(?:/\d+[a-zA-Z]?)*\s*,?\s*)?(?<![Tt]hành\s)(?<![Tt]hanh\s)\b{_PLACE}\s+{_PLACE_NAME}"
    rf"(?:\s*,?\s*\b{_PLACE}\s+{_PLACE_NAME})*"
    # Or a house number before a capitalised street name: "25 Hàng Bạc".
    rf"|(?<!\d)\d+[a-zA-Z]?(?:/\d+[a-zA-Z]?)*\s+[{_UPPER}][^\W\d_]*(?:\s+[{_UPPER}][^\W\d_]*){{1,3}}"
)
_NAME_AFTER = re.compile(
    r"\b((?:t[eê]n\s+)?(?:t[oô]i|em|m[iì]nh|ch[aá]u)\s+(?:t[eê]n\s+)?l[aà]|t[eê]n\s+(?:t[oô]i|em|m[iì]nh)\s+l[aà]"
    r"|t[oô]i\s+t[eê]n)\s+"
    r"(?![\[\d])([^\s,.;:!?]+(?:\s+[^\s,.;:!?]+){0,3})",
    re.IGNORECASE,
)


class QuestionRejected(ValueError):
    """A question the assistant cannot take; the message is the polite Vietnamese reply."""


def clean_question(text: str | None) -> str:
    """The question as plain text (NFC, no tags, no control characters, single spaces), or QuestionRejected."""
    value = unicodedata.normalize("NFC", html.unescape(text or ""))
    value = _CONTROL.sub(" ", _TAGS.sub(" ", value))
    value = re.sub(r"\s+", " ", value).strip()
    if not value:
        raise QuestionRejected(
            "Bạn hãy nhập câu hỏi về thủ tục hành chính, ví dụ: “Làm giấy khai sinh cần giấy tờ gì?”"
        )
    if len(value) > MAX_QUESTION_CHARS:
        raise QuestionRejected(
            f"Câu hỏi dài quá {MAX_QUESTION_CHARS} ký tự. Bạn vui lòng viết ngắn gọn việc cần làm, "
            "ví dụ: “Đăng ký thường trú cần giấy tờ gì?”"
        )
    words = _WORD.findall(value)
    if not words:
        raise QuestionRejected("Câu hỏi chưa có chữ nào. Bạn vui lòng viết rõ thủ tục bạn cần hỏi.")
    vietnamese = sum(1 for w in words if is_folded_syllable(fold(w)))
    if vietnamese / len(words) < 0.5:
        raise QuestionRejected(
            "Trợ lý ảo hiện chỉ trả lời câu hỏi bằng tiếng Việt. Bạn vui lòng đặt câu hỏi bằng tiếng Việt "
            "(có dấu hoặc không dấu đều được)."
        )
    return value


def redact(text: str) -> str:
    """The question without personal data: e-mails, phone numbers, ID numbers, street addresses, the name after
    'tôi là'."""
    value = _EMAIL.sub("[email]", text)
    value = _ID_GROUPED.sub("[số giấy tờ]", value)
    value = _PHONE.sub("[số điện thoại]", value)
    value = _ID_NUMBER.sub("[số giấy tờ]", value)
    value = _ADDRESS.sub("[địa chỉ]", value)
    return _NAME_AFTER.sub(lambda m: f"{m.group(1)} [tên]", value)


def without_contact_data(text: str) -> str:
    """The question without e-mails, phone and ID numbers: they never help find a procedure."""
    return _ID_NUMBER.sub(" ", _PHONE.sub(" ", _EMAIL.sub(" ", text)))


@dataclass
class Passage:
    """One section of a procedure record, quoted."""

    label: str
    lines: list[str] = field(default_factory=list)


# A documents row that is a remark, not a paper to bring ("0 bản chính"), or sits under the record's notes.
_NOTE_GROUP = re.compile(r"lưu ý|ghi chú", re.IGNORECASE)
# A paper needed only in a particular case ("Trường hợp trẻ em bị bỏ rơi thì …").
_CONDITIONAL = re.compile(r"^(?:trường hợp|nếu|đối với)\b|\btrong trường hợp\b", re.IGNORECASE)
_FORM_FIRST = re.compile(r"^(?:tờ khai|đơn|mẫu|bản khai|phiếu|văn bản đề nghị|giấy đề nghị)\b", re.IGNORECASE)
_BULLET = re.compile(r"^[\s\-+*•–]+")
SUMMARY_DOCUMENTS = 5
SUMMARY_NAME_CHARS = 110


def _is_note(item: Mapping[str, Any]) -> bool:
    quantity = str(item.get("quantity") or "")
    return bool(_NOTE_GROUP.search(str(item.get("group") or ""))) or (
        quantity.startswith("0 bản chính") and "bản sao" not in quantity
    )


def _document_rank(item: Mapping[str, Any]) -> int:
    """Forms first, then the papers everyone brings, then papers for particular cases, the remarks last."""
    if _is_note(item):
        return 3
    name = _BULLET.sub("", str(item.get("name", "")))
    if _CONDITIONAL.search(name):
        return 2
    return 0 if item.get("form") or _FORM_FIRST.search(name) else 1


def _ranked_documents(record: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    items = list(record.get("documents") or [])
    return sorted(items, key=_document_rank)  # stable: the record's order within a rank


def _documents(record: Mapping[str, Any]) -> list[str]:
    lines: list[str] = []
    group = None
    for item in _ranked_documents(record):
        if item.get("group") and item.get("group") != group:
            group = item["group"]
            lines.append(str(group))
        text = str(item.get("name", ""))
        if item.get("quantity") and item["quantity"] != "0 bản chính":
            text += f" ({item['quantity']})"
        if item.get("form"):
            text += f" — mẫu: {item['form']}"
        lines.append(text)
    return lines


def _short(text: str, limit: int = SUMMARY_NAME_CHARS) -> str:
    """The first clause of a record's sentence, for a plain summary."""
    text = _BULLET.sub("", text).strip()
    text = re.split(r";|\.\s|\s\(", text, maxsplit=1)[0].rstrip(" .:,")
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


# The portal gives some times as a bare number; most of its times are in working days.
_BARE_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")
NO_UNIT_TEXT = "bản ghi không ghi đơn vị, thường là ngày làm việc"


def _duration(value: str) -> str:
    value = value.strip()
    return f"{value} ({NO_UNIT_TEXT})" if _BARE_NUMBER.match(value) else value


def _channels(record: Mapping[str, Any], part: str) -> list[str]:
    """One line per channel with its fee or time; the fee's remarks once, on their own line, never run into
    the amount (so "Miễn phí" is not followed by another figure as if it were the same fee)."""
    lines: list[str] = []
    notes: list[str] = []
    for c in record.get("channels") or []:
        if part == "fee":
            value = c.get("fee") or ""
            if c.get("note") and c["note"] not in notes:
                notes.append(c["note"])
        else:
            value = _duration(c.get("duration") or "")
        if value:
            lines.append(f"{c.get('channel')}: {value}")
    lines.extend(f"Ghi chú: {note}" for note in notes)
    return lines


def _grouped(record: Mapping[str, Any], part: str) -> list[tuple[str, list[str]]]:
    """The channels' fees or times, the same value said once with the channels it applies to."""
    groups: dict[str, list[str]] = {}
    for c in record.get("channels") or []:
        value = (_plain_fee(c.get("fee") or "") if part == "fee" else _duration(c.get("duration") or "")) or ""
        if value:
            groups.setdefault(value, []).append(str(c.get("channel") or "").lower())
    return list(groups.items())


def _place(record: Mapping[str, Any]) -> list[str]:
    lines = []
    for label, key in (
        ("Cơ quan thực hiện", "agency"),
        ("Cơ quan có thẩm quyền", "competent_agency"),
        ("Địa chỉ tiếp nhận", "address"),
        ("Cấp thực hiện", "levels"),
    ):
        if record.get(key):
            lines.append(f"{label}: {record[key]}")
    channels = ", ".join(dict.fromkeys(str(c.get("channel")) for c in record.get("channels") or []))
    if channels:
        lines.append(f"Cách thức nộp hồ sơ: {channels}")
    return lines


def _capped(line: str) -> str:
    """A long quoted line is cut at a word, its whole text on the procedure's page."""
    return line if len(line) <= MAX_LINE_CHARS else line[: MAX_LINE_CHARS - 1].rsplit(" ", 1)[0] + " …"


def passages_for(record: Mapping[str, Any], aspect: str) -> list[Passage]:
    """The record's own passages that answer the aspect asked about ('general' gives an overview)."""
    parts: dict[str, list[str]] = {
        "documents": _documents(record),
        "fee": _channels(record, "fee"),
        "time": _channels(record, "time"),
        "place": _place(record),
        "steps": [str(s) for s in record.get("steps") or []],
        "conditions": [record["conditions"]] if record.get("conditions") else [],
        "result": [str(r) for r in record.get("results") or []],
        "legal": [
            f"{ref.get('name')} ({ref['number']})" if ref.get("number") else str(ref.get("name"))
            for ref in record.get("legal_basis") or []
        ],
    }
    order = ["documents", "time", "fee", "place"] if aspect == "general" else [aspect]
    out = []
    for key in order:
        lines = parts.get(key) or []
        if aspect == "general" and not lines:
            continue
        limit = OVERVIEW_LINES if aspect == "general" else MAX_LINES
        shown = [_capped(line) for line in lines[:limit]] + ([MORE_TEXT] if len(lines) > limit else [])
        out.append(Passage(label=ASPECT_LABELS[key], lines=shown or [NO_RECORD_TEXT]))
    return out


_AMOUNT = re.compile(r"\d[\d.,]*\s*(?:đồng|đ\b|vnđ|việt nam đồng)", re.IGNORECASE)


_FEE_AMOUNT = re.compile(r"^(\d[\d.,]*)\s*(?:Việt Nam Đồng|VNĐ|đồng|đ)\b", re.IGNORECASE)


def _plain_fee(value: str) -> str:
    """'400,000 Việt Nam Đồng(Lệ phí : …' → '400.000 đồng'; other fee texts their first clause."""
    match = _FEE_AMOUNT.match(value)
    return f"{match.group(1).replace(',', '.')} đồng" if match else _short(value, 160)


def _plain_time(value: str) -> str:
    """'5 Ngày làm việc' → '5 ngày làm việc'; a bare number keeps its remark."""
    return re.sub(r"(?<=\d )(Ngày|Giờ|Tháng|Năm|Phút)", lambda m: m.group(1).lower(), value).replace(
        f" ({NO_UNIT_TEXT})", f" — {NO_UNIT_TEXT}"
    )


def _channel_list(channels: list[str]) -> str:
    return ", ".join(c.replace("dịch vụ bưu chính", "qua bưu chính") for c in channels)


def summary_for(record: Mapping[str, Any], aspect: str) -> list[str]:
    """A few plain sentences that answer the part asked about, drawn from the record (the quotes follow them)."""
    sentences: list[str] = []
    if aspect in ("documents", "general"):
        ranked = [i for i in _ranked_documents(record) if _document_rank(i) < 3]
        main = [i for i in ranked if _document_rank(i) < 2][:SUMMARY_DOCUMENTS]
        names = []
        for item in main:
            name = _short(str(item.get("name", "")))
            if "xuất trình" in str(item.get("group") or "").lower():
                name += " (xuất trình)"
            names.append(name)
        if names:
            sentences.append("Hồ sơ cần có: " + "; ".join(names) + ".")
        special = [i for i in ranked if _document_rank(i) == 2]
        if special:
            sentences.append(
                f"Thêm {len(special)} loại giấy tờ chỉ cần trong trường hợp riêng (xem danh sách bên dưới)."
            )
    if aspect in ("time", "general"):
        groups = _grouped(record, "time")
        if len(groups) == 1:
            sentences.append(f"Thời hạn giải quyết: {_plain_time(groups[0][0])}, như nhau với mọi cách nộp.")
        elif groups:
            said = "; ".join(f"{_channel_list(ch)}: {_plain_time(value)}" for value, ch in groups)
            sentences.append(f"Thời hạn giải quyết: {said}.")
    if aspect in ("fee", "general"):
        groups = _grouped(record, "fee")
        notes = list(dict.fromkeys(str(c.get("note")) for c in record.get("channels") or [] if c.get("note")))
        charged = any(_AMOUNT.search(note) for note in notes)
        if len(groups) == 1 and groups[0][0] == "Miễn phí" and charged:
            # The portal's fee cell says free while its remark lists amounts: say both, never one as the other.
            sentences.append(
                "Phí, lệ phí: ô phí của thủ tục ghi «Miễn phí», nhưng ghi chú nêu các khoản thu: "
                f"{_short(notes[0], 220)}."
            )
        elif len(groups) == 1:
            sentences.append(f"Phí, lệ phí: {groups[0][0]}, như nhau với mọi cách nộp.")
        elif groups:
            said = "; ".join(f"{value} ({_channel_list(ch)})" for value, ch in groups)
            sentences.append(f"Phí, lệ phí: {said}.")
        if notes and not (len(groups) == 1 and groups[0][0] == "Miễn phí" and charged):
            sentences.append(f"Lưu ý về phí: {_short(notes[0], 220)}.")
    if aspect in ("place", "general"):
        agency = record.get("agency") or record.get("competent_agency")
        if agency:
            where = f"Nộp hồ sơ tại: {str(agency).rstrip(' .')}"
            if record.get("levels"):
                where += f" ({str(record['levels']).lower()})"
            sentences.append(where + ".")
        channels = list(dict.fromkeys(str(c.get("channel") or "").lower() for c in record.get("channels") or []))
        if channels:
            sentences.append(f"Cách nộp: {_channel_list(channels)}.")
    if aspect == "steps":
        steps = [str(s) for s in record.get("steps") or []]
        if steps:
            sentences.append(f"Thủ tục có {len(steps)} bước; bước đầu: {_short(steps[0], 200)}.")
    if aspect == "result" and record.get("results"):
        sentences.append("Kết quả: " + "; ".join(_short(str(r)) for r in record["results"][:3]) + ".")
    return sentences


def answer_text(record: Mapping[str, Any], aspect: str, url: str = "") -> str:
    """A plain-text answer: the procedure's code and name, a few plain sentences answering the part asked about,
    the quoted passages, the link to its page."""
    head = f"{record['name']} (mã {record['code']}"
    head += f"; {record['levels']})" if record.get("levels") else ")"
    lines = [head, *summary_for(record, aspect)]
    lines.append("Trích từ bản ghi thủ tục:")
    for passage in passages_for(record, aspect):
        lines.append(f"{passage.label}:")
        lines.extend(f"- {_BULLET.sub('', line)}" for line in passage.lines)
    if url:
        lines.append(f"Xem đầy đủ: {url}")
    return "\n".join(lines)
