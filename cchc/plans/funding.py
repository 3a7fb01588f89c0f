"""An activity's funding text read as a kind (recurrent or not) and a source (pure): "Kinh phí thường xuyên" in
Nam Định's appendix, "lồng ghép", "xã hội hóa", "ngân sách tỉnh/huyện/xã". Nothing is guessed where the text says
nothing: an empty answer leaves the field for the owner."""

from __future__ import annotations

import re

from cchc.core.text import fold

_NON_RECURRENT = re.compile(r"\bkhong thuong xuyen\b")
_RECURRENT = re.compile(r"\bthuong xuyen\b")
_SOURCES = (
    (re.compile(r"\blong ghep\b"), "integrated"),
    (re.compile(r"\bxa hoi hoa\b"), "socialised"),
    (re.compile(r"\bngan sach (cap )?tinh\b"), "province"),
    (re.compile(r"\bngan sach (cap )?huyen\b"), "district"),
    (re.compile(r"\bngan sach (cap )?xa\b"), "commune"),
)
# A plan's own budget, by its level: "kinh phí thường xuyên" of a province's units is the province's budget.
_LEVEL_BUDGET = {"province": "province", "district": "district", "commune": "commune"}


def read_funding(text: str | None, level: str) -> tuple[str, str]:
    """(kind, source) the text states; '' for what it does not."""
    folded = fold(text or "")
    if not folded.strip():
        return "", ""
    kind = "non_recurrent" if _NON_RECURRENT.search(folded) else "recurrent" if _RECURRENT.search(folded) else ""
    source = next((code for pattern, code in _SOURCES if pattern.search(folded)), "")
    if not source and kind:
        source = _LEVEL_BUDGET.get(level, "")
    return kind, source
