"""Open311 GeoReport v2 (JSON) beside the REST API: the service list, creating a request and reading its status, so
civic apps and kiosks already speaking Open311 send feedback here. Creating needs an `api_key`: the token of a
staff account (a kiosk's), whose operator shows the consent notice; the request gets a PAKN code like any item."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from cchc.accounts.services import user_for_token
from cchc.core.clients import over_rate
from cchc.core.inputs import InputError
from cchc.feedback import access, selectors, services
from cchc.feedback.models import ANSWERED_STATUSES, Channel, FeedbackItem, Topic

DESCRIPTIONS = {
    Topic.PROCEDURE: "Phản ánh, kiến nghị về thủ tục hành chính (hồ sơ, giấy tờ, trình tự).",
    Topic.REGULATION: "Phản ánh, kiến nghị về quy định hành chính.",
    Topic.ONLINE_SERVICE: "Phản ánh về dịch vụ công trực tuyến.",
    Topic.CONDUCT: "Phản ánh về thái độ, hành vi của cán bộ, công chức.",
    Topic.FEES: "Phản ánh về phí, lệ phí, thời gian giải quyết.",
    Topic.OTHER: "Phản ánh, kiến nghị khác.",
}


def _error(status: int, description: str) -> JsonResponse:
    return JsonResponse([{"code": status, "description": description}], status=status, safe=False)


def _stamp(moment: dt.datetime | dt.date | None) -> str | None:
    if moment is None:
        return None
    if not isinstance(moment, dt.datetime):
        moment = timezone.make_aware(dt.datetime.combine(moment, dt.time(17, 0)))
    return timezone.localtime(moment).isoformat(timespec="seconds")


@require_GET
def services_list(request: HttpRequest) -> JsonResponse:
    """GET services.json: one service per topic."""
    return JsonResponse(
        [
            {
                "service_code": code,
                "service_name": label,
                "description": DESCRIPTIONS[Topic(code)],
                "metadata": False,
                "type": "realtime",
                "keywords": "",
                "group": "Phản ánh, kiến nghị",
            }
            for code, label in Topic.choices
        ],
        safe=False,
    )


def _public(item: FeedbackItem) -> dict[str, Any]:
    """A request as Open311 shows it: no personal data, the answer only once published."""
    answered = item.status in ANSWERED_STATUSES
    return {
        "service_request_id": item.code,
        "status": "open" if item.is_open else "closed",
        "status_notes": item.get_status_display() + (f": {item.answer}" if answered and item.answer else ""),
        "service_name": item.get_topic_display(),
        "service_code": item.topic,
        "description": item.public_content if answered and item.publish_consent else "",
        "agency_responsible": str(item.unit or ""),
        "service_notice": f"Hạn trả lời: {item.due_on:%d/%m/%Y}",
        "requested_datetime": _stamp(item.received_at),
        "updated_datetime": _stamp(item.closed_at or item.approved_at or item.received_at),
        "expected_datetime": _stamp(item.due_on),
        "address": item.locality.locality if item.locality else "",
    }


@csrf_exempt  # authenticated by api_key, never by a cookie
@require_http_methods(["GET", "POST"])
def requests(request: HttpRequest) -> JsonResponse:
    """POST requests.json creates a request (api_key required); GET requests.json?service_request_id=… reads some."""
    if request.method == "GET":
        codes = [c.strip().upper() for c in request.GET.get("service_request_id", "").split(",") if c.strip()][:50]
        return JsonResponse([_public(i) for i in selectors.items_by_codes(codes)], safe=False)
    if over_rate(request, "open311", int(settings.FEEDBACK_SUBMISSIONS_PER_HOUR) * 10, 3600):
        return _error(429, "Quá nhiều yêu cầu từ máy này. Vui lòng thử lại sau.")
    user = user_for_token(request.POST.get("api_key", ""))
    if user is None or not access.can_enter_items(user):
        return _error(403, "api_key không hợp lệ.")
    post = request.POST
    if post.get("service_code") not in Topic.values:
        return _error(400, "service_code không có trong danh sách dịch vụ (services.json).")
    address = post.get("address_string", "")[:200]
    place = selectors.place_for_label(address, timezone.localdate()) if address.strip() else None
    name = " ".join(x for x in (post.get("first_name", ""), post.get("last_name", "")) if x).strip()
    submission = services.Submission(
        topic=post["service_code"],
        content=post.get("description", ""),
        locality=place.unit if place else None,
        sender_name=name[:500],
        sender_phone=post.get("phone", "")[:100],
        sender_email=post.get("email", "")[:500],
        sender_address=address if place is None else "",
        consent=True,
        publish_consent=False,
        channel=Channel.OPEN311,
    )
    try:
        item, _ = services.submit(user, submission)
    except InputError as exc:
        return _error(400, exc.message)
    return JsonResponse(
        [
            {
                "service_request_id": item.code,
                "service_notice": f"Hạn trả lời: {item.due_on:%d/%m/%Y}",
                "account_id": None,
            }
        ],
        safe=False,
        status=201,
    )


@require_GET
def request_detail(request: HttpRequest, code: str) -> JsonResponse:
    """GET requests/<id>.json."""
    found = selectors.items_by_codes([code.upper()])
    if not found:
        return _error(404, "Không tìm thấy yêu cầu.")
    return JsonResponse([_public(found[0])], safe=False)
