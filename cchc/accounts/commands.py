"""Management commands acting for a person.

`--as USERNAME` makes a command ask the apps' access.py as that user and record them in the audit log, exactly as
the same action in the browser would; without it the command acts as the system (the administrator at the server's
shell, who can read the database anyway), and the audit log says so.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from cchc.accounts.models import User
from cchc.accounts.types import Actor


def add_actor_argument(parser: CommandParser) -> None:
    parser.add_argument(
        "--as",
        dest="actor",
        metavar="TÊN_ĐĂNG_NHẬP",
        help="Thực hiện với quyền của tài khoản này (kiểm tra quyền như trên giao diện, ghi nhật ký tên người này); "
        "bỏ trống: hệ thống thực hiện.",
    )


def actor_from(options: dict[str, Any]) -> Actor:
    """The user named by --as (an active account), or None for the system."""
    username = options.get("actor")
    if not username:
        return None
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"Không có tài khoản đang hoạt động «{username}».")
    return user
