"""The closing of a plan document: the signature block (authority, position, name) and the recipients."""

from __future__ import annotations

import re
from typing import Any

from cchc.core.text import fold
from cchc.plans.importing.citations import fold_same_length
from cchc.plans.importing.items import BULLET, Reader, is_upper

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


class ClosingReader(Reader):
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
            if in_recipients and re.match(r"^\W*gui ban (dien tu|giay)\b", fold(line)):
                self.recipient_headings.append({"at": len(recipients), "text": line.strip("* ")})
                self.closing_used.add(index)
                continue
            if BULLET.match(line) and BULLET.match(line).end() > 0 and in_recipients:  # type: ignore[union-attr]
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
        if is_upper(stripped):
            key = fold_same_length(stripped)
            for words in sorted(_SIGNER_TITLES, key=len, reverse=True):
                if key.endswith(words) and not key.endswith("uy ban nhan dan"):
                    head = stripped[: len(stripped) - len(words)]
                    if not head.strip() or not is_upper(head) or head.strip().startswith("-"):
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
        return _SIGNER_TITLES.get(key) or (text.strip() if is_upper(text) and len(text) > 4 else None)

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
        text = BULLET.sub("", line, count=1).strip()
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
