"""Activities: the numbered body items that name who does them, and the rows of the appendix tables."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from cchc.core.calendar import classify
from cchc.plans.importing.items import BULLET, Reader, Section, header_index
from cchc.plans.importing.textlayout import column_kinds, is_table_header


def _trim(text: str) -> str:
    """An item without its closing ';' or '.', an ellipsis kept."""
    return re.sub(r"(?:(?<!\.)\.|[;,])\s*$", "", text.strip()).strip()


_FIELD_LABELS = [
    ("content", r"nội dung(?: tuyên truyền| thực hiện| công việc)?"),
    ("forms", r"hình thức(?: tuyên truyền| thực hiện)?"),
    ("coordinators", r"(?:đơn vị|cơ quan)(?: phối hợp)|phối hợp(?: thực hiện)?"),
    ("lead", r"(?:đơn vị|cơ quan)(?: chủ trì| thực hiện| thực hiện chủ trì)?|chủ trì(?: thực hiện)?"),
    ("timing", r"thời gian(?: thực hiện| hoàn thành)?|thời hạn(?: hoàn thành)?|tiến độ(?: thực hiện)?"),
    ("funding", r"kinh phí(?: thực hiện)?"),
]
_FIELD = re.compile(
    r"(?i)(?:^|(?<=[;.(])\s*|\s[-–]\s)(" + "|".join(f"(?P<{n}>{p})" for n, p in _FIELD_LABELS) + r")\s*:\s*"
)


def _labelled_fields(text: str) -> tuple[str, list[tuple[str, str]]]:
    """'Tổ chức hội nghị (chủ trì: Sở Nội vụ; thời gian: Quý II)' → the text before the labels and each field."""
    matches = list(_FIELD.finditer(text))
    if not matches:
        return text, []
    fields = []
    for k, m in enumerate(matches):
        end = matches[k + 1].start() if k + 1 < len(matches) else len(text)
        name = next(n for n, _ in _FIELD_LABELS if m.group(n))
        fields.append((name, text[m.end() : end].strip(" ;,")))
    return text[: matches[0].start()].strip(), fields


def _forms(text: str, combined: bool) -> list[str]:
    """The forms a cell lists: one per bullet, or the parts after 'hình thức:' (`combined`), or the whole cell."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    if any(BULLET.match(ln) and BULLET.match(ln).end() > 0 for ln in lines):  # type: ignore[union-attr]
        items: list[str] = []
        for ln in lines:
            m = BULLET.match(ln)
            if m and m.end() > 0:
                items.append(ln[m.end() :])
            elif items:
                items[-1] += " " + ln
            else:
                items.append(ln)
        return [t for t in (_trim(i) for i in items) if t]
    flat = re.sub(r"\s+", " ", text).strip()
    if combined:
        m = re.search(r"(?i)(?:hình thức(?: như)?|như)\s*:\s*", flat)
        if m:
            flat = flat[m.end() :]
        return [t for t in (_trim(p) for p in re.split(r";\s*", flat)) if t]
    return [flat] if flat else []


def _other_dashes_joined(cell: str) -> str:
    """A cell listing its items with one dash ('- Phòng Tư pháp') keeps a line opening with another dash on the
    line before: 'Phòng Tài chính' / '– Kế hoạch' is one name wrapped at its dash."""
    lines = cell.split("\n")
    marks = [ln.lstrip()[:1] for ln in lines if re.match(r"\s*[-–]\s", ln)]
    if len(set(marks)) < 2:
        return cell
    usual = max(set(marks), key=marks.count)
    out: list[str] = []
    for line in lines:
        if out and re.match(r"\s*[-–]\s", line) and line.lstrip()[:1] != usual:
            out[-1] += " " + line.strip()
        else:
            out.append(line)
    return "\n".join(out)


def row_activity(cells: dict[str, str], split: Callable[[str], list[str]]) -> dict[str, Any]:
    """An appendix row's activity from its cells by column kind ('content', 'lead' …); `split` names the units
    of a cell."""
    cells = {kind: _other_dashes_joined(value) for kind, value in cells.items()}

    def flat(value: str) -> str:
        return re.sub(r"\s+", " ", value).strip()

    combined = cells.get("content_forms", "")
    content = cells.get("content") or combined or cells.get("forms", "")
    content = re.sub(r"^[-–+•]\s*", "", flat(content))
    if combined:
        forms = _forms(combined, True)
    elif "forms" in cells:
        forms = _forms(cells["forms"], False)
    else:  # no Hình thức column: the row's content is the form it takes
        forms = _forms(cells.get("content", ""), True)
    return {
        "ref": "",
        "source": "appendix",
        "group": None,
        "content": content,
        "forms": forms,
        "lead": split(cells.get("lead", "")),
        "coordinators": split(cells.get("coordinators", "")),
        "timing": classify(flat(cells.get("timing", ""))).as_json(),
        "funding": flat(cells.get("funding", "")) or None,
    }


def _item_activity(
    ref: str, title: str, fields: dict[str, list[str]], split: Callable[[str], list[str]], named_only: bool = True
) -> dict[str, Any] | None:
    """The activity of a numbered body item from its title and labelled fields; None when it names nobody (and
    `named_only`)."""
    if named_only and "lead" not in fields and "coordinators" not in fields:
        return None
    content = " ".join(fields.get("content", [])) or title
    forms = fields.get("forms") or [title]
    timing_text = " ".join(fields.get("timing", []))
    return {
        "ref": ref,
        "source": "body",
        "group": None,
        "content": content.strip(),
        "forms": [f.strip() for f in forms if f.strip()],
        "lead": split(" ; ".join(fields.get("lead", []))),
        "coordinators": split(" ; ".join(fields.get("coordinators", []))),
        "timing": classify(timing_text.strip().rstrip(".)")).as_json(),
        "funding": (" ".join(fields["funding"]).strip(" .)") or None) if "funding" in fields else None,
    }


