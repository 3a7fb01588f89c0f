"""The types of who acts and who reads, for services, access functions and views.

- ``Actor``: who performs a write a service records in the audit log: a signed-in user, or ``None`` for the system
  (management commands, scheduled jobs, seeding).
- ``Viewer``: who reads: ``request.user``, signed in or not; access functions decide what a viewer may see.
- ``AuthenticatedRequest``: a request behind ``login_required`` or the API's authentication, whose user is a
  ``User`` (django-stubs' recommended pattern: annotate the view's ``request`` with it).
- ``signed_in``: the check that narrows an actor or a viewer to a signed-in ``User`` for the type checker.
"""

from __future__ import annotations

from typing import TypeAlias, TypeGuard

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from cchc.accounts.models import User

Actor: TypeAlias = User | None
Viewer: TypeAlias = User | AnonymousUser


class AuthenticatedRequest(HttpRequest):
    user: User


def signed_in(user: Viewer | None) -> TypeGuard[User]:
    """A signed-in user: not anonymous, and not the system (None)."""
    return isinstance(user, User) and user.is_authenticated
