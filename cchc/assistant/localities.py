"""Which level of government serves a place a question names (pure: reads the administrative-unit data files).

A citizen who writes "tôi ở xã Liên Hoa" or "nhà tôi tại quận Ngô Quyền" names a commune, or a former district whose
work for citizens passed to the communes on 1 July 2025: the commune level serves them. A place counts only when a
unit word (xã, phường, thị trấn, huyện, quận, thị xã) is followed by a capitalised name (or a district number) that
the administrative-unit data knows, before or after the 2025 reorganisation ("xã hội", "quận áo" are not places).
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from cchc.core.text import key

UNITS_DATA = Path(__file__).resolve().parent.parent / "units" / "data"
COMMUNE_LEVEL = "Cấp xã"
_COMMUNE_WORDS = ("xa", "phuong", "thi tran", "dac khu")
_DISTRICT_WORDS = ("huyen", "quan", "thi xa")
# A unit word and the words after it; the name is their leading capitalised words or a number.
_PLACE = re.compile(
    r"\b(thị trấn|thi tran|thị xã|thi xa|đặc khu|dac khu|xã|xa|phường|phuong|huyện|huyen|quận|quan)"
    r"((?:[ \t]+[\w-]+){1,4})",
    re.IGNORECASE,
)
MAX_NAME_WORDS = 4


def _leading_name(words: list[str]) -> list[str]:
    """The leading words that make a name: capitalised, or a district number."""
    name: list[str] = []
    for word in words[:MAX_NAME_WORDS]:
        if not (word[0].isupper() or word.isdigit()):
            break
        name.append(word)
    return name


def _strip_kind(full_name: str, kinds: tuple[str, ...]) -> str:
    folded = key(full_name)
    for kind in sorted(kinds, key=len, reverse=True):
        if folded.startswith(kind + " "):
            return folded[len(kind) + 1 :]
    return folded


@cache
def unit_names() -> tuple[frozenset[str], frozenset[str]]:
    """Folded names of communes (before and after July 2025) and of the former districts."""
    communes: set[str] = set()
    districts: set[str] = set()
    after = json.loads((UNITS_DATA / "units-after-2025-07.json").read_text(encoding="utf-8"))
    before = json.loads((UNITS_DATA / "units-before-2025-07.json").read_text(encoding="utf-8"))
    for province in after:
        communes.update(_strip_kind(w["FullName"], _COMMUNE_WORDS) for w in province.get("Wards") or [])
    for province in before:
        for district in province.get("District") or []:
            districts.add(_strip_kind(district["FullName"], (*_DISTRICT_WORDS, "thanh pho")))
            communes.update(_strip_kind(w["FullName"], _COMMUNE_WORDS) for w in district.get("Ward") or [])
    return frozenset(communes), frozenset(districts)


def named_place_levels(question: str) -> list[str]:
    """The levels serving the places the question names: the commune level for a commune or a former district."""
    communes, districts = unit_names()
    for match in _PLACE.finditer(question):
        kind = key(match.group(1))
        words = _leading_name(match.group(2).split())
        names = {key(" ".join(words[:n])) for n in range(1, len(words) + 1)}
        known = communes if kind in _COMMUNE_WORDS else districts
        if names & known:
            return [COMMUNE_LEVEL]
    return []