def node_activity(label: str, text: str, lines: list[str], split: Callable[[str], list[str]]) -> dict[str, Any]:
    """The activity a numbered item of the body holds, read as the importer reads it: its text with labelled fields
    inline ('… Đơn vị thực hiện: …; Thời gian: …') or on the lines under it ('- Đơn vị chủ trì: …'), the lines after a
    'Nội dung:' line going on with the content (lead and coordinators empty when it names nobody)."""
    title, inline = _labelled_fields(text)
    fields: dict[str, list[str]] = {}
    for name, value in inline:
        fields.setdefault(name, []).append(value)
    last: str | None = None
    for line in lines:
        head, found = _labelled_fields(re.sub(r"^[-–+•]\s*", "", line.strip()))
        if found and not head:
            for name, value in found:
                fields.setdefault(name, []).append(value)
            last = found[-1][0]
        elif last == "content":
            fields["content"].append(line.strip())
    activity = _item_activity(label, title.strip(" .;:(") or text, fields, split, named_only=False)
    assert activity is not None
    return activity


class ActivityReader(Reader):
    def body_activities(self, sections: list[Section]) -> list[dict[str, Any]]:
        """Numbered items of the body that name who does them ('- Đơn vị chủ trì: …', '(chủ trì: …; thời gian: …)')."""
        activities: list[dict[str, Any]] = []
        for section in sections:
            items = section.items
            for k, item in enumerate(items):
                if item.depth > 5 or len(item.text) > 600:
                    continue
                title, inline = _labelled_fields(item.text)
                fields: dict[str, list[str]] = {}
                for name, value in inline:
                    fields.setdefault(name, []).append(value)
                last: str | None = None
                span_end = item.span[1]
                for sub in items[k + 1 :]:
                    if sub.depth <= item.depth:
                        break
                    head, found = _labelled_fields(sub.text)
                    if found and not head:
                        for name, value in found:
                            fields.setdefault(name, []).append(value)
                        last = found[-1][0]
                    elif last == "content" and sub.depth >= 6:
                        fields["content"].append(sub.text if sub.depth == 9 else sub.raw.strip())
                    elif sub.depth < 6:
                        break
                    span_end = sub.span[1]
                activity = _item_activity(item.label, title.strip(" .;:(") or item.text, fields, self.split_units)
                if activity is None:
                    continue
                self.note(f"activities[{len(activities)}]", 0.85 if not inline else 0.7, (item.span[0], span_end), item)
                activities.append(activity)
        return activities

    def table_activities(self, offset: int) -> list[dict[str, Any]]:
        """Activities of the appendix tables; `offset` is the index the first one gets in the plan's list."""
        activities: list[dict[str, Any]] = []
        for table in self.tables:
            start = header_index(table)
            if start is None:
                continue
            header = table.rows[start]
            kinds = column_kinds(header)
            group: str | None = None
            group_label: str | None = None
            previous: dict[str, Any] | None = None
            previous_cells: dict[str, str] = {}
            for row_index, row in enumerate(table.rows[start + 1 :], start=start + 1):
                if row == header or (max(map(len, row), default=0) < 45 and is_table_header(row)):
                    continue
                cells = {kind: (row[c] if c < len(row) else "").strip() for c, kind in enumerate(kinds)}
                printed = cells.get("ref", "").strip(". ")
                ref = printed if any(ch.isalnum() for ch in printed) else ""  # a number a scan left as specks
                filled = [k for k, v in cells.items() if v and k != "ref"]
                if not filled:
                    continue
                # a group's title fills the content column (its 'I' may scan as '1', the number of the row under
                # it); a lone cell elsewhere goes on from the row above
                below = (
                    table.rows[row_index + 1][kinds.index("ref")].strip(". ")
                    if "ref" in kinds and row_index + 1 < len(table.rows)
                    else None
                )
                lone_title = (not ref or ref == below) and filled[0] in ("content", "content_forms")
                if len(filled) == 1 and (re.fullmatch(r"[IVX]+|[A-ZĐ]", ref) or lone_title or previous is None):
                    group = re.sub(r"\s+", " ", cells[filled[0]])
                    group_label = None if ref == below else (ref or None)  # a misread numeral is no label
                    continue
                if not printed and previous is not None and "ref" in kinds:
                    self.extend_activity(previous, previous_cells, cells)
                    continue
                activity = row_activity(cells, self.split_units)
                if not activity["content"]:
                    continue
                activity["ref"] = f"{group_label}.{ref}" if group_label and ref else ref
                activity["group"] = group
                self.note(f"activities[{offset + len(activities)}]", 0.8, table.span, (table, row_index))
                activities.append(activity)
                previous, previous_cells = activity, cells
        return activities

    def extend_activity(self, activity: dict[str, Any], cells: dict[str, str], more: dict[str, str]) -> None:
        """A row without a number continues the one above (a table row split over two pages): each cell goes on
        where the cell above stopped, so a line cut at the page ('Trên Cổng/Trang thông tin' / 'điện tử') is one
        line again, and the activity is read from the joined cells."""
        for kind, value in more.items():
            cells[kind] = f"{cells.get(kind, '')}\n{value}".strip("\n") if value else cells.get(kind, "")
        joined = row_activity(cells, self.split_units)
        activity.update({k: v for k, v in joined.items() if k not in ("ref", "group")})
