"""The restore_diacritics command reads text without marks on stdin and writes it restored on stdout."""

from __future__ import annotations

import io
import sys

import pytest
from django.core.management import CommandError, call_command

from cchc.core.legacy_encodings import encode_text


def run(data: bytes, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    out = io.StringIO()
    call_command("restore_diacritics", stdout=out)
    return out.getvalue()


def test_the_command_restores_stdin_to_stdout(monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(b"Uy ban nhan dan tinh ban hanh Ke hoach.\n", monkeypatch) == "Ủy ban nhân dân tỉnh ban hành Kế hoạch.\n"


def test_the_command_reads_legacy_encodings(monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(encode_text("cải cách hành chính", "vni"), monkeypatch) == "cải cách hành chính"


def test_the_command_refuses_binary_input_in_vietnamese(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(CommandError, match="không phải văn bản thuần"):
        run(b"\x89PNG\r\n\x1a\n" + bytes(100), monkeypatch)
