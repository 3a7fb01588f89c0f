"""The history page's words: every audit action the code writes has a Vietnamese name; values read as pages do."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

from cchc.core import history

ACTION = re.compile(
    r"\"((?:accounts|assistant|execution|plans|reporting|units|contests|surveys|feedback|inspections|"
    r"indices|publishing|questions|portal|ops)\.[a-z_]+\.[a-z_]+)\""
)


def test_every_action_written_in_the_code_has_a_vietnamese_label() -> None:
    root = Path(history.__file__).resolve().parents[1]
    written = {
        m.group(1)
        for path in root.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
        for m in ACTION.finditer(path.read_text(encoding="utf-8"))
        if not m.group(1).endswith((".py", ".html", ".json"))
    }
    assert written, "no action found: the pattern is wrong"
    assert {a for a in written if history.action_label(a) == a} == set()


def test_changes_use_field_names_choice_labels_yes_no_and_vietnamese_dates() -> None:
    entry = SimpleNamespace(
        object_type="plans.plan",
        changed_fields=[
            ("is_public", None, True),
            ("status", "draft", "issued"),
            ("period_start", "2025-07-01", "2025-08-01"),
            ("updated_at", "2025-07-01T03:00:00+00:00", "2025-07-02T03:00:00+00:00"),
            ("recipients", None, []),
        ],
    )
    rows = {row.label: (row.before, row.after) for row in history.change_rows(entry)}
    assert rows == {
        "công khai tiến độ": ("—", "Có"),
        "trạng thái": ("Dự thảo", "Đã ban hành"),
        "từ ngày": ("01/07/2025", "01/08/2025"),
        "cập nhật lúc": ("01/07/2025 10:00", "02/07/2025 10:00"),
    }
    assert history.action_label("plans.plan.updated") == "Sửa kế hoạch"
