"""Reminder e-mails with the mail server down, refusing, or back: marked sent only once it accepted them."""

from __future__ import annotations

import datetime as dt
import os
import socket
import socketserver
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cchc.execution.models import EmailStatus, Reminder
from cchc.execution.services import deliver_reminder_emails, send_reminders

D = dt.date
SMTP = "django.core.mail.backends.smtp.EmailBackend"


class _SmtpHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP to accept (or refuse, with 451) one message per session."""

    def handle(self) -> None:
        server: Any = self.server
        self.wfile.write(b"220 thu-nghiem ESMTP\r\n")
        data: list[bytes] = []
        in_data = False
        for raw in self.rfile:
            if in_data:
                if raw in (b".\r\n", b".\n"):
                    in_data = False
                    server.messages.append(b"".join(data))
                    self.wfile.write(b"250 OK\r\n")
                    data = []
                else:
                    data.append(raw)
                continue
            verb = raw[:4].upper()
            if verb in (b"EHLO", b"HELO"):
                self.wfile.write(b"250 thu-nghiem\r\n")
            elif verb == b"MAIL":
                self.wfile.write(b"451 Try again later\r\n" if server.refuse else b"250 OK\r\n")
            elif verb == b"RCPT":
                self.wfile.write(b"250 OK\r\n")
            elif verb == b"DATA":
                in_data = True
                self.wfile.write(b"354 Go\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 Bye\r\n")
                return
            else:
                self.wfile.write(b"250 OK\r\n")


@pytest.fixture
def smtp_server() -> Iterator[Any]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SmtpHandler)
    server.daemon_threads = True
    server.messages, server.refuse = [], False  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def mailed(issued: Any) -> Any:
    issued.officer.email = "canbo@example.gov.vn"
    issued.officer.save()
    return issued


def test_with_the_mail_server_down_nothing_is_marked_emailed_and_the_job_fails(mailed: Any, settings: Any) -> None:
    settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT = SMTP, "127.0.0.1", _closed_port()
    with pytest.raises(CommandError, match="Gửi thư lỗi") as failure:
        call_command("send_reminders", ngay="28/03/2024")
    assert failure.value.returncode == 2
    mine = Reminder.objects.filter(recipient=mailed.officer)
    assert mine.exists()
    assert set(mine.values_list("email_status", "email_attempts")) == {(EmailStatus.PENDING, 1)}
    assert not mine.filter(emailed_at__isnull=False).exists()
    assert all("ConnectionRefused" in r.email_error for r in mine)
    # Backoff: the next try is five minutes away, so running again at once does not hammer the server.
    assert all(r.email_next_at > timezone.now() + dt.timedelta(seconds=250) for r in mine)
    assert deliver_reminder_emails().email_failed == 0


def test_failures_are_retried_with_doubling_delays_then_given_up_and_listed(mailed: Any, settings: Any) -> None:
    settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT = SMTP, "127.0.0.1", _closed_port()
    settings.REMINDER_EMAIL_MAX_ATTEMPTS = 3
    send_reminders(D(2024, 3, 28))
    mine = Reminder.objects.filter(recipient=mailed.officer)
    first = mine.first()
    assert first is not None and first.email_attempts == 1
    before = timezone.now()
    mine.update(email_next_at=before)  # time passes until the retry is due
    assert deliver_reminder_emails().email_given_up == 0
    first.refresh_from_db()
    assert first.email_next_at is not None
    assert round((first.email_next_at - before).total_seconds() / 60) == 10  # 5 minutes, then 10
    mine.update(email_next_at=timezone.now())
    assert deliver_reminder_emails().email_given_up == mine.count()
    assert set(mine.values_list("email_status", "email_attempts")) == {(EmailStatus.FAILED, 3)}
    admin = Client()
    admin.force_login(mailed.admin)
    listing = admin.get(reverse("admin:execution_reminder_changelist") + "?email_status__exact=failed").content.decode()
    assert "ConnectionRefusedError" in listing and "Gửi lỗi, đã thôi thử lại" in listing
    # The administrator fixes the mail settings and sends them again from the list.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()
    admin.post(
        reverse("admin:execution_reminder_changelist"),
        {"action": "retry_emails", "_selected_action": list(mine.values_list("pk", flat=True))},
    )
    assert set(mine.values_list("email_status", flat=True)) == {EmailStatus.SENT}
    assert len(mail.outbox) == 1


def test_a_refusing_server_then_a_working_one_sends_each_reminder_once(
    mailed: Any, settings: Any, smtp_server: Any
) -> None:
    settings.EMAIL_BACKEND, settings.EMAIL_HOST = SMTP, "127.0.0.1"
    settings.EMAIL_PORT = smtp_server.server_address[1]
    smtp_server.refuse = True
    run = send_reminders(D(2024, 3, 28))
    assert run.emailed == 0 and run.email_failed >= 1 and smtp_server.messages == []
    mine = Reminder.objects.filter(recipient=mailed.officer)
    assert "451" in mine.first().email_error  # type: ignore[union-attr]
    smtp_server.refuse = False
    mine.update(email_next_at=timezone.now())
    again = deliver_reminder_emails()
    assert again.emailed == mine.count() and len(smtp_server.messages) == 1
    assert set(mine.values_list("email_status", flat=True)) == {EmailStatus.SENT}
    assert not mine.filter(emailed_at__isnull=True).exists()
    deliver_reminder_emails()
    send_reminders(D(2024, 3, 28))
    assert len(smtp_server.messages) == 1


def test_the_mail_settings_are_read_from_the_environment() -> None:
    env = {
        **os.environ,
        "EMAIL_HOST": "smtp.tinh.gov.vn",
        "EMAIL_PORT": "2525",
        "EMAIL_HOST_USER": "nhacviec",
        "EMAIL_HOST_PASSWORD": "bi-mat",
        "EMAIL_USE_TLS": "1",
        "DEFAULT_FROM_EMAIL": "cchc@tinh.gov.vn",
    }
    env.pop("EMAIL_BACKEND", None)
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_HOST_PASSWORD, "
        "s.EMAIL_USE_TLS, s.DEFAULT_FROM_EMAIL)"
    )
    env["DJANGO_SETTINGS_MODULE"] = "cchc.settings"
    root = Path(__file__).resolve().parents[3]
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=root, capture_output=True, text=True, check=True)
    assert out.stdout.split() == [SMTP, "smtp.tinh.gov.vn", "2525", "nhacviec", "bi-mat", "True", "cchc@tinh.gov.vn"]
