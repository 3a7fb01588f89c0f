"""Yearly values of the indices plans aim at (PAR INDEX, SIPAS, PAPI, PCI, DTI), per locality, as published, and
the targets a plan's objectives set on them."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cchc.indices.scales import INDICES


class IndexKind(models.TextChoices):
    PAR = "par", INDICES["par"].short
    SIPAS = "sipas", INDICES["sipas"].short
    PAPI = "papi", INDICES["papi"].short
    PCI = "pci", INDICES["pci"].short
    DTI = "dti", INDICES["dti"].short


class IndexValue(models.Model):
    """One published figure: a locality's total (component "") or a named sub-index for one year, its rank, and
    where it was published. The locality is the province as the publisher names it ("Tuyên Quang"): the tables
    name provinces, and a 2024 value belongs to the province of 2024 whatever became of it on 1 July 2025."""

    locality = models.CharField("địa phương", max_length=120)
    index = models.CharField("chỉ số", max_length=8, choices=IndexKind.choices)
    component = models.CharField("chỉ số thành phần", max_length=160, blank=True)
    year = models.PositiveSmallIntegerField("năm")
    value = models.DecimalField("giá trị", max_digits=9, decimal_places=4, null=True, blank=True)
    rank = models.PositiveSmallIntegerField("xếp hạng", null=True, blank=True)
    rank_of = models.PositiveSmallIntegerField("trên tổng số", null=True, blank=True)
    source = models.CharField("nguồn công bố", max_length=500)
    note = models.CharField("ghi chú", max_length=300, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["locality", "index", "component", "year"]
        verbose_name = "giá trị chỉ số"
        verbose_name_plural = "giá trị chỉ số"
        constraints = [
            models.UniqueConstraint(fields=["locality", "index", "component", "year"], name="one_index_value_a_year"),
            models.CheckConstraint(
                condition=models.Q(value__isnull=False) | models.Q(rank__isnull=False), name="index_value_or_rank"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_index_display()} {self.component or ''} {self.locality} {self.year}: {self.value}"


class IndexTarget(models.Model):
    """A plan's objective linked to the index (or sub-index) it aims to move, with the value aimed at by a year."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="index_targets")
    objective = models.TextField("mục tiêu của kế hoạch")
    index = models.CharField("chỉ số", max_length=8, choices=IndexKind.choices)
    component = models.CharField("chỉ số thành phần", max_length=160, blank=True)
    year = models.PositiveSmallIntegerField("năm đánh giá")
    target = models.DecimalField("giá trị mục tiêu", max_digits=9, decimal_places=4)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "index", "component", "year"]
        verbose_name = "mục tiêu chỉ số"
        verbose_name_plural = "mục tiêu chỉ số"
        constraints = [
            models.UniqueConstraint(fields=["plan", "index", "component", "year"], name="one_target_per_index_year")
        ]

    def __str__(self) -> str:
        return f"{self.get_index_display()} {self.year}: {self.target}"
