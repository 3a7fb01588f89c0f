"""Writers for units and groups, the mention resolver, and the import of Vietnam's administrative units."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from rapidfuzz import fuzz

from cchc.accounts.types import Actor
from cchc.core.audit import log_action, snapshot
from cchc.core.text import fold
from cchc.units.models import Unit, UnitGroup, UnitKind
from cchc.units.naming import collective_kinds, core_key, guess_kind, mention_key, names_a_body

DATA_DIR = Path(__file__).resolve().parent / "data"
REORGANISATION_DAY = dt.date(2025, 7, 1)
ERA_FILES = {"before": "units-before-2025-07.json", "after": "units-after-2025-07.json"}
FUZZY_THRESHOLD = 90


@dataclass(frozen=True)
class Resolution:
    """What a printed unit mention stands for; both None when it did not resolve."""

    text: str
    unit: Unit | None = None
    group: UnitGroup | None = None

    @property
    def resolved(self) -> bool:
        return self.unit is not None or self.group is not None


@transaction.atomic
def create_unit(actor: Actor, *, name: str, kind: str, parent: Unit | None = None, **fields: Any) -> Unit:
    """Create one unit and record it in the audit log."""
    unit = Unit(name=name.strip(), kind=kind, parent=parent, **fields)
    unit.full_clean(exclude=["path", "match_key"])
    unit.save()
    log_action(actor, "units.unit.created", unit, after=snapshot(unit))
    return unit


@transaction.atomic
def update_unit(actor: Actor, unit: Unit, **fields: Any) -> Unit:
    """Change a unit's fields (name, aliases, parent, validity...), audited."""
    before = snapshot(unit)
    for name, value in fields.items():
        setattr(unit, name, value)
    unit.full_clean(exclude=["path", "match_key"])
    unit.save()
    log_action(actor, "units.unit.updated", unit, before=before, after=snapshot(unit))
    return unit


class MentionResolver:
    """Resolves a plan's printed mentions under one issuer: the territory's units are read and keyed once."""

    def __init__(self, scope: Unit, on: dt.date | None = None) -> None:
        self.root = scope.territorial_root()
        self.on = on
        units = Unit.objects.filter(path__startswith=self.root.path)
        if on is not None:
            units = units.valid_on(on)
        self.keyed: list[tuple[str, Unit]] = []
        for unit in units:
            self.add(unit)

    def add(self, unit: Unit) -> None:
        names = [unit.name, unit.short_name, *unit.aliases]
        for unit_key in dict.fromkeys(core_key(n, self.root.locality) for n in names if n):
            self.keyed.append((unit_key, unit))

    def resolve(self, text: str) -> Resolution:
        """The unit or group the mention names; exact key first, then a close spelling."""
        mention = " ".join(text.split())
        if not mention or not names_a_body(mention):
            return Resolution(text=text)
        collective = collective_kinds(mention)
        if collective is not None:
            return Resolution(text=mention, group=_group_for(mention, self.root, collective))
        wanted = core_key(mention, self.root.locality)
        for unit_key, unit in self.keyed:
            if unit_key == wanted:
                return Resolution(text=mention, unit=unit)
        best: tuple[float, Unit | None] = (0.0, None)
        for unit_key, unit in self.keyed:
            score = fuzz.ratio(wanted, unit_key)
            if score > best[0]:
                best = (score, unit)
        return Resolution(text=mention, unit=best[1]) if best[0] >= FUZZY_THRESHOLD else Resolution(text=mention)

    def ensure(self, actor: Actor, text: str) -> Resolution:
        """Resolve, creating the unit under the issuer when it is new (used when setting up a locality)."""
        found = self.resolve(text)
        if found.resolved or not names_a_body(text):
            return found
        unit = create_unit(
            actor,
            name=" ".join(text.split()),
            kind=guess_kind(text, self.root.kind),
            parent=self.root,
            locality=self.root.locality,
        )
        self.add(unit)
        return Resolution(text=text, unit=unit)


def _group_for(mention: str, root: Unit, collective: tuple[tuple[str, ...], bool]) -> UnitGroup:
    kinds, direct = collective
    key = mention_key(mention)
    group = UnitGroup.objects.filter(scope=root, match_key=key).first()
    if group is None:
        group = UnitGroup(name=mention, scope=root, member_kinds=list(kinds), direct_children_only=direct)
        group.save()
    return group


def _level_name(full_name: str) -> str:
    """'Thành phố Hà Nội' → 'UBND thành phố Hà Nội'."""
    return "UBND " + full_name[:1].lower() + full_name[1:]


def _locality(full_name: str) -> str:
    folded = fold(full_name)
    for word in ("thanh pho ", "thi xa ", "thi tran ", "tinh ", "huyen ", "quan ", "xa ", "phuong ", "dac khu "):
        if folded.startswith(word):
            return full_name[len(word) :].strip()
    return full_name


def _era_dates(era: str) -> dict[str, dt.date | None]:
    if era == "before":
        return {"valid_from": None, "valid_until": REORGANISATION_DAY - dt.timedelta(days=1)}
    return {"valid_from": REORGANISATION_DAY, "valid_until": None}


def load_admin_tree(era: str) -> list[dict[str, Any]]:
    """The shipped province → (district →) commune tree for an era ('before' or 'after' 1 July 2025)."""
    with open(DATA_DIR / ERA_FILES[era], encoding="utf-8") as fh:
        data: list[dict[str, Any]] = json.load(fh)
    return data


