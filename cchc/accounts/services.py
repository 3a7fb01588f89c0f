"""Writers for accounts: demo accounts and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import transaction

from cchc.accounts.models import ApiToken, User
from cchc.accounts.types import Actor
from cchc.core.audit import log_action


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def create_token(actor: Actor, user: User, name: str = "") -> str:
    """Make an API token for a user; the key is shown once and only its hash is stored."""
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name or "API", key_hash=_digest(key))
    log_action(actor, "accounts.token.created", token, after={"user": user.pk, "name": token.name})
    return key


def user_for_token(key: str) -> User | None:
    """The active user a token key belongs to."""
    token = ApiToken.objects.filter(key_hash=_digest(key), user__is_active=True).select_related("user").first()
    return token.user if token else None


def _set_password(actor: Actor, user: User, password: str, *, must_change: bool, action: str) -> User:
    user.set_password(password)
    user.must_change_password = must_change
    user.save(update_fields=["password", "must_change_password"])
    log_action(actor, action, user, after={"username": user.username})
    return user


@transaction.atomic
def change_password(actor: Actor, user: User, password: str) -> User:
    """A person sets their own password (validated by the form): no forced change is pending any more."""
    return _set_password(actor, user, password, must_change=False, action="accounts.password.changed")


@transaction.atomic
def set_password_by_admin(actor: Actor, user: User, password: str) -> User:
    """An administrator sets someone's password: they must change it at their next login."""
    return _set_password(actor, user, password, must_change=True, action="accounts.password.reset")


@transaction.atomic
def upsert_user(
    actor: Actor,
    username: str,
    *,
    password: str,
    role: str,
    unit: Any = None,
    reset_password: bool = False,
    **fields: Any,
) -> User:
    """Create a user or bring an existing one to the given role and unit (used by the demo set-up); the password
    is set on creation, or again with reset_password."""
    user = User.objects.filter(username=username).first()
    created = user is None
    if user is None:
        user = User(username=username)
    user.role, user.unit = role, unit
    for name, value in fields.items():
        setattr(user, name, value)
    user.is_staff = role == "admin"
    user.is_superuser = role == "admin"
    if created or reset_password:
        user.set_password(password)
    user.save()
    log_action(
        actor,
        "accounts.user.created" if created else "accounts.user.updated",
        user,
        after={"username": username, "role": role, "unit": getattr(unit, "pk", None)},
    )
    return user
