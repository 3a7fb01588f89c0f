"""Scoring rubrics (criteria, points, rules over measured data), unit scores, ranking and award proposals (pure)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

#: Measures a criterion may score; services compute each one per unit as a share 0–1 (or 0/1 for a yes/no).
MEASURES = {
    "assignments_done": "Tỷ lệ nhiệm vụ được giao đã hoàn thành",
    "reports_on_time": "Tỷ lệ báo cáo nộp đúng hạn",
    "targets_met": "Tỷ lệ chỉ tiêu đạt",
    "evidence_present": "Tỷ lệ kết quả có tài liệu kiểm chứng",
    "plan_issued_on_time": "Kế hoạch được ban hành đúng hạn",
    "forms:screen": "Có tuyên truyền qua bảng điện tử, màn hình điện tử",
    "forms:web_social": "Có tuyên truyền trên cổng/trang thông tin điện tử, mạng xã hội",
    "forms:online": "Có tuyên truyền bằng hình thức trực tuyến, ứng dụng CNTT",
    "forms:traditional": "Có tuyên truyền bằng hình thức truyền thống",
    "satisfaction": "Tỷ lệ người dân, tổ chức hài lòng (khảo sát trên hệ thống)",
    "feedback_on_time": "Tỷ lệ phản ánh, kiến nghị được trả lời đúng hạn",
    "feedback_satisfied": "Tỷ lệ người gửi phản ánh, kiến nghị hài lòng với câu trả lời",
    "inspection_no_serious": "Qua kiểm tra không có tồn tại, hạn chế nghiêm trọng",
    "inspection_followed_up": "Tỷ lệ kiến nghị sau kiểm tra không quá hạn khắc phục",
}
RULES = {
    "threshold": "Đạt 100% được điểm tối đa; từ ngưỡng đến dưới 100% được điểm theo tỷ lệ; dưới ngưỡng 0 điểm",
    "proportional": "Điểm theo tỷ lệ",
    "at_least": "Đạt từ ngưỡng trở lên được điểm tối đa, dưới ngưỡng 0 điểm",
    "any": "Có thực hiện được điểm tối đa",
}
EPSILON = 1e-9


class RubricError(ValueError):
    """A rubric that cannot be used; `errors` lists every problem in Vietnamese."""

    def __init__(self, errors: Sequence[str]) -> None:
        super().__init__("Bộ tiêu chí chấm điểm không hợp lệ: " + " ".join(errors))
        self.errors = list(errors)


@dataclass(frozen=True)
class Criterion:
    """A criterion: a leaf scores one measure with a rule; a parent's points are the sum of its children's."""

    code: str
    title: str
    points: float
    measure: str | None = None
    rule: str = "proportional"
    threshold: float = 0.9
    children: tuple[Criterion, ...] = ()
    source: str = ""
    """Where the criterion comes from (a methodology, a province's document, the plan itself), printed with it."""

    def leaves(self) -> Iterable[Criterion]:
        if not self.children:
            yield self
        for child in self.children:
            yield from child.leaves()

    def walk(self, depth: int = 0) -> Iterable[tuple[int, Criterion]]:
        yield depth, self
        for child in self.children:
            yield from child.walk(depth + 1)


@dataclass(frozen=True)
class Rubric:
    """A scoring rubric: criteria worth `total` points, and who is proposed for awards."""

    name: str
    total: float
    criteria: tuple[Criterion, ...]
    award_min_share: float = 0.9
    """A unit is proposed for an award when it scores at least this share of the total …"""
    award_max: int = 5
    """… and ranks within the first `award_max` places."""

    def walk(self) -> Iterable[tuple[int, Criterion]]:
        for criterion in self.criteria:
            yield from criterion.walk()

    def leaves(self) -> list[Criterion]:
        return [leaf for criterion in self.criteria for leaf in criterion.leaves()]


#: The commune (and district) default: criterion 4 of the Đồng Nai commune CCHC index (CV 244/PNV, 08/8/2022).
DEFAULT_RUBRIC: dict[str, Any] = {
    "name": "Tiêu chí 4. Thực hiện tuyên truyền về CCHC (Chỉ số CCHC cấp xã, CV 244/PNV ngày 08/8/2022)",
    "total": 2,
    "award_min_share": 0.9,
    "award_max": 5,
    "criteria": [
        {
            "code": "4.1",
            "title": "Mức độ hoàn thành kế hoạch tuyên truyền CCHC",
            "source": "Đồng Nai, CV 244/PNV ngày 08/8/2022, Chỉ số CCHC cấp xã, tiêu chí 4.1",
            "points": 1,
            "measure": "assignments_done",
            "rule": "threshold",
            "threshold": 0.9,
        },
        {
            "code": "4.2",
            "title": "Đa dạng hình thức tuyên truyền",
            "source": "Đồng Nai, CV 244/PNV ngày 08/8/2022, Chỉ số CCHC cấp xã, tiêu chí 4.2",
            "points": 1,
            "children": [
                {
                    "code": "4.2.1",
                    "title": "Hình thức ứng dụng công nghệ thông tin, trực tuyến",
                    "points": 0.5,
                    "children": [
                        {
                            "code": "4.2.1.a",
                            "title": "Bảng điện tử, màn hình điện tử",
                            "points": 0.25,
                            "measure": "forms:screen",
                            "rule": "any",
                        },
                        {
                            "code": "4.2.1.b",
                            "title": "Cổng/Trang thông tin điện tử, mạng xã hội",
                            "points": 0.25,
                            "measure": "forms:web_social",
                            "rule": "any",
                        },
                    ],
                },
                {
                    "code": "4.2.2",
                    "title": "Hình thức truyền thống (hội nghị, tờ rơi, pa nô, truyền thanh…)",
                    "points": 0.5,
                    "measure": "forms:traditional",
                    "rule": "any",
                },
            ],
        },
    ],
}


#: The default for a province's plan, whose units are departments: no published rubric scores communication at
#: this level (docs/reporting.md), so each criterion names what it rests on — the plan's own tasks and reporting
#: regime, the evidence rule of the national PAR index method, and the Đồng Nai forms criterion applied alike.
DEPARTMENT_RUBRIC: dict[str, Any] = {
    "name": "Bộ tiêu chí đánh giá công tác tuyên truyền CCHC của các cơ quan, đơn vị cấp tỉnh (mặc định của hệ thống)",
    "total": 10,
    "award_min_share": 0.9,
    "award_max": 5,
    "criteria": [
        {
            "code": "1",
            "title": "Hoàn thành các nhiệm vụ tuyên truyền được giao trong Kế hoạch",
            "source": "Kế hoạch tuyên truyền CCHC (nhiệm vụ giao từng cơ quan, đơn vị)",
            "points": 4,
            "measure": "assignments_done",
            "rule": "threshold",
            "threshold": 0.9,
        },
        {
            "code": "2",
            "title": "Báo cáo kết quả đúng hạn",
            "source": "Kế hoạch tuyên truyền CCHC (chế độ báo cáo)",
            "points": 2,
            "measure": "reports_on_time",
            "rule": "proportional",
        },
        {
            "code": "3",
            "title": "Đa dạng hình thức tuyên truyền",
            "source": "Đồng Nai, CV 244/PNV ngày 08/8/2022, Chỉ số CCHC cấp xã, tiêu chí 4.2, áp dụng tương tự",
            "points": 2,
            "children": [
                {
                    "code": "3.1",
                    "title": "Hình thức ứng dụng công nghệ thông tin, trực tuyến",
                    "points": 1,
                    "measure": "forms:online",
                    "rule": "any",
                },
                {
                    "code": "3.2",
                    "title": "Hình thức truyền thống (hội nghị, tờ rơi, pa nô, truyền thanh…)",
                    "points": 1,
                    "measure": "forms:traditional",
                    "rule": "any",
                },
            ],
        },
        {
            "code": "4",
            "title": "Kết quả có tài liệu kiểm chứng",
            "source": "Quyết định 876/QĐ-BNV (chấm điểm Chỉ số CCHC căn cứ tài liệu kiểm chứng)",
            "points": 2,
            "measure": "evidence_present",
            "rule": "proportional",
        },
    ],
}
DEFAULT_RUBRICS: dict[str, dict[str, Any]] = {
    "ministry": DEPARTMENT_RUBRIC,
    "province": DEPARTMENT_RUBRIC,
    "district": DEFAULT_RUBRIC,
    "commune": DEFAULT_RUBRIC,
}
"""The built-in default by plan level; settings.CCHC_RUBRICS[<province>][<level>] replaces it for a province."""


def _number(value: Any, what: str, errors: list[str]) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        errors.append(f"{what} phải là một số.")
        return 0.0
    try:
        number = float(str(value).replace(",", "."))
    except ValueError:
        errors.append(f"{what} phải là một số (nhận được «{value}»).")
        return 0.0
    if not math.isfinite(number):
        errors.append(f"{what} phải là một số hữu hạn.")
        return 0.0
    return number


def _criterion(data: Any, where: str, errors: list[str]) -> Criterion:
    if not isinstance(data, Mapping):
        errors.append(f"{where}: mỗi tiêu chí phải là một đối tượng.")
        return Criterion(code="?", title="?", points=0)
    code = str(data.get("code") or "").strip()
    label = f"Tiêu chí {code}" if code else where
    if not code:
        errors.append(f"{where}: thiếu mã tiêu chí (code).")
    title = str(data.get("title") or "").strip()
    if not title:
        errors.append(f"{label}: thiếu tên tiêu chí.")
    points = _number(data.get("points"), f"{label}: điểm", errors)
    if points <= 0:
        errors.append(f"{label}: điểm phải lớn hơn 0.")
    raw_children = data.get("children") or []
    if not isinstance(raw_children, list):
        errors.append(f"{label}: các tiêu chí con phải là một danh sách.")
        raw_children = []
    children = tuple(_criterion(child, f"{label}, mục {i}", errors) for i, child in enumerate(raw_children, 1))
    measure = data.get("measure")
    rule = str(data.get("rule") or "proportional")
    threshold = _number(data.get("threshold", 0.9), f"{label}: ngưỡng", errors)
    if children:
        if measure:
            errors.append(f"{label}: tiêu chí có tiêu chí con thì không chấm trực tiếp theo số liệu.")
        child_sum = sum(child.points for child in children)
        if abs(child_sum - points) > EPSILON:
            errors.append(
                f"{label}: điểm ({number_text(points)}) không bằng tổng điểm các tiêu chí con "
                f"({number_text(child_sum)})."
            )
    else:
        if measure not in MEASURES:
            errors.append(f"{label}: số liệu chấm điểm «{measure or ''}» không có trong danh mục.")
        if rule not in RULES:
            errors.append(f"{label}: cách tính «{rule}» không hợp lệ.")
        if not 0 < threshold <= 1:
            errors.append(f"{label}: ngưỡng phải lớn hơn 0% và không quá 100%.")
    return Criterion(
        code=code,
        title=title,
        points=points,
        measure=str(measure) if measure else None,
        rule=rule,
        threshold=threshold,
        children=children,
        source=" ".join(str(data.get("source") or "").split()),
    )


def parse_rubric(data: Any) -> Rubric:
    """A rubric from its JSON form; raises RubricError listing every problem (points that do not add up …)."""
    errors: list[str] = []
    if not isinstance(data, Mapping):
        raise RubricError(["Bộ tiêu chí phải là một đối tượng JSON."])
    name = str(data.get("name") or "").strip()
    if not name:
        errors.append("Thiếu tên bộ tiêu chí.")
    total = _number(data.get("total"), "Tổng điểm", errors)
    raw = data.get("criteria")
    if not isinstance(raw, list) or not raw:
        errors.append("Bộ tiêu chí phải có ít nhất một tiêu chí.")
        raw = []
    criteria = tuple(_criterion(item, f"Tiêu chí thứ {i}", errors) for i, item in enumerate(raw, 1))
    top_sum = sum(c.points for c in criteria)
    if criteria and abs(top_sum - total) > EPSILON:
        errors.append(f"Tổng điểm ({number_text(total)}) không bằng tổng điểm các tiêu chí ({number_text(top_sum)}).")
    award_min_share = _number(data.get("award_min_share", 0.9), "Tỷ lệ điểm tối thiểu để đề nghị khen thưởng", errors)
    if not 0 <= award_min_share <= 1:
        errors.append("Tỷ lệ điểm tối thiểu để đề nghị khen thưởng phải từ 0% đến 100%.")
    award_max = data.get("award_max", 5)
    if not isinstance(award_max, int) or isinstance(award_max, bool) or award_max < 0:
        errors.append("Số đơn vị tối đa được đề nghị khen thưởng phải là số nguyên không âm.")
        award_max = 0
    rubric = Rubric(name=name, total=total, criteria=criteria, award_min_share=award_min_share, award_max=award_max)
    codes = [c.code for _, c in rubric.walk() if c.code]
    duplicates = sorted({code for code in codes if codes.count(code) > 1})
    if duplicates:
        errors.append(f"Mã tiêu chí bị trùng: {', '.join(duplicates)}.")
    if errors:
        raise RubricError(errors)
    return rubric


def rubric_json(rubric: Rubric) -> dict[str, Any]:
    """The rubric's JSON form (parse_rubric reads it back unchanged)."""

    def criterion(c: Criterion) -> dict[str, Any]:
        out: dict[str, Any] = {"code": c.code, "title": c.title, "points": c.points}
        if c.source:
            out["source"] = c.source
        if c.children:
            out["children"] = [criterion(child) for child in c.children]
        else:
            out.update(measure=c.measure, rule=c.rule, threshold=c.threshold)
        return out

    return {
        "name": rubric.name,
        "total": rubric.total,
        "award_min_share": rubric.award_min_share,
        "award_max": rubric.award_max,
        "criteria": [criterion(c) for c in rubric.criteria],
    }


def number_text(value: float) -> str:
    """A number as Vietnamese text: 0.25 → "0,25", 2.0 → "2"."""
    return f"{round(value, 4):g}".replace(".", ",")


def leaf_score(criterion: Criterion, value: float | None) -> float:
    """Points a leaf criterion earns for a measured value (a share 0–1; None = no data = 0 points)."""
    if value is None or not math.isfinite(value):
        return 0.0
    share = min(max(value, 0.0), 1.0)
    if criterion.rule == "any":
        return criterion.points if share > 0 else 0.0
    if criterion.rule == "at_least":
        return criterion.points if share + EPSILON >= criterion.threshold else 0.0
    if criterion.rule == "threshold":
        if share + EPSILON >= 1:
            return criterion.points
        return criterion.points * share if share + EPSILON >= criterion.threshold else 0.0
    return criterion.points * share


@dataclass(frozen=True)
class Score:
    """A unit's score: the total and the points of every criterion (parents sum their children); a criterion
    that cannot be assessed yet (nothing was due) is None, not 0, and the total is taken over the criteria that
    can be, scaled to the rubric's total. `total` is None when nothing at all can be assessed yet."""

    total: float | None
    by_code: dict[str, float | None] = field(default_factory=dict)


def score(rubric: Rubric, measures: Mapping[str, float | None]) -> Score:
    """Score one unit's measures against the rubric; points are rounded to 2 decimals. A measure given as None
    means "not applicable yet" (no task or report was due); a missing measure means no data, worth 0 points."""
    by_code: dict[str, float | None] = {}
    assessed = 0.0

    def points(criterion: Criterion) -> float | None:
        nonlocal assessed
        earned: float | None
        if criterion.children:
            parts = [points(child) for child in criterion.children]
            known = [p for p in parts if p is not None]
            earned = sum(known) if known else None
        else:
            value = measures.get(criterion.measure or "", 0.0)
            earned = None if value is None else leaf_score(criterion, value)
            assessed += criterion.points if earned is not None else 0.0
        by_code[criterion.code] = round(earned, 2) if earned is not None else None
        return earned

    earned = [p for p in (points(c) for c in rubric.criteria) if p is not None]
    if assessed <= EPSILON:
        return Score(total=None, by_code=by_code)
    return Score(total=round(sum(earned) * rubric.total / assessed, 2), by_code=by_code)


@dataclass(frozen=True)
class Ranked:
    key: Any
    total: float
    rank: int
    proposed: bool


def rank(rubric: Rubric, totals: Mapping[Any, float], order: Sequence[Any] | None = None) -> list[Ranked]:
    """Competition ranking (1, 2, 2, 4) by total, ties in `order` (e.g. unit name order); awards marked."""
    keys = list(order) if order is not None else list(totals)
    keys.sort(key=lambda k: -totals[k])
    out: list[Ranked] = []
    for position, key in enumerate(keys, start=1):
        total = totals[key]
        place = out[-1].rank if out and abs(out[-1].total - total) < EPSILON else position
        proposed = place <= rubric.award_max and total > 0 and total + EPSILON >= rubric.award_min_share * rubric.total
        out.append(Ranked(key=key, total=total, rank=place, proposed=proposed))
    return out


# --- the rubric as rows of a form, and a unit's score explained ----------------------------------------------------


def percent(share: float) -> str:
    """A share 0–1 as a Vietnamese percentage: 0.905 → "90,5%"."""
    return f"{number_text(share * 100)}%"


def rubric_rows(rubric: Rubric) -> list[dict[str, Any]]:
    """The criteria as flat form rows, parents before their children; a child's code extends its parent's
    ("4.2" → "4.2.1"), which is how `rubric_from_rows` rebuilds the tree. Thresholds as percentages."""
    return [
        {
            "code": c.code,
            "title": c.title,
            "points": number_text(c.points),
            "measure": "" if c.children else c.measure or "",
            "rule": c.rule,
            "threshold": number_text(c.threshold * 100),
            "source": c.source,
        }
        for _, c in rubric.walk()
    ]


def _parent_code(code: str, codes: Sequence[str]) -> str | None:
    """The longest earlier code that `code` extends ("4.2.1.a" → "4.2.1", else "4.2", else "4")."""
    parts = code.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        candidate = ".".join(parts[:cut])
        if candidate in codes:
            return candidate
    return None


def rubric_from_rows(header: Mapping[str, Any], rows: Sequence[Mapping[str, Any]]) -> Rubric:
    """A rubric from the form: the header (name, total, award share in %, award count) and one row per criterion
    (blank rows skipped). Numbers may use a decimal comma; raises RubricError listing every problem."""
    errors: list[str] = []
    nodes: dict[str, dict[str, Any]] = {}
    top: list[dict[str, Any]] = []
    for index, row in enumerate(rows, 1):
        if not any(str(row.get(key) or "").strip() for key in ("code", "title", "points", "measure")):
            continue
        code = str(row.get("code") or "").strip()
        node: dict[str, Any] = {
            "code": code,
            "title": row.get("title"),
            "points": row.get("points"),
            "source": row.get("source") or "",
            "children": [],
        }
        if row.get("measure"):
            threshold = _number(row.get("threshold") or "90", f"Tiêu chí {code or index}: ngưỡng", errors)
            node.update(measure=row["measure"], rule=row.get("rule") or "proportional", threshold=threshold / 100)
        parent = _parent_code(code, list(nodes)) if code else None
        (nodes[parent]["children"] if parent else top).append(node)
        if code and code not in nodes:
            nodes[code] = node
    share = _number(header.get("award_min_share") or "90", "Tỷ lệ điểm tối thiểu để đề nghị khen thưởng", errors)
    data = {
        "name": header.get("name"),
        "total": header.get("total"),
        "award_min_share": share / 100,
        "award_max": header.get("award_max", 5),
        "criteria": top,
    }
    try:
        rubric = parse_rubric(data)
    except RubricError as exc:
        raise RubricError([*errors, *exc.errors]) from None
    if errors:
        raise RubricError(errors)
    return rubric


@dataclass(frozen=True)
class Explained:
    """One line of a unit's score explained: the criterion, what was measured and how it turned into points."""

    depth: int
    code: str
    title: str
    points: float
    earned: float | None
    measure: str = ""
    basis: str = ""
    reason: str = ""


def _reason(criterion: Criterion, value: float | None, earned: float | None) -> str:
    if value is None:
        return "Chưa có gì đến hạn để đánh giá: tiêu chí không tính vào tổng điểm."
    got = f"{number_text(earned or 0)}/{number_text(criterion.points)} điểm"
    share = min(max(value, 0.0), 1.0)
    if criterion.rule == "any":
        return f"{'Có' if share > 0 else 'Chưa'} thực hiện: {got}."
    reached = f"Đạt {percent(share)}"
    if criterion.rule == "proportional":
        return f"{reached}, điểm theo tỷ lệ: {got}."
    below = share + EPSILON < criterion.threshold
    limit = f"ngưỡng {percent(criterion.threshold)}"
    if criterion.rule == "at_least":
        return f"{reached}, {'dưới' if below else 'từ'} {limit}{'' if below else ' trở lên'}: {got}."
    if share + EPSILON >= 1:
        return f"{reached}: {got}."
    if below:
        return f"{reached}, dưới {limit}: {got}."
    return f"{reached}, từ {limit} đến dưới 100%, điểm theo tỷ lệ: {got}."


def explain(rubric: Rubric, measures: Mapping[str, float | None], basis: Mapping[str, str]) -> list[Explained]:
    """Why a unit has its score: each criterion (parents as sums), the measured share and the figures behind it
    (`basis`: words per measure, e.g. "12/15 nhiệm vụ đã hoàn thành"), the rule applied and the points."""
    result = score(rubric, measures)
    lines = []
    for depth, c in rubric.walk():
        earned = result.by_code.get(c.code)
        if c.children:
            lines.append(Explained(depth, c.code, c.title, c.points, earned, reason="Tổng điểm các tiêu chí con."))
            continue
        value = measures.get(c.measure or "", 0.0)
        lines.append(
            Explained(
                depth,
                c.code,
                c.title,
                c.points,
                earned,
                measure=MEASURES.get(c.measure or "", c.measure or ""),
                basis=basis.get(c.measure or "", "") if value is not None else "",
                reason=_reason(c, value, earned),
            )
        )
    return lines