@transaction.atomic
def import_admin_units(actor: Actor, era: str, provinces: list[str] | None = None) -> int:
    """Create the People's Committees of the provinces (districts) and communes of an era; idempotent.

    `provinces` limits the import to provinces whose name (without level word) is listed, accent-insensitive.
    Returns the number of units created.
    """
    wanted = {fold(p) for p in provinces} if provinces else None
    dates = _era_dates(era)
    existing = {u.code: u for u in Unit.objects.filter(code__startswith=f"{era}:")}

    def build(code: str, full_name: str, kind: str, parent: Unit | None, admin_code: str) -> Unit:
        return Unit(
            code=code,
            name=_level_name(full_name),
            kind=kind,
            parent=parent,
            admin_code=admin_code,
            locality=_locality(full_name),
            match_key=mention_key(_level_name(full_name)),
            **dates,
        )

    def upper(code: str, full_name: str, kind: str, parent: Unit | None, admin_code: str) -> Unit:
        unit = existing.get(code)
        if unit is None:
            unit = build(code, full_name, kind, parent, admin_code)
            unit.save()
            created.append(unit)
        return unit

    def communes(parent: Unit, wards: list[dict[str, Any]]) -> None:
        new = [
            build(f"{era}:c:{w['Code']}", w["FullName"], UnitKind.COMMUNE, parent, w["Code"])
            for w in wards
            if f"{era}:c:{w['Code']}" not in existing
        ]
        Unit.objects.bulk_create(new, batch_size=500)
        fresh = list(Unit.objects.filter(parent=parent, path=""))
        for unit in fresh:
            unit.path = f"{parent.path}{unit.pk}/"
        Unit.objects.bulk_update(fresh, ["path"], batch_size=500)
        created.extend(new)

    created: list[Unit] = []
    for province in load_admin_tree(era):
        if wanted is not None and fold(_locality(province["FullName"])) not in wanted:
            continue
        p_unit = upper(f"{era}:p:{province['Code']}", province["FullName"], UnitKind.PROVINCE, None, province["Code"])
        if era == "before":
            for district in province.get("District", []):
                d_unit = upper(
                    f"{era}:d:{district['Code']}", district["FullName"], UnitKind.DISTRICT, p_unit, district["Code"]
                )
                communes(d_unit, district.get("Ward", []))
        else:
            communes(p_unit, province.get("Wards", []))
    if created:
        log_action(
            actor,
            "units.admin_units.imported",
            created[0],
            after={"era": era, "created": len(created), "provinces": provinces or []},
        )
    link_successors()
    return len(created)


def link_successors() -> int:
    """Point each pre-2025 commune and province at the unit that replaced it (full merges only)."""
    with open(DATA_DIR / "commune-merges-2025.json", encoding="utf-8") as fh:
        merges = json.load(fh)["data"]
    new_by_code = {u.code: u for u in Unit.objects.filter(code__startswith="after:")}
    linked = 0
    for province in merges:
        new_p = new_by_code.get(f"after:p:{province['level1_id']}")
        if new_p is not None:
            old_codes = [f"before:p:{m['old_id']}" for m in province["merges"]]
            linked += Unit.objects.filter(code__in=old_codes, successor__isnull=True).update(successor=new_p)
        for commune in province["level2s"]:
            new_c = new_by_code.get(f"after:c:{commune['level2_id']}")
            if new_c is None:
                continue
            old_codes = [f"before:c:{m['old_id']}" for m in commune["merges"] if m["type"] == "full"]
            linked += Unit.objects.filter(code__in=old_codes, successor__isnull=True).update(successor=new_c)
    return linked


def merged_province_names(admin_code: str) -> list[str]:
    """The provinces (names without the level word, as printed before 1 July 2025) merged into the province of
    `admin_code` after the reorganisation, by the shipped mapping; [] for a code it does not list."""
    with open(DATA_DIR / "commune-merges-2025.json", encoding="utf-8") as fh:
        merges = json.load(fh)["data"]
    province = next((p for p in merges if p["level1_id"] == admin_code), None)
    return [_locality(m["name"]) for m in province["merges"]] if province else []


def ensure_territory(actor: Actor, level: str, locality: str, on: dt.date) -> Unit | None:
    """The People's Committee of a province or district named `locality` on a day, importing its province
    from the shipped administrative data when it is not in the directory yet."""
    era = "before" if on < REORGANISATION_DAY else "after"
    kind = UnitKind.PROVINCE if level == "province" else UnitKind.DISTRICT if level == "district" else None
    if kind is None:
        return None
    wanted = fold(locality)

    def lookup() -> Unit | None:
        for unit in Unit.objects.filter(kind=kind, code__startswith=f"{era}:"):
            if fold(unit.locality) == wanted:
                return unit
        return None

    found = lookup()
    if found is not None:
        return found
    for province in load_admin_tree(era):
        districts = province.get("District", []) if kind == UnitKind.DISTRICT else []
        if (kind == UnitKind.PROVINCE and fold(_locality(province["FullName"])) == wanted) or any(
            fold(_locality(d["FullName"])) == wanted for d in districts
        ):
            import_admin_units(actor, era, [_locality(province["FullName"])])
            return lookup()
    return None
