"""The body's top-level sections (I. Mục đích, yêu cầu … IV. Tổ chức thực hiện) and the lists under them
(objectives, requirements, audiences)."""

from __future__ import annotations

import re

from cchc.core.text import fold
from cchc.plans.importing.items import Reader, Section, section_kind
from cchc.plans.importing.units import capitalize_first

_CLOSING = re.compile(r"^(tren day|trong qua trinh (to chuc )?(trien khai|thuc hien)|noi nh)")


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


class SectionReader(Reader):
    def sections(self, start: int) -> tuple[list[Section], int]:
        """Top-level sections from `start`, and the index where the body ends (closing formula / Nơi nhận)."""
        sections: list[Section] = []
        end = len(self.items)
        for k in range(start, len(self.items)):
            item = self.items[k]
            key = fold(item.text)
            if _CLOSING.match(key) and item.depth == 9:
                end = k
                break
            kind = section_kind(item)
            if kind is not None:
                sections.append(Section(kind, item, []))
            elif sections:
                sections[-1].items.append(item)
        return sections, end

    def lists(self, sections: list[Section]) -> dict[str, list[str]]:
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
