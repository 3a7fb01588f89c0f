"""The handling actions on one item (accept, refuse, assign, draft, approve, publish, transfer …): who may take
each and the service it calls, shared by the staff pages and the REST API so both apply the same rules."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from cchc.accounts.models import User
from cchc.core.inputs import parse_int
from cchc.feedback import access, services
from cchc.feedback.models import FeedbackItem

# The values an action reads: a form's POST (a QueryDict) or a JSON body's fields.
Data = Mapping[str, Any]


def _unit_id(data: Data) -> int | None:
    return parse_int(data.get("unit"), label="Đơn vị", maximum=2**31 - 1)


def _extend(user: User, found: FeedbackItem, data: Data) -> FeedbackItem:
    days = parse_int(data.get("days"), label="Số ngày gia hạn", maximum=1000) or 0
    return services.extend(user, found, days, data.get("reason", ""))


def _correct(user: User, found: FeedbackItem, data: Data) -> FeedbackItem:
    return services.correct_personal_data(
        user, found, **{k: data.get(k, "") for k in services.PERSONAL_FIELDS if k in data}
    )


# Each action: who may take it (handling unit, approving leader, sorting owner) and the service it calls.
ACTIONS: dict[str, tuple[str, Callable[[User, FeedbackItem, Data], object]]] = {
    "accept": ("handle", lambda u, f, p: services.accept(u, f)),
    "refuse": ("handle", lambda u, f, p: services.refuse_item(u, f, p.get("reason", ""))),
    "assign": ("handle", lambda u, f, p: services.assign(u, f, access.officer_for(u, f, p.get("assignee")))),
    "draft": ("handle", lambda u, f, p: services.draft_answer(u, f, p.get("answer", ""), p.get("public_content", ""))),
    "approve": ("approve", lambda u, f, p: services.approve(u, f)),
    "return": ("approve", lambda u, f, p: services.return_draft(u, f, p.get("note", ""))),
    "publish": ("handle_or_approve", lambda u, f, p: services.publish(u, f)),
    "close": ("handle", lambda u, f, p: services.close(u, f)),
    "extend": ("handle", _extend),
    "transfer": (
        "handle",
        lambda u, f, p: services.transfer(u, f, access.target_unit(u, _unit_id(p)), p.get("reason", "")),
    ),
    "route": ("route", lambda u, f, p: services.route(u, f, access.target_unit(u, _unit_id(p)))),
    "merge": ("handle", lambda u, f, p: services.merge(u, f, access.item_by_code_for_user(u, p.get("into", "")))),
    "split": (
        "handle",
        lambda u, f, p: services.split(u, f, access.target_unit(u, _unit_id(p)), p.get("content", "")),
    ),
    "erase": ("handle", lambda u, f, p: services.erase_personal_data(u, f)),
    "correct": ("handle", _correct),
}


def _may(user: User, found: FeedbackItem, permission: str) -> bool:
    if permission == "handle_or_approve":
        return access.can_handle(user, found) or access.can_approve(user, found)
    checks = {"handle": access.can_handle, "approve": access.can_approve, "route": access.can_route}
    return checks[permission](user, found)


def allowed(user: User, found: FeedbackItem, action: str) -> Callable[[User, FeedbackItem, Data], object]:
    """The service call of `action` on an item the user may read: 404 for an action that does not exist, 403 for
    one this user may not take."""
    if action not in ACTIONS:
        raise Http404("Không có thao tác này.")
    permission, run = ACTIONS[action]
    if not _may(user, found, permission):
        raise PermissionDenied("Bạn không có quyền thực hiện thao tác này với phản ánh.")
    return run


def take(user: User, found: FeedbackItem, action: str, data: Data) -> None:
    """Take `action` with the values `data` gives (a form's or a JSON body's); InputError for a bad value."""
    allowed(user, found, action)(user, found, data)
