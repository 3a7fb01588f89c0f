"""Writing index values (an import of a published table: all rows or none) and a plan's targets on them."""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from cchc.accounts.models import User
from cchc.accounts.types import Actor, signed_in
from cchc.core.audit import log_action
from cchc.core.inputs import InputError, clean_text, parse_decimal, parse_int
from cchc.core.text import fold
from cchc.indices.models import IndexTarget, IndexValue
from cchc.indices.reading import TableError, read_table
from cchc.indices.scales import INDICES, MAX_RANK, index_key, out_of_scale
from cchc.plans.models import Plan
from cchc.units.services import load_admin_tree

PUBLISHED = Path(__file__).resolve().parent / "data" / "published.csv"
FIRST_YEAR = 2005  # PCI, the oldest of the five, was first published for 2005
WIDE = decimal.Decimal("100000")  # parsing bound; the index's own scale is checked afterwards
_RANK = re.compile(r"^\s*(\d{1,3})\s*(?:/\s*(\d{1,3}))?\s*$")


class IndexInputError(ValueError):
    """Refused index input; `errors` lists (row number, message) for a file, the message is Vietnamese."""

    def __init__(self, message: str, errors: list[tuple[int, str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or []


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    localities: set[str] = field(default_factory=set)


@functools.cache
def province_names() -> dict[str, str]:
    """Folded province name → the name as printed, for the provinces before and after 1 July 2025."""
    names: dict[str, str] = {}
    for era in ("before", "after"):
        for province in load_admin_tree(era):
            name = re.sub(r"^(Tỉnh|Thành phố)\s+", "", province["FullName"]).strip()
            names[fold(name)] = name
    return names


def locality_name(text: str) -> str | None:
    """The province a published table names ("Tỉnh Tuyên Quang", "TP. Hà Nội", "Tuyen Quang"), as printed."""
    folded = re.sub(r"^(tinh|thanh pho|tp\.?)\s+", "", fold(text).strip())
    return province_names().get(folded)


def _rank(text: str) -> tuple[int | None, int | None]:
    if not text:
        return None, None
    match = _RANK.match(text)
    if match is None:
        raise InputError(f"xếp hạng «{text[:20]}» không hợp lệ (ghi 34 hoặc 34/63).")
    rank, of = int(match.group(1)), int(match.group(2)) if match.group(2) else None
    if not 1 <= rank <= MAX_RANK or (of is not None and not rank <= of <= MAX_RANK):
        raise InputError(f"xếp hạng «{text}» không hợp lệ.")
    return rank, of


def _row(cells: dict[str, str], default_source: str, this_year: int) -> dict[str, Any]:
    """One row checked and cleaned; raises InputError with the Vietnamese reason."""
    locality = locality_name(cells.get("locality", ""))
    if locality is None:
        raise InputError(f"«{cells.get('locality', '')[:60]}» không phải tên một tỉnh, thành phố.")
    key = index_key(cells.get("index", ""))
    if key is None:
        raise InputError(f"chỉ số «{cells.get('index', '')[:40]}» không thuộc PAR INDEX, SIPAS, PAPI, PCI, DTI.")
    component = clean_text(cells.get("component"), label="Chỉ số thành phần", max_length=160, multiline=False)
    year = parse_int(cells.get("year"), label="Năm", minimum=FIRST_YEAR, maximum=this_year)
    if year is None:
        raise InputError("thiếu năm đánh giá.")
    value = parse_decimal(cells.get("value"), label="Giá trị", places=4, minimum=-WIDE, maximum=WIDE)
    rank, rank_of = _rank(cells.get("rank", ""))
    if value is None and rank is None:
        raise InputError("thiếu giá trị (và xếp hạng).")
    if value is not None and (reason := out_of_scale(key, component, value)):
        raise InputError(reason[:1].upper() + reason[1:])
    source = clean_text(cells.get("source") or default_source, label="Nguồn", max_length=500, multiline=False)
    if not source:
        raise InputError("thiếu nguồn công bố (địa chỉ trang hoặc văn bản đã công bố số liệu).")
    note = clean_text(cells.get("note"), label="Ghi chú", max_length=300, multiline=False)
    return {
        "locality": locality,
        "index": key,
        "component": component,
        "year": year,
        "value": value,
        "rank": rank,
        "rank_of": rank_of,
        "source": source,
        "note": note,
    }


FIELDS = ("value", "rank", "rank_of", "source", "note")


@transaction.atomic
def import_values(actor: Actor, content: bytes, name: str, *, source: str = "") -> ImportSummary:
    """Import a published table of index values: every row is checked (locality, index, year, scale, source)
    before anything is written; one bad row refuses the file with the list of errors. A value already held is
    updated when the table changed it and left alone otherwise, so importing the same table twice changes nothing."""
    try:
        rows = read_table(content, name)
    except TableError as exc:
        raise IndexInputError(str(exc)) from None
    if not rows:
        raise IndexInputError("Bảng không có dòng số liệu nào dưới dòng tiêu đề.")
    this_year = dt.date.today().year
    checked: dict[tuple[str, str, str, int], dict[str, Any]] = {}
    errors: list[tuple[int, str]] = []
    for number, cells in rows:
        try:
            row = _row(cells, source, this_year)
        except InputError as exc:
            errors.append((number, exc.message))
            continue
        key = (row["locality"], row["index"], row["component"], row["year"])
        if key in checked:
            errors.append((number, "trùng địa phương, chỉ số, chỉ số thành phần và năm với một dòng phía trên."))
        checked[key] = row
    if errors:
        raise IndexInputError(f"Bảng có {len(errors)} dòng không hợp lệ; chưa lưu số liệu nào.", errors)
    summary = ImportSummary()
    existing = {
        (v.locality, v.index, v.component, v.year): v
        for v in IndexValue.objects.filter(locality__in={k[0] for k in checked}).select_for_update()
    }
    first: IndexValue | None = None
    for key, row in checked.items():
        summary.localities.add(row["locality"])
        held = existing.get(key)
        if held is None:
            held = IndexValue.objects.create(imported_by=_user(actor), **row)
            summary.created += 1
        elif any(getattr(held, f) != row[f] for f in FIELDS):
            for f in FIELDS:
                setattr(held, f, row[f])
            held.imported_by = _user(actor)
            held.save()
            summary.updated += 1
        else:
            summary.unchanged += 1
            continue
        first = first or held
    if first is not None:
        log_action(
            actor,
            "indices.values.imported",
            first,
            after={
                "file": name[:200],
                "created": summary.created,
                "updated": summary.updated,
                "localities": sorted(summary.localities),
            },
        )
    return summary


def load_published(actor: Actor) -> ImportSummary:
    """The published values shipped with the project (`data/published.csv`, sources in `data/PROVENANCE.md`)."""
    return import_values(actor, PUBLISHED.read_bytes(), PUBLISHED.name)


def _user(actor: Actor) -> User | None:
    return actor if signed_in(actor) else None


@transaction.atomic
def set_target(
    actor: Actor, plan: Plan, *, objective: str, index: str, component: str, year: int, target: Any
) -> IndexTarget:
    """Link one of the plan's objectives to an index (or a sub-index) with the value aimed at in a year."""
    objective = clean_text(objective, label="Mục tiêu", max_length=2000, required=True)
    if index not in INDICES:
        raise IndexInputError("Hãy chọn một chỉ số: PAR INDEX, SIPAS, PAPI, PCI hoặc DTI.")
    component = clean_text(component, label="Chỉ số thành phần", max_length=160, multiline=False)
    if not plan.period_start.year <= year <= plan.period_end.year + 5:
        raise IndexInputError(
            f"Năm đánh giá phải từ {plan.period_start.year} đến {plan.period_end.year + 5} (kỳ của kế hoạch)."
        )
    try:
        value = parse_decimal(target, label="Giá trị mục tiêu", places=4, minimum=-WIDE, maximum=WIDE)
    except InputError as exc:
        raise IndexInputError(exc.message) from None
    if value is None:
        raise IndexInputError("Giá trị mục tiêu: không được để trống.")
    if reason := out_of_scale(index, component, value):
        raise IndexInputError("Giá trị mục tiêu: " + reason)
    found, created = IndexTarget.objects.update_or_create(
        plan=plan,
        index=index,
        component=component,
        year=year,
        defaults={"objective": objective, "target": value, "created_by": _user(actor)},
    )
    log_action(
        actor,
        "indices.target.set",
        found,
        root=plan,
        after={"objective": objective[:200], "index": index, "component": component, "year": year,
               "target": str(value), "created": created},
    )  # fmt: skip
    return found


@transaction.atomic
def remove_target(actor: Actor, target: IndexTarget) -> None:
    log_action(
        actor,
        "indices.target.removed",
        target,
        root=target.plan,
        before={
            "index": target.index,
            "component": target.component,
            "year": target.year,
            "target": str(target.target),
        },
    )
    target.delete()
