"""A lower level's plan made from its parent's (pure): the duties the parent addresses to that level become the
child's activities, unit names and wording move one level down, the parent is cited as the basis.

Chợ Đồn's 2024 plan shows how a district does it from Bắc Kạn's: "Ban Tuyên giáo Tỉnh ủy" becomes "Ban Tuyên giáo
Huyện ủy", "UBND cấp huyện" becomes "UBND các xã, thị trấn" (here "UBND cấp xã", the group the resolver knows),
"Sở Nội vụ" becomes "Phòng Nội vụ", and the opening cites "Kế hoạch số … của UBND tỉnh Bắc Kạn".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cchc.core.text import fold

# The words that name each level in a unit's or a place's name ("UBND huyện Chợ Đồn" → "huyện").
_LEVEL_PREFIX = re.compile(
    r"^(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(thành phố|thị xã|thị trấn|tỉnh|huyện|quận|xã|phường|đặc khu)\s+",
    re.I,
)

# Renamings one level down, by (parent kind, child kind); matched whole-word, longest first, in one pass so that a
# replaced phrase is never replaced again ("cấp huyện" → "cấp xã" does not then turn into "cấp thôn").
_DOWN: dict[tuple[str, str], dict[str, str]] = {
    ("province", "district"): {
        "Tỉnh ủy": "Huyện ủy",
        "Tỉnh uỷ": "Huyện ủy",
        "Tỉnh đoàn": "Huyện đoàn",
        "cấp tỉnh": "cấp huyện",
        "cấp huyện": "cấp xã",
        "các huyện, thành phố": "các xã, thị trấn",
        "huyện, thành phố": "xã, thị trấn",
        "Sở": "Phòng",
        "Các sở, ban, ngành": "Các phòng, ban, ngành",
        "các sở, ban, ngành": "các phòng, ban, ngành",
        "Trường Chính trị tỉnh": "Trung tâm Chính trị huyện",
    },
    ("district", "commune"): {
        "Huyện ủy": "Đảng ủy xã",
        "Huyện uỷ": "Đảng ủy xã",
        "Huyện đoàn": "Đoàn Thanh niên xã",
        "cấp huyện": "cấp xã",
        "cấp xã": "thôn, tổ dân phố",
        "các xã, thị trấn": "các thôn, tổ dân phố",
        "Các phòng, ban, ngành": "Các bộ phận chuyên môn",
        "các phòng, ban, ngành": "các bộ phận chuyên môn",
    },
    ("province", "commune"): {
        "Tỉnh ủy": "Đảng ủy xã",
        "Tỉnh uỷ": "Đảng ủy xã",
        "Tỉnh đoàn": "Đoàn Thanh niên xã",
        "cấp tỉnh": "cấp xã",
        "cấp xã": "thôn, tổ dân phố",
        "Sở": "Phòng",
        "Các sở, ban, ngành": "Các phòng chuyên môn",
        "các sở, ban, ngành": "các phòng chuyên môn",
    },
}

# A mention addressed to the child's level, by the child's kind (folded patterns).
_ADDRESSED = {
    "district": re.compile(r"\bcap huyen\b|\bcac huyen\b|\bubnd huyen\b|\buy ban nhan dan huyen\b"),
    "commune": re.compile(r"\bcap xa\b|\bcac xa\b|\bubnd xa\b|\buy ban nhan dan xa\b|\bxa, phuong\b"),
}
_PEOPLES_COMMITTEE = re.compile(r"\b(ubnd|uy ban nhan dan)\b")
# Who carries out, inside the child, a duty the parent addressed to the child's People's Committee.
_CHILD_LEAD = {"district": "Các phòng, ban, ngành", "commune": "Các bộ phận chuyên môn"}
_CHILD_COORDINATORS = {"district": ["UBND cấp xã"], "commune": []}


@dataclass(frozen=True)
class Level:
    """One side of a derivation: the People's Committee's kind, its name and its place."""

    kind: str
    name: str
    locality: str

    @property
    def word(self) -> str:
        """The level word the name uses: "tỉnh", "huyện", "thành phố", "xã" …"""
        found = _LEVEL_PREFIX.match(self.name.strip())
        return found.group(1).lower() if found else {"province": "tỉnh", "district": "huyện"}.get(self.kind, "xã")


class Retargeter:
    """Moves a text one level down: the parent's place to the child's, the parent's bodies to the child's."""

    def __init__(self, parent: Level, child: Level) -> None:
        table = dict(_DOWN.get((parent.kind, child.kind), {}))
        if parent.locality and child.locality:
            for word in {parent.word, parent.word.capitalize()}:
                table[f"{word} {parent.locality}"] = f"{child.word} {child.locality}"
        table.setdefault(parent.word, child.word)
        table.setdefault(parent.word.capitalize(), child.word.capitalize())
        self.table = table
        keys = sorted(table, key=len, reverse=True)
        self.pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(k) for k in keys) + r")(?!\w)")

    def __call__(self, text: str) -> str:
        return self.pattern.sub(lambda m: self.table[m.group(1)], text)


def addressed_to(text: str, child: Level) -> bool:
    """Whether a printed unit mention names the child's level ("UBND cấp huyện") or the child itself."""
    folded = fold(text)
    pattern = _ADDRESSED.get(child.kind)
    if pattern is not None and pattern.search(folded):
        return True
    return bool(child.locality) and fold(child.locality) in folded and bool(_PEOPLES_COMMITTEE.search(folded))


