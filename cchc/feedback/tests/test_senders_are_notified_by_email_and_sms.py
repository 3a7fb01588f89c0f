"""Notifications to senders: e-mail, and SMS through the pluggable gateway tested against a local fake HTTP
server; marked sent only once accepted, retried after a failure, given up after the last attempt."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from django.core import mail
from django.test import override_settings

from cchc.feedback import services
from cchc.feedback.models import DeliveryStatus, Notification

from .conftest import Desk, submit


class FakeGateway(BaseHTTPRequestHandler):
    received: list[dict[str, Any]] = []
    fail = False

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeGateway.received.append(body | {"auth": self.headers.get("Authorization")})
        self.send_response(503 if FakeGateway.fail else 200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def gateway() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), FakeGateway)
    FakeGateway.received, FakeGateway.fail = [], False
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sms"
    server.shutdown()
    server.server_close()


@pytest.mark.django_db
def test_the_sender_gets_an_email_and_an_sms_once_each(desk: Desk, gateway: str) -> None:
    with override_settings(
        FEEDBACK_SMS_URL=gateway, FEEDBACK_SMS_TOKEN="khoa", FEEDBACK_SMS_GATEWAY="cchc.feedback.sms.http_gateway"
    ):
        item = submit(desk, sender_email="binh@example.com")
        assert services.deliver_notifications() == {"sent": 2, "failed": 0}
        assert services.deliver_notifications() == {"sent": 0, "failed": 0}
    assert [m.to for m in mail.outbox] == [["binh@example.com"]] and item.code in mail.outbox[0].body
    (sms,) = FakeGateway.received
    assert sms["to"] == "0987654321" and item.code in sms["text"] and sms["auth"] == "Bearer khoa"
    assert set(item.notifications.values_list("status", flat=True)) == {DeliveryStatus.SENT}


@pytest.mark.django_db
def test_a_refused_sms_is_retried_then_given_up(desk: Desk, gateway: str) -> None:
    FakeGateway.fail = True
    with override_settings(
        FEEDBACK_SMS_URL=gateway, FEEDBACK_SMS_GATEWAY="cchc.feedback.sms.http_gateway", REMINDER_EMAIL_MAX_ATTEMPTS=2
    ):
        item = submit(desk)
        assert services.deliver_notifications() == {"sent": 0, "failed": 1}
        sms = Notification.objects.get(item=item)
        assert sms.status == DeliveryStatus.PENDING and sms.attempts == 1 and "503" in sms.error
        assert services.deliver_notifications()["failed"] == 0  # not before its retry time
        Notification.objects.filter(pk=sms.pk).update(next_at=sms.next_at.replace(year=2000))  # type: ignore[union-attr]
        FakeGateway.fail = False
        assert services.deliver_notifications() == {"sent": 1, "failed": 0}
        other = submit(desk, sender_phone="0911000222")
        FakeGateway.fail = True
        services.deliver_notifications()
        Notification.objects.filter(item=other).update(next_at=sms.next_at.replace(year=2000))  # type: ignore[union-attr]
        services.deliver_notifications()
        assert Notification.objects.get(item=other).status == DeliveryStatus.FAILED


@pytest.mark.django_db
def test_without_a_gateway_no_sms_is_queued(desk: Desk) -> None:
    item = submit(desk)
    assert not item.notifications.filter(channel="sms").exists()
