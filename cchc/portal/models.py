"""What the portal keeps of a person: when they last opened their home page."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class HomeVisit(models.Model):
    """The last time a person opened their home page, so that it can say what changed since."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="home_visit")
    seen_at = models.DateTimeField("lần xem gần nhất")

    class Meta:
        verbose_name = "lần xem trang của tôi"
        verbose_name_plural = "lần xem trang của tôi"

    def __str__(self) -> str:
        return f"{self.user} · {self.seen_at:%d/%m/%Y %H:%M}"
