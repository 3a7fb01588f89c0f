"""Users and their roles."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "Quản trị hệ thống"
    OWNER = "owner", "Cơ quan chủ trì kế hoạch"
    OFFICER = "officer", "Cán bộ đơn vị"
    LEADER = "leader", "Lãnh đạo"
    PUBLIC = "public", "Người dân"


class User(AbstractUser):
    """A person who logs in. Staff roles act for one unit (`unit`)."""

    role = models.CharField("vai trò", max_length=20, choices=Role.choices, default=Role.PUBLIC)
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name="đơn vị",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    phone = models.CharField("điện thoại", max_length=20, blank=True)
    # Set when someone else chose the password (an administrator creating or resetting the account): the person
    # must choose their own at the next login before anything else.
    must_change_password = models.BooleanField("phải đổi mật khẩu khi đăng nhập", default=False)

    class Meta:
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"

    @property
    def is_admin(self) -> bool:
        return self.is_superuser or self.role == Role.ADMIN

    @property
    def is_staff_role(self) -> bool:
        return self.is_admin or self.role in {Role.OWNER, Role.OFFICER, Role.LEADER}

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class ApiToken(models.Model):
    """A key other systems send as `Authorization: Token <key>`; only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("tên", max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "khóa API"
        verbose_name_plural = "khóa API"

    def __str__(self) -> str:
        return f"{self.user} · {self.name}"
