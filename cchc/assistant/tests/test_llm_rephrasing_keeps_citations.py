"""The optional OpenAI-compatible rephrasing, against a local fake server: used only when citations survive."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from django.test import override_settings

from cchc.assistant import llm, services


class FakeLLM(BaseHTTPRequestHandler):
    reply = ""

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        request = json.loads(self.rfile.read(length))
        assert request["messages"][-1]["role"] == "user"
        body = json.dumps({"choices": [{"message": {"content": FakeLLM.reply}}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def fake_llm() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), FakeLLM)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/v1"
    server.shutdown()


def test_a_rephrasing_that_keeps_the_code_is_used(fake_llm: str) -> None:
    FakeLLM.reply = "Bạn nộp tờ khai đăng ký kết hôn (mã 1.000894)."
    assert llm.rephrase(fake_llm, "kết hôn", "…", ["1.000894"]) == FakeLLM.reply


def test_a_rephrasing_that_drops_the_code_is_discarded(fake_llm: str) -> None:
    FakeLLM.reply = "Bạn cứ ra xã là được."
    assert llm.rephrase(fake_llm, "kết hôn", "…", ["1.000894"]) == ""


def test_an_unreachable_endpoint_changes_nothing() -> None:
    assert llm.rephrase("http://127.0.0.1:9/v1", "kết hôn", "…", ["1.000894"]) == ""


def test_the_reply_carries_the_rephrasing_beside_the_citations(fake_llm: str, corpus: Path) -> None:
    FakeLLM.reply = "Đăng ký kết hôn (mã 1.000894) làm ở Ủy ban nhân dân cấp xã."
    with override_settings(ASSISTANT_LLM_URL=fake_llm):
        reply = services.answer("đăng ký kết hôn ở đâu", log=False)
    assert reply.rephrased == FakeLLM.reply
    assert reply.cited[0].code == "1.000894" and reply.answer.startswith("Thủ tục đăng ký kết hôn")


def test_no_endpoint_is_called_by_default(corpus: Path) -> None:
    assert services.answer("đăng ký kết hôn ở đâu", log=False).rephrased == ""
