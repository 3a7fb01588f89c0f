"""Building question-bank workbooks and banks for tests (contests and surveys tests use them too)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from cchc.questions import excel, services
from cchc.questions.models import QuestionBank


def workbook(rows: Sequence[Sequence[Any]]) -> bytes:
    """The shipped template with its example row replaced by `rows`."""
    wb = load_workbook(io.BytesIO(excel.build_template()))
    ws = wb[excel.SHEET]
    ws.delete_rows(2)
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def choice_row(
    text: str, difficulty: str = "Dễ", tag: str = "", pillar: str = "Cải cách thủ tục hành chính"
) -> list[Any]:
    return ["Một đáp án đúng", text, "Đúng là A", "Sai B", "Sai C", "", "", "", "A", pillar, difficulty, tag]


def upload(content: bytes, name: str = "cau-hoi.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def filled_bank(actor: Any, unit: Any, rows: Sequence[Sequence[Any]], name: str = "Ngân hàng thử") -> QuestionBank:
    bank = services.create_bank(actor, name, unit)
    item = services.check_bank_import(actor, bank, upload(workbook(rows)))
    assert item.status == item.Status.CHECKED, item.errors
    services.commit_bank_import(actor, item)
    return bank


def standard_rows(easy: int = 6, medium: int = 6, hard: int = 4) -> list[list[Any]]:
    rows = [choice_row(f"Câu dễ số {i}", "Dễ", "tuần 1") for i in range(easy)]
    rows += [choice_row(f"Câu trung bình số {i}", "Trung bình") for i in range(medium)]
    rows += [choice_row(f"Câu khó số {i}", "Khó") for i in range(hard)]
    return rows