def _child_units(mentions: list[str], child: Level, retarget: Retargeter) -> tuple[list[str], list[str]]:
    """(lead, coordinators) in the child's plan for a parent item naming `mentions`."""
    lead: list[str] = []
    coordinators: list[str] = []
    for text in mentions:
        if not addressed_to(text, child):
            continue
        if _PEOPLES_COMMITTEE.search(fold(text)):
            lead.append(_CHILD_LEAD.get(child.kind, child.name))
            coordinators.extend(_CHILD_COORDINATORS.get(child.kind, []))
        else:
            # "Các Trung tâm Chính trị cấp huyện" → "Trung tâm Chính trị huyện": the child's own body of that kind.
            singular = re.sub(r"^(Các|các)\s+", "", text.strip())
            lead.append(re.sub(r"\bcấp\s+" + re.escape(child.word) + r"\b", child.word, singular))
    return list(dict.fromkeys(lead)), list(dict.fromkeys(coordinators))


def _clamp(day: str, low: str, high: str) -> str:
    return min(max(day, low), high)


def derive_plan_json(
    parent: Mapping[str, Any], parent_level: Level, child: Level, *, start: str, end: str, source: str
) -> dict[str, Any]:
    """The child's draft plan JSON (version 1: printed in the usual outline) made from the parent's plan JSON.

    `start`/`end` bound the child's period (ISO dates: the child unit's validity); the period is the parent's within
    them. The parent's activities and duties addressed to the child's level become the child's activities, each
    keeping its forms, timing and funding; the parent's other duties are carried down one level as the child's
    responsibilities; the parent is the first legal basis.
    """
    retarget = Retargeter(parent_level, child)
    period = parent.get("period") or {}
    period_start = _clamp(str(period.get("start")), start, end)
    period_end = _clamp(str(period.get("end")), start, end)
    activities: list[dict[str, Any]] = []

    def add(content: str, forms: list[str], mentions: list[str], timing: Any, funding: Any) -> None:
        lead, coordinators = _child_units(mentions, child, retarget)
        activities.append(
            {
                "ref": str(len(activities) + 1),
                "source": "body",
                "group": None,
                "content": retarget(content),
                "forms": [retarget(f) for f in forms],
                "lead": lead,
                "coordinators": coordinators,
                "timing": timing or {"text": "Thường xuyên", "kind": "ongoing", "quarters": [], "frequency": None},
                "funding": funding,
            }
        )

    for activity in parent.get("activities") or []:
        mentions = [*activity.get("lead", []), *activity.get("coordinators", [])]
        if any(addressed_to(m, child) for m in mentions):
            timing, funding = activity.get("timing"), activity.get("funding")
            add(activity["content"], activity.get("forms", []), mentions, timing, funding)
    for item in parent.get("responsibilities") or []:
        units = item.get("units", [])
        if item.get("mode") == "assigned" and any(addressed_to(u, child) for u in units):
            for duty in item.get("duties", []):
                add(duty, [], units, None, None)
    responsibilities = [
        {
            "ref": str(index),
            "units": [retarget(u) for u in item.get("units", [])],
            "mode": item.get("mode", "assigned"),
            "duties": [retarget(d) for d in item.get("duties", [])],
        }
        for index, item in enumerate(parent.get("responsibilities") or [], start=1)
    ]
    basis = {
        "type": "Kế hoạch",
        "number": parent.get("number"),
        "date": parent.get("issued_date"),
        "issuer": parent.get("issuer"),
    }
    return {
        "source": source,
        "doc_type": "KH",
        "number": None,
        "issued_date": None,
        "issuer": child.name,
        "level": child.kind,
        "locality": child.locality,
        "title": retarget(str(parent.get("title") or "")),
        "period": {"start": period_start, "end": period_end},
        "legal_bases": [basis],
        "references": [parent["number"]] if parent.get("number") else [],
        "objectives": [retarget(t) for t in parent.get("objectives") or []],
        "requirements": [retarget(t) for t in parent.get("requirements") or []],
        "audiences": list(parent.get("audiences") or []),
        "activities": activities,
        "responsibilities": responsibilities,
        "reporting": [],
        "signer": {"authority": "TM. ỦY BAN NHÂN DÂN", "position": "CHỦ TỊCH", "name": None},
        "recipients": [f"{parent.get('issuer')} (b/c)", "Lưu: VT"],
    }
