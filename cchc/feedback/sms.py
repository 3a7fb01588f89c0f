"""Text messages to senders through a pluggable gateway: FEEDBACK_SMS_GATEWAY names a callable
(phone, text) → accepted; the default posts JSON to FEEDBACK_SMS_URL (most Vietnamese SMS brandname providers take
an HTTP POST); with neither set no SMS is sent."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Callable
from typing import cast

from django.conf import settings
from django.utils.module_loading import import_string

Gateway = Callable[[str, str], bool]


def http_gateway(phone: str, text: str) -> bool:
    """POST {"to", "text", "sender"} as JSON with the bearer token; accepted when the gateway answers 2xx."""
    url = str(settings.FEEDBACK_SMS_URL or "")
    if not url.startswith(("http://", "https://")):
        raise RuntimeError("Chưa cấu hình cổng gửi tin nhắn (FEEDBACK_SMS_URL).")
    body = json.dumps({"to": phone, "text": text, "sender": settings.FEEDBACK_SMS_SENDER}).encode()
    request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": "application/json"})
    if settings.FEEDBACK_SMS_TOKEN:
        request.add_header("Authorization", f"Bearer {settings.FEEDBACK_SMS_TOKEN}")
    with urllib.request.urlopen(request, timeout=10) as response:
        return 200 <= int(response.status) < 300


def send_sms(phone: str, text: str) -> bool:
    """Send through the configured gateway; raises or returns False when it did not take the message."""
    gateway = cast(Gateway, import_string(str(settings.FEEDBACK_SMS_GATEWAY)))
    return gateway(phone, text)
