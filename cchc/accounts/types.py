"""The types of who acts and who reads, for services, access functions and views.

- ``Actor``: who performs a write a service records in the audit log: a signed-in user, or ``None`` for the system
  (management commands, scheduled jobs, seeding).
- ``Viewer``: who reads: ``request.user``, signed in or not; access functions decide what a viewer may see.
- ``AuthenticatedRequest``: a request behind ``login_required`` or the API's authentication, whose user is a
  ``User`` (django-stubs' recommended pattern: annotate the view's ``request`` with it).
"""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from cchc.accounts.models import User

Actor: TypeAlias = User | None
Viewer: TypeAlias = User | AnonymousUser


class AuthenticatedRequest(HttpRequest):
    user: User
