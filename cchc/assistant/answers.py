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


def _documents(record: Mapping[str, Any]) -> list[str]:
    lines: list[str] = []
    group = None
    for item in record.get("documents") or []:
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


def _channels(record: Mapping[str, Any], part: str) -> list[str]:
    lines = []
    for c in record.get("channels") or []:
        if part == "fee":
            value = c.get("fee") or ""
            if c.get("note"):
                value = f"{value} {c['note']}".strip()
        else:
            value = c.get("duration") or ""
        if value:
            lines.append(f"{c.get('channel')}: {value}")
    return lines


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
        shown = lines[:limit] + ([MORE_TEXT] if len(lines) > limit else [])
        out.append(Passage(label=ASPECT_LABELS[key], lines=shown or [NO_RECORD_TEXT]))
    return out


def answer_text(record: Mapping[str, Any], aspect: str, url: str = "") -> str:
    """A plain-text answer: the procedure's code and name, the quoted passages, the link to its page."""
    head = f"{record['name']} (mã {record['code']}"
    head += f"; {record['levels']})" if record.get("levels") else ")"
    lines = [head]
    for passage in passages_for(record, aspect):
        lines.append(f"{passage.label}:")
        lines.extend(f"- {line}" for line in passage.lines)
    if url:
        lines.append(f"Xem đầy đủ: {url}")
    return "\n".join(lines)
