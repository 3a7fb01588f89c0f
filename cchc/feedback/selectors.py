"""What feedback pages show: the public list of answers, a place found by name (old names too), and the figures
per unit and period (received, answered on time, late, satisfaction) the dashboard and the reports read."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet

from cchc.accounts.models import User
from cchc.core import pagecache
from cchc.core.models import AuditEntry
from cchc.core.text import fold
from cchc.documents.spec import Column, Row, Table
from cchc.feedback import access
from cchc.feedback.models import OPEN_STATUSES, PUBLISHED, FeedbackItem, Status
from cchc.units.models import Unit, UnitKind

PLACE_KINDS = (UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE)
_LEVEL_WORDS = ("thanh pho ", "thi xa ", "thi tran ", "tinh ", "huyen ", "quan ", "xa ", "phuong ", "dac khu ", "ubnd ")


def search_published(
    q: str = "", topic: str = "", unit: int | None = None, locality: int | None = None
) -> QuerySet[FeedbackItem]:
    items = access.published_items()
    if q:
        items = items.filter(Q(public_content__icontains=q) | Q(answer__icontains=q) | Q(code__iexact=q))
    if topic:
        items = items.filter(topic=topic)
    if unit:
        items = items.filter(unit_id=unit)
    if locality:
        place = Unit.objects.filter(pk=locality).first()
        items = items.filter(locality__path__startswith=place.path) if place else items.none()
    return items.order_by("-answered_on", "-pk")


# --- places ---------------------------------------------------------------------------------------------------------


def _bare(text: str) -> str:
    key = fold(text).strip()
    for word in _LEVEL_WORDS:
        if key.startswith(word):
            key = key[len(word) :].strip()
    return key


@dataclass(frozen=True)
class Place:
    """A place a sender may choose: a current unit, and the old name the sender typed when it was renamed or
    merged in the 2025 reorganisation."""

    unit: Unit
    old: Unit | None = None

    @property
    def label(self) -> str:
        province = self.unit.parent.locality if self.unit.parent is not None else ""
        name = self.unit.name.removeprefix("UBND ")
        name = name[:1].upper() + name[1:]
        return f"{name}, {province}" if province and self.unit.kind != UnitKind.PROVINCE else name

    @property
    def note(self) -> str:
        if self.old is None:
            return ""
        return f"trước đây: {self.old.name.removeprefix('UBND ')}"


@functools.lru_cache(maxsize=4)
def _place_index(version: tuple[int, int | None, str]) -> dict[str, list[int]]:
    index: dict[str, list[int]] = {}
    for pk, locality in Unit.objects.filter(kind__in=PLACE_KINDS).values_list("pk", "locality"):
        index.setdefault(_bare(locality), []).append(pk)
    return index


def _current(unit: Unit, today: dt.date) -> Unit:
    """The unit itself while valid, else its successor (a district without one: its province's successor); a
    place whose successor the directory does not hold stays itself."""
    for _ in range(5):
        if unit.valid_until is None or unit.valid_until >= today:
            break
        nxt = unit.successor or (unit.parent.successor if unit.parent is not None else None)
        if nxt is None:
            break
        unit = nxt
    return unit


def find_places(text: str, today: dt.date, limit: int = 10) -> list[Place]:
    """Places named `text` ("Đức Xuân", "phường Đức Xuân, Thái Nguyên"; old names found through their successors),
    current ones first, at most `limit`."""
    name, _, province = (text or "").partition(",")
    key, province_key = _bare(name), _bare(province)
    if len(key) < 2:
        return []
    stats = Unit.objects.filter(kind__in=PLACE_KINDS).aggregate(n=Count("pk"), top=Count("successor"))
    # Kept while the directory is the same: as many places, as many successors, no audited change to a unit (a
    # renamed commune changes the unit scope's version).
    (units_version,) = pagecache.versions([pagecache.scope(Unit)])
    index = _place_index((int(stats["n"]), stats["top"], units_version))
    ids = index.get(key) or [pk for k, pks in index.items() if k.startswith(key) for pk in pks][: limit * 4]
    places: dict[int, Place] = {}
    for unit in Unit.objects.filter(pk__in=ids).select_related("parent", "successor", "parent__successor"):
        now = _current(unit, today)
        if now.pk in places:
            continue
        place = Place(Unit.objects.select_related("parent").get(pk=now.pk), None if now.pk == unit.pk else unit)
        if (
            province_key
            and _bare(place.unit.parent.locality if place.unit.parent else place.unit.locality) != province_key
        ):
            continue
        places[now.pk] = place
    ordered = sorted(places.values(), key=lambda p: (p.old is not None, p.label))
    return ordered[:limit]


def place_for_label(label: str, today: dt.date) -> Place | None:
    """The place whose label is exactly `label` (what the suggestion list fills in), else the only place named so."""
    places = find_places(label, today)
    exact = [p for p in places if fold(p.label) == fold(label.strip())]
    if len(exact) == 1:
        return exact[0]
    return places[0] if len(places) == 1 else None


# --- figures --------------------------------------------------------------------------------------------------------


COUNTS = ("received", "answered", "on_time", "late", "overdue_open", "satisfied", "not_satisfied")
"""The counts of `Figures`, in their order."""


@dataclass(frozen=True)
class Figures:
    """One unit's feedback in a period (items received in it): what the service index counts."""

    unit_id: int | None
    unit_name: str
    received: int
    answered: int
    on_time: int
    late: int
    overdue_open: int
    satisfied: int
    not_satisfied: int

    @property
    def on_time_rate(self) -> float | None:
        return round(100 * self.on_time / self.answered, 1) if self.answered else None

    @property
    def satisfaction_rate(self) -> float | None:
        rated = self.satisfied + self.not_satisfied
        return round(100 * self.satisfied / rated, 1) if rated else None


def figures(units: Iterable[Unit] | QuerySet[Unit], start: dt.date, end: dt.date, today: dt.date) -> list[Figures]:
    """Figures per unit of items received between start and end (inclusive; duplicates merged away not counted).
    Answered on time: answer published (or refusal sent) on or before the due date; late: after it, or still
    open past it today."""
    answered = Q(answered_on__isnull=False)
    rows = (
        FeedbackItem.objects.filter(unit__in=units, received_on__gte=start, received_on__lte=end)
        .exclude(status=Status.MERGED)
        .values("unit_id", "unit__name")
        .annotate(
            n_received=Count("pk"),
            n_answered=Count("pk", filter=answered),
            n_on_time=Count("pk", filter=answered & Q(answered_on__lte=F("due_on"))),
            n_late=Count("pk", filter=answered & Q(answered_on__gt=F("due_on"))),
            n_overdue_open=Count("pk", filter=Q(answered_on__isnull=True, due_on__lt=today)),
            n_satisfied=Count("pk", filter=Q(satisfied=True)),
            n_not_satisfied=Count("pk", filter=Q(satisfied=False)),
        )
        .order_by("unit__name")
    )
    return [Figures(r["unit_id"], r["unit__name"], **{k: r[f"n_{k}"] for k in COUNTS}) for r in rows]


def total(rows: list[Figures], name: str = "Tổng cộng") -> Figures:
    return Figures(None, name, **{k: sum(getattr(r, k) for r in rows) for k in COUNTS})


def item_by_code(code: str) -> FeedbackItem | None:
    return FeedbackItem.objects.select_related("unit", "locality").filter(code=code).first()


def answering_units() -> QuerySet[Unit]:
    """Units with at least one published answer (the public list's filter): one probe of the published items'
    unit index per unit, never a scan of the items."""
    answered = FeedbackItem.objects.filter(PUBLISHED, unit_id=OuterRef("pk"))
    return Unit.objects.filter(Exists(answered)).only("pk", "name").order_by("name")


def inbox(items: QuerySet[FeedbackItem], wanted: str, today: dt.date) -> QuerySet[FeedbackItem]:
    """A staff list: 'open' (by due date), 'overdue', 'unrouted', a state, or everything ('all')."""
    items = items.select_related("unit", "assignee")
    if wanted == "open":
        return items.filter(status__in=OPEN_STATUSES).order_by("due_on", "pk")
    if wanted == "overdue":
        return items.filter(status__in=OPEN_STATUSES, due_on__lt=today).order_by("due_on", "pk")
    if wanted == "unrouted":
        return items.filter(unit__isnull=True).exclude(status=Status.MERGED).order_by("received_at")
    if wanted in Status.values:
        return items.filter(status=wanted)
    return items


def item_history(item: FeedbackItem) -> list[AuditEntry]:
    """What happened to an item (not who looked at its personal data: that stays in the audit log)."""
    return list(
        AuditEntry.objects.filter(object_type="feedback.feedbackitem", object_id=str(item.pk))
        .exclude(action="feedback.personal_data.viewed")
        .select_related("actor")
        .order_by("created_at", "pk")
    )


# The export's columns for an inspection: header and width in millimetres (the workbook's column widths).
EXPORT_COLUMNS = (
    ("Mã số", 40), ("Kênh", 30), ("Lĩnh vực", 40), ("Địa bàn", 40), ("Đơn vị xử lý", 50), ("Ngày tiếp nhận", 25),
    ("Hạn trả lời", 25), ("Ngày trả lời", 25), ("Đúng hạn", 18), ("Trạng thái", 30), ("Hài lòng", 18),
    ("Nội dung (đã ẩn dữ liệu cá nhân)", 90), ("Trả lời", 90), ("Họ và tên", 40), ("Điện thoại", 28),
    ("Thư điện tử", 45),
)  # fmt: skip
EXPORT_HEADER = [header for header, _ in EXPORT_COLUMNS]


def export_rows(user: User, items: QuerySet[FeedbackItem], start: dt.date, end: dt.date) -> Iterator[list[str]]:
    """The items received in [start, end] as rows for an inspection; personal columns filled only for items of
    the user's own unit (or for administrators)."""
    yield EXPORT_HEADER
    rows = items.filter(received_on__gte=start, received_on__lte=end).select_related("unit", "locality")
    for item in rows.order_by("received_on", "pk").iterator(chunk_size=1000):
        own = user.is_admin or (item.unit_id is not None and item.unit_id == user.unit_id)
        on_time = item.answered_on_time
        yield [
            item.code,
            item.get_channel_display(),
            item.get_topic_display(),
            str(item.locality or ""),
            str(item.unit or ""),
            f"{item.received_on:%d/%m/%Y}",
            f"{item.due_on:%d/%m/%Y}",
            f"{item.answered_on:%d/%m/%Y}" if item.answered_on else "",
            "" if on_time is None else "Có" if on_time else "Không",
            item.get_status_display(),
            "" if item.satisfied is None else "Có" if item.satisfied else "Không",
            item.public_content or "",
            item.answer,
            *((item.sender_name, item.sender_phone, item.sender_email) if own else ("", "", "")),
        ]


def export_table(user: User, items: QuerySet[FeedbackItem], start: dt.date, end: dt.date) -> Table:
    """The same rows as a table for the workbook writer (.xlsx), titled with the period."""
    rows = export_rows(user, items, start, end)
    next(rows)
    return Table(
        columns=tuple(Column(header, width) for header, width in EXPORT_COLUMNS),
        rows=tuple(Row(tuple(row)) for row in rows),
        title=f"Phản ánh, kiến nghị tiếp nhận từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}",
    )


def items_by_codes(codes: list[str]) -> list[FeedbackItem]:
    """Items by their codes (Open311 reads a request's public status by its id)."""
    return list(FeedbackItem.objects.filter(code__in=codes).select_related("unit", "locality").order_by("pk"))


def rubric_measures(
    units: list[Unit], start: dt.date, end: dt.date, today: dt.date
) -> dict[int, dict[str, float | None]]:
    """The scoring rubric's feedback measures per unit: share answered on time, share of ratings satisfied (None
    when the unit received nothing, or nothing was rated)."""
    rows = {r.unit_id: r for r in figures(units, start, end, today)}
    out: dict[int, dict[str, float | None]] = {}
    for unit in units:
        row = rows.get(unit.pk)
        due = (row.answered + row.overdue_open) if row else 0
        rated = (row.satisfied + row.not_satisfied) if row else 0
        out[unit.pk] = {
            "feedback_on_time": row.on_time / due if row and due else None,
            "feedback_satisfied": row.satisfied / rated if row and rated else None,
        }
    return out


def territory_figures(root: Unit | None, start: dt.date, end: dt.date, today: dt.date) -> list[Figures]:
    """Figures of every unit under a People's Committee (the consolidated report's territory)."""
    if root is None:
        return []
    return figures(Unit.objects.filter(path__startswith=root.path), start, end, today)
