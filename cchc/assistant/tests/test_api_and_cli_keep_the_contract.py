"""The JSON contract: {"answered", "aspect", "results": [{"code", "name", "score"}], "answer"} from API and CLI."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

KEYS = {"answered", "aspect", "results", "answer"}


def test_the_api_answers_anonymous_citizens(client: Client, corpus: Path) -> None:
    cache.clear()
    response = client.post(
        "/api/assistant/ask", {"question": "dang ky ket hon can giay to gi"}, content_type="application/json"
    )
    assert response.status_code == 200
    body = response.json()
    assert set(body) == KEYS
    assert body["answered"] is True and body["aspect"] == "documents"
    assert body["results"][0]["code"] == "1.000894"
    assert set(body["results"][0]) == {"code", "name", "score"}


def test_the_api_reads_one_procedure(client: Client, corpus: Path) -> None:
    body = client.get("/api/assistant/procedures/1.001193").json()
    assert body["code"] == "1.001193" and body["documents"]


def run_ask(*args: str) -> list[dict]:
    out = StringIO()
    call_command("ask", *args, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_ask_prints_one_json_object(corpus: Path) -> None:
    (obj,) = run_ask("mất cmnd làm lại ở đâu", "--json")
    assert set(obj) == KEYS
    assert obj["answered"] and obj["aspect"] == "place"
    assert obj["results"][0]["code"] in {"1.014064", "2.001194", "1.000757"}
    scores = [r["score"] for r in obj["results"]]
    assert scores == sorted(scores, reverse=True)


def test_ask_batch_prints_one_object_per_line_in_order(corpus: Path, tmp_path: Path) -> None:
    batch = tmp_path / "q.txt"
    batch.write_text("đăng ký kết hôn\n\ncách nấu phở bò ngon\nlam giay khai sinh\n", encoding="utf-8")
    objs = run_ask("--batch", str(batch), "--json")
    assert len(objs) == 4
    assert all(set(o) == KEYS for o in objs)
    assert [o["answered"] for o in objs] == [True, False, False, True]
    assert objs[0]["results"][0]["code"] == "1.000894"
    assert objs[3]["results"][0]["code"] == "1.001193"
