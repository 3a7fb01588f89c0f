"""The unit hierarchy (state bodies and the non-state bodies plans address) and named unit groups."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q

from cchc.units.naming import mention_key


class UnitKind(models.TextChoices):
    MINISTRY = "ministry", "Bộ, ngành trung ương"
    PROVINCE = "province", "UBND cấp tỉnh"
    DEPARTMENT = "department", "Sở, ban, ngành cấp tỉnh"
    DISTRICT = "district", "UBND cấp huyện"
    OFFICE = "office", "Phòng, ban cấp huyện/xã"
    COMMUNE = "commune", "UBND cấp xã"
    AGENCY = "agency", "Cơ quan, đơn vị khác"
    PARTY = "party", "Cơ quan Đảng"
    FRONT = "front", "Mặt trận Tổ quốc"
    MASS_ORGANISATION = "mass_organisation", "Tổ chức chính trị - xã hội, hội"
    PRESS = "press", "Báo, đài"
    SCHOOL = "school", "Trường chính trị"


# Levels that issue plans and own an administrative territory.
TERRITORIAL_KINDS = (UnitKind.MINISTRY, UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE)
# Bodies an issuer can only request, never command ("Đề nghị").
NON_STATE_KINDS = (UnitKind.PARTY, UnitKind.FRONT, UnitKind.MASS_ORGANISATION)


class UnitQuerySet(models.QuerySet["Unit"]):
    def valid_on(self, day: dt.date) -> UnitQuerySet:
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day)
        )

    def descendants_of(self, unit: Unit) -> UnitQuerySet:
        return self.filter(path__startswith=unit.path).exclude(pk=unit.pk)


class Unit(models.Model):
    """A body: People's Committee, department, office, Party committee, newspaper..."""

    code = models.CharField("mã", max_length=40, unique=True, null=True, blank=True)
    name = models.CharField("tên đơn vị", max_length=255)
    short_name = models.CharField("tên viết tắt", max_length=120, blank=True)
    symbol = models.CharField(
        "ký hiệu viết tắt tên cơ quan",
        max_length=20,
        blank=True,
        help_text="Như sổ đăng ký văn bản đi của cơ quan ghi (STP, SNV, UBND …): in sau ký hiệu loại văn bản (BC-STP).",
    )
    aliases = models.JSONField("tên gọi khác", default=list, blank=True)
    kind = models.CharField("loại", max_length=30, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name="đơn vị cấp trên", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # Materialised path of primary keys ("/1/5/42/"): subtree reads are one indexed prefix query.
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    locality = models.CharField("địa bàn", max_length=120, blank=True)
    admin_code = models.CharField("mã đơn vị hành chính", max_length=10, blank=True, db_index=True)
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_until = models.DateField("hiệu lực đến", null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name="đơn vị kế thừa",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
    )
    match_key = models.CharField(max_length=255, db_index=True, editable=False, default="")

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = "đơn vị"
        verbose_name_plural = "đơn vị"

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.match_key = mention_key(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]
        path = f"{self.parent.path}{self.pk}/" if self.parent_id and self.parent else f"/{self.pk}/"
        if path != self.path:
            old = self.path
            self.path = path
            Unit.objects.filter(pk=self.pk).update(path=path)
            if old:
                for child in Unit.objects.filter(path__startswith=old).exclude(pk=self.pk):
                    Unit.objects.filter(pk=child.pk).update(path=path + child.path[len(old) :])

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2 if self.path else 0

    def is_within(self, other: Unit) -> bool:
        """True when this unit is `other` or below it."""
        return bool(self.path) and self.path.startswith(other.path)

    def ancestors(self) -> list[Unit]:
        ids = [int(p) for p in self.path.strip("/").split("/")[:-1] if p]
        by_id = Unit.objects.in_bulk(ids)
        return [by_id[i] for i in ids if i in by_id]

    def territorial_root(self) -> Unit:
        """The nearest People's Committee (or ministry) at or above this unit."""
        if self.kind in TERRITORIAL_KINDS:
            return self
        for ancestor in reversed(self.ancestors()):
            if ancestor.kind in TERRITORIAL_KINDS:
                return ancestor
        return self


class UnitGroup(models.Model):
    """A collective mention ("UBND cấp xã", "Các sở, ban, ngành") resolved to units under a scope."""

    name = models.CharField("tên nhóm", max_length=255)
    aliases = models.JSONField("tên gọi khác", default=list, blank=True)
    scope = models.ForeignKey(
        Unit, verbose_name="phạm vi", on_delete=models.CASCADE, related_name="groups", null=True, blank=True
    )
    member_kinds = models.JSONField("loại đơn vị thành viên", default=list, blank=True)
    direct_children_only = models.BooleanField("chỉ đơn vị trực thuộc", default=True)
    extra_members = models.ManyToManyField(Unit, verbose_name="thành viên bổ sung", blank=True, related_name="+")
    match_key = models.CharField(max_length=255, db_index=True, editable=False, default="")

    class Meta:
        verbose_name = "nhóm đơn vị"
        verbose_name_plural = "nhóm đơn vị"
        constraints = [models.UniqueConstraint(fields=["scope", "match_key"], name="unique_group_per_scope")]

    def __str__(self) -> str:
        return f"{self.name} ({self.scope})" if self.scope else self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.match_key = mention_key(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def members(self, on: dt.date | None = None) -> UnitQuerySet:
        """The concrete units this group stands for."""
        units = Unit.objects.all()
        if self.scope is not None:
            units = units.filter(parent=self.scope) if self.direct_children_only else units.descendants_of(self.scope)
        units = units.filter(kind__in=self.member_kinds) if self.member_kinds else units.none()
        if on is not None:
            units = units.valid_on(on)
        extra = Unit.objects.filter(pk__in=self.extra_members.values("pk"))
        return (units | extra).distinct()
