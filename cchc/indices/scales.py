"""The five indices plans aim at, their scales and the names they are published under (pure: no Django).

A total and its sub-indices (chỉ số thành phần) have their own scales: PAPI adds eight dimensions of 1–10 points into
a total out of 80, PCI weighs ten sub-indices of 0–10 points into a total out of 100, DTI and its pillars are
published as values between 0 and 1, PAR INDEX and SIPAS as percentages.
"""

from __future__ import annotations

import decimal
from dataclasses import dataclass

from cchc.core.text import fold, vn_number


@dataclass(frozen=True)
class Scale:
    low: decimal.Decimal
    high: decimal.Decimal
    unit: str  # "%", "điểm" or "" (a value between 0 and 1)

    def contains(self, value: decimal.Decimal) -> bool:
        return self.low <= value <= self.high

    def describe(self) -> str:
        return f"{vn_number(self.low, 4)}–{vn_number(self.high, 4)}" + (f" {self.unit}" if self.unit else "")


def _scale(low: str, high: str, unit: str) -> Scale:
    return Scale(decimal.Decimal(low), decimal.Decimal(high), unit)


@dataclass(frozen=True)
class IndexInfo:
    key: str
    short: str  # printed name: "PAR INDEX"
    name: str  # Vietnamese name
    total: Scale
    part: Scale
    publisher: str
    names: tuple[str, ...]  # folded words that name it in a published table


INDICES: dict[str, IndexInfo] = {
    info.key: info
    for info in (
        IndexInfo(
            "par",
            "PAR INDEX",
            "Chỉ số cải cách hành chính",
            _scale("0", "100", "%"),
            _scale("0", "100", "điểm"),
            "Ban Chỉ đạo cải cách hành chính của Chính phủ (Bộ Nội vụ)",
            ("par index", "par-index", "parindex", "chi so cai cach hanh chinh", "chi so cchc"),
        ),
        IndexInfo(
            "sipas",
            "SIPAS",
            "Chỉ số hài lòng về sự phục vụ hành chính",
            _scale("0", "100", "%"),
            _scale("0", "100", "%"),
            "Bộ Nội vụ",
            ("sipas", "chi so hai long"),
        ),
        IndexInfo(
            "papi",
            "PAPI",
            "Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh",
            _scale("0", "80", "điểm"),
            _scale("0", "10", "điểm"),
            "CECODES, VFF-CRT và UNDP",
            ("papi", "chi so hieu qua quan tri"),
        ),
        IndexInfo(
            "pci",
            "PCI",
            "Chỉ số năng lực cạnh tranh cấp tỉnh",
            _scale("0", "100", "điểm"),
            _scale("0", "10", "điểm"),
            "Liên đoàn Thương mại và Công nghiệp Việt Nam (VCCI)",
            ("pci", "chi so nang luc canh tranh"),
        ),
        IndexInfo(
            "dti",
            "DTI",
            "Chỉ số chuyển đổi số cấp tỉnh",
            _scale("0", "1", ""),
            _scale("0", "1", ""),
            "Bộ Thông tin và Truyền thông (nay là Bộ Khoa học và Công nghệ)",
            ("dti", "chi so chuyen doi so", "chuyen doi so cap tinh"),
        ),
    )
}

MAX_RANK = 100  # 63 provinces before 1 July 2025, 34 after; a ministry table is shorter still


def index_key(text: str) -> str | None:
    """The index a published name means ("PAR INDEX", "Chỉ số CCHC", "SIPAS 2023" …), or None."""
    folded = fold(text).strip()
    for info in INDICES.values():
        if folded == info.key or any(name in folded for name in info.names):
            return info.key
    return None


def scale_of(key: str, component: str) -> Scale:
    info = INDICES[key]
    return info.part if component else info.total


def out_of_scale(key: str, component: str, value: decimal.Decimal) -> str | None:
    """The Vietnamese refusal of a value outside the scale of the index (or its sub-index), or None."""
    scale = scale_of(key, component)
    if scale.contains(value):
        return None
    what = f"chỉ số thành phần «{component}» của {INDICES[key].short}" if component else INDICES[key].short
    return f"giá trị {vn_number(value, 4)} của {what} nằm ngoài thang đo {scale.describe()}."
