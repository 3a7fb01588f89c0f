"""Pure proposals from a plan's wording: measurable targets, the result kinds it speaks of, its reform pillar."""

from __future__ import annotations

import re
from dataclasses import dataclass

from cchc.core.text import fold

# Result kinds (ResultKind values) named by words of the wording, in folded form.
KIND_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("conference", ("toa dam", "hoi nghi", "tap huan", "hoi thao", "boi duong", "lop hoc", "sinh hoat chuyen de")),
    ("dialogue", ("doi thoai", "gap go")),
    ("contest", ("cuoc thi", "hoi thi", "thi tim hieu")),
    ("broadcast", ("phat song", "phat thanh", "truyen hinh", "dai phat thanh")),
    ("loudspeaker", ("truyen thanh co so", "thong tin co so", "loa")),
    ("social_post", ("mang xa hoi", "zalo", "facebook", "fanpage", "tiktok", "youtube")),
    ("portal_news", ("cong thong tin", "trang thong tin", "cong ttdt", "trang ttdt", "cong/trang", "dang tai")),
    ("press_article", ("bao chi", "co quan bao", "bai bao", "bao in", "bao dien tu", "tin, bai", "tin bai")),
    ("visual", ("pa no", "pano", "bang ron", "ap phich", "to roi", "to gap", "truc quan", "khau hieu", "man hinh")),
    ("printed", ("an pham", "in an", "tai lieu", "so tay", "cam nang", "bang, dia")),
    ("survey", ("khao sat", "hai long")),
)

PILLAR_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("institutions", ("the che", "van ban quy pham", "vbqppl", "xay dung phap luat", "thi hanh phap luat")),
    (
        "procedures",
        (
            "thu tuc hanh chinh",
            "tthc",
            "mot cua",
            "phan anh, kien nghi",
            "phan anh kien nghi",
            "tiep nhan va tra ket qua",
            "phuc vu hanh chinh cong",
        ),
    ),
    ("apparatus", ("to chuc bo may", "sap xep", "tinh gon", "bien che", "don vi hanh chinh")),
    (
        "civil_service",
        ("cong vu", "cong chuc", "vien chuc", "cbccvc", "dao duc", "ky luat, ky cuong", "van hoa cong so"),
    ),
    ("public_finance", ("tai chinh cong", "tu chu tai chinh", "co che tu chu", "ngan sach")),
    (
        "digital_government",
        (
            "chinh phu dien tu",
            "chinh phu so",
            "chinh quyen dien tu",
            "chinh quyen so",
            "chuyen doi so",
            "dich vu cong truc tuyen",
            "cong nghe thong tin",
            "tri tue nhan tao",
            "tro ly ao",
            "so hoa",
        ),
    ),
)


@dataclass(frozen=True)
class TargetProposal:
    """A target read from the wording; `metric` is total / every_period / percent (Target.Metric)."""

    phrase: str
    description: str
    metric: str
    period: str
    kinds: tuple[str, ...]
    quantity: str
    threshold: float


def kinds_in(text: str) -> tuple[str, ...]:
    """Result kinds the wording speaks of, in a stable order (empty when it names none)."""
    folded = fold(text or "")
    return tuple(kind for kind, words in KIND_WORDS if any(w in folded for w in words))


def propose_pillar(text: str) -> str:
    """The reform pillar the wording is mostly about; 'general' when none or several tie."""
    folded = fold(text or "")
    scores = {pillar: sum(folded.count(w) for w in words) for pillar, words in PILLAR_WORDS}
    best = max(scores.values())
    winners = [p for p, s in scores.items() if s == best]
    return winners[0] if best > 0 and len(winners) == 1 else "general"


_NUMBER = r"(\d{1,5}|mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi)"
_WORD_NUMBERS = {"mot": 1, "hai": 2, "ba": 3, "bon": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8, "chin": 9, "muoi": 10}
_AT_LEAST = re.compile(rf"\b(it nhat|toi thieu|khong it hon|tu)\s+{_NUMBER}\s+([^\d.;:]{{2,60}})")
_PER_PERIOD_COUNT = re.compile(
    rf"\b{_NUMBER}\s+(tin|bai|tin, bai|tin bai|buoi|luot|so|chuyen muc)\s*/\s*"
    r"(tuan|thang|quy)\b"
)
_EVERY = re.compile(r"\b(hang|moi)\s+(tuan|thang|quy)\b([^.;]{0,80})")
_PERCENT = re.compile(r"\b(tren|dat|it nhat|toi thieu|tu|khong duoi|hon)\s+(\d{1,3}(?:[.,]\d+)?)\s*%")
_PERIODS = {"tuan": "week", "thang": "month", "quy": "quarter"}
_PERIOD_WORDS = {"week": "tuần", "month": "tháng", "quarter": "quý"}


def _number(token: str) -> int:
    return int(token) if token.isdigit() else _WORD_NUMBERS[token]


def _span(text: str, folded: str, start: int, end: int) -> str:
    # fold() keeps one character per letter for Vietnamese text, so offsets carry over to the original.
    original = " ".join(text.split())
    return original[start:end].strip(" ,") if len(original) == len(folded) else folded[start:end].strip(" ,")


def propose_targets(text: str) -> list[TargetProposal]:
    """Targets the wording states: 'ít nhất 01 buổi tọa đàm', 'hàng tuần đăng tải tin, bài', 'hài lòng trên 90%'."""
    folded = fold(" ".join((text or "").split()))
    found: list[TargetProposal] = []
    for m in _AT_LEAST.finditer(folded):
        threshold = _number(m.group(2))
        what = m.group(3)
        if threshold == 0 or "%" in what:
            continue
        phrase = _span(text, folded, m.start(), m.end())
        found.append(
            TargetProposal(
                phrase,
                f"Ít nhất {threshold} {_span(text, folded, m.start(3), m.end(3))}",
                "total",
                "plan",
                kinds_in(what) or kinds_in(folded),
                "results",
                threshold,
            )
        )
    for m in _PER_PERIOD_COUNT.finditer(folded):
        period = _PERIODS[m.group(3)]
        threshold = _number(m.group(1))
        phrase = _span(text, folded, m.start(), m.end())
        found.append(
            TargetProposal(
                phrase,
                f"Mỗi {_PERIOD_WORDS[period]} ít nhất {threshold} kết quả",
                "every_period",
                period,
                kinds_in(m.group(2)) or kinds_in(folded),
                "results",
                threshold,
            )
        )
    periods_seen: set[str] = set()
    for m in _EVERY.finditer(folded):
        period = _PERIODS[m.group(2)]
        if period in periods_seen or any(t.metric == "every_period" and t.period == period for t in found):
            continue
        periods_seen.add(period)
        phrase = _span(text, folded, m.start(), m.end())
        found.append(
            TargetProposal(
                phrase,
                f"Mỗi {_PERIOD_WORDS[period]} có ít nhất 1 kết quả",
                "every_period",
                period,
                kinds_in(m.group(3)) or kinds_in(folded),
                "results",
                1,
            )
        )
    for m in _PERCENT.finditer(folded):
        value = float(m.group(2).replace(",", "."))
        if not 0 < value <= 100:
            continue
        phrase = _span(text, folded, max(0, m.start() - 40), m.end())
        found.append(
            TargetProposal(
                phrase, f"Tỷ lệ đạt {m.group(1)} {m.group(2)}%", "percent", "plan", ("survey",), "rate", value
            )
        )
    return found
