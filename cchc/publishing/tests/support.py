"""What the publishing tests share: fake Facebook and Zalo servers speaking their documented APIs, and a piece
written for one of Chợ Đồn's assignments, approved by the district's leader."""

from __future__ import annotations

import datetime as dt
import json
import urllib.parse
from http.server import BaseHTTPRequestHandler
from typing import Any

from cchc.execution.models import Assignment
from cchc.publishing import services
from cchc.publishing.models import ChannelKind, Piece
from cchc.publishing.services import PieceInput


class FakeSocial(BaseHTTPRequestHandler):
    """Facebook's Graph API `POST /{page}/feed` and Zalo's `POST /v2.0/article/create`, as documented."""

    calls: list[tuple[str, dict[str, Any], dict[str, str]]] = []
    answers: dict[str, tuple[int, dict[str, Any]]] = {}

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.headers["Content-Type"] == "application/json":
            data = json.loads(body)
        else:
            data = {k: v[0] for k, v in urllib.parse.parse_qs(body.decode()).items()}
        self.calls.append((self.path, data, {k.lower(): v for k, v in self.headers.items()}))
        status, answer = self.answers.get(self.path, (200, {"id": f"page_{len(self.calls)}"}))
        if self.path == "/v2.0/article/create" and self.path not in self.answers:
            answer = {"error": 0, "message": "Success", "data": {"id": f"zalo-{len(self.calls)}"}}
        payload = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: Any) -> None:
        pass


def draft(cast: Any, channels: list[str], **changes: Any) -> Piece:
    assignment = Assignment.objects.filter(plan=cast.plan, unit=cast.officer_unit, activity__isnull=False)[0]
    values = {
        "title": "Đăng ký khai sinh trực tuyến tại xã",
        "body": "Từ ngày 01/7/2024, người dân đăng ký khai sinh trên Cổng dịch vụ công.\nLệ phí: miễn phí.",
        "scheduled_for": dt.date(2024, 6, 12),
        "channels": channels,
        "link": "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.001193",
        **changes,
    }
    return services.create_piece(cast.officer, cast.officer_unit, PieceInput(**values), assignment)


def accounts(cast: Any) -> None:
    for kind, page in ((ChannelKind.FACEBOOK, "1234567890"), (ChannelKind.ZALO, "oa-42")):
        services.save_channel_account(cast.officer, cast.officer_unit, kind, page, f"token-{kind}")


def approved(cast: Any, piece: Piece) -> Piece:
    services.submit_piece(cast.officer, piece)
    return services.approve_piece(cast.leader, piece)
