"""The Excel template of a question bank: building it, and reading each row into a question (or its errors)."""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook

from cchc.core import files, inputs
from cchc.core.text import fold
from cchc.documents import sheets
from cchc.questions.models import (
    CONTEST_KINDS,
    MAX_OPTIONS,
    SCALE_OPTIONS,
    TRUE_FALSE_LABELS,
    Difficulty,
    Pillar,
    QuestionKind,
)

SHEET = "Câu hỏi"
LETTERS = string.ascii_uppercase[:MAX_OPTIONS]
COLUMNS: tuple[sheets.Column, ...] = (
    ("kind", "Loại câu hỏi", 22),
    ("text", "Nội dung câu hỏi", 60),
    *((f"option_{letter}", f"Phương án {letter}", 28) for letter in LETTERS),
    ("correct", "Đáp án đúng", 16),
    ("pillar", "Nội dung CCHC", 30),
    ("difficulty", "Độ khó", 14),
    ("tags", "Thẻ", 24),
)
FIELD_LABELS = {name: label for name, label, _ in COLUMNS}
ZIP_LIMITS = files.ZipLimits(total=50 * 1024 * 1024, member=40 * 1024 * 1024, ratio=100)
MAX_ROWS = 5000
TEXT_MAX = 2000
OPTION_MAX = 500
_KINDS = {fold(label): value for value, label in QuestionKind.choices} | {
    "mot dap an": QuestionKind.SINGLE,
    "nhieu dap an": QuestionKind.MULTIPLE,
    "dung sai": QuestionKind.TRUE_FALSE,
    "dung/sai": QuestionKind.TRUE_FALSE,
    "so": QuestionKind.NUMBER,
}
_PILLARS = {fold(label): value for value, label in Pillar.choices} | {fold(v): v for v in Pillar.values}
_DIFFICULTIES = {fold(label): value for value, label in Difficulty.choices} | {str(v): v for v in Difficulty.values}


@dataclass
class BankRow:
    number: int
    values: dict[str, Any]
    errors: dict[str, str] = field(default_factory=dict)


def build_template() -> bytes:
    """The empty bank sheet with the lists to choose from and a guide."""
    wb = Workbook()
    ws = sheets.template_sheet(wb, SHEET, COLUMNS)
    lists = wb.create_sheet("Danh mục")
    columns = (
        [label for _, label in QuestionKind.choices],
        [label for _, label in Pillar.choices],
        [label for _, label in Difficulty.choices],
    )
    for col, values in enumerate(columns, start=1):
        for row, value in enumerate(values, start=1):
            lists.cell(row=row, column=col, value=value)
    for col_letter, list_letter, values in zip(("A", "J", "K"), ("A", "B", "C"), columns, strict=True):
        sheets.choose_from(ws, col_letter, MAX_ROWS + 1, ("Danh mục", list_letter, len(values)),
                           "Hãy chọn trong danh sách.")  # fmt: skip
    ws.append(
        [QuestionKind.SINGLE.label, "Cổng Dịch vụ công quốc gia có địa chỉ nào?", "dichvucong.gov.vn", "chinhphu.vn"]
        + [""] * (MAX_OPTIONS - 2)
        + ["A", Pillar.DIGITAL_GOVERNMENT.label, Difficulty.EASY.label, "tuần 1"]
    )
    sheets.guide_sheet(
        wb,
        (
            "Mỗi dòng của trang «Câu hỏi» là một câu hỏi (dòng 2 là ví dụ: xóa hoặc sửa lại trước khi tải lên).",
            "Loại câu hỏi: một đáp án đúng, nhiều đáp án đúng, đúng / sai, điền số; phiếu khảo sát còn có "
            "thang đánh giá 5 mức (Rất không hài lòng … Rất hài lòng) và trả lời tự do, và không cần đáp án đúng.",
            f"Phương án A–{LETTERS[-1]}: ít nhất hai phương án (câu đúng / sai và điền số để trống các cột này).",
            "Đáp án đúng: chữ cái của phương án (nhiều đáp án: «A, C»); câu đúng / sai: «Đúng» hoặc «Sai»; "
            "câu điền số: con số.",
            "Nội dung CCHC và Độ khó: chọn trong danh sách; Thẻ: các từ khóa cách nhau bằng dấu phẩy (ví dụ «tuần 1»).",
            "Tải tệp lên để kiểm tra trước; nếu có lỗi, không câu nào được thêm. Sửa lỗi rồi tải lại.",
        ),
    )
    return sheets.to_bytes(wb)


def read_rows(content: bytes, name: str, *, survey: bool = False) -> list[BankRow]:
    """Every filled row as a question's values, with its errors; raises WorkbookError for a file that is not the
    template or holds more than MAX_ROWS questions. A survey's questions need no right answer and may be scales or
    free text; a contest's must have one."""
    rows: list[BankRow] = []
    for number, cells in sheets.read_filled_rows(content, name=name, sheet=SHEET, columns=COLUMNS, limits=ZIP_LIMITS):
        if len(rows) >= MAX_ROWS:
            raise sheets.WorkbookError(f"Tệp có hơn {inputs.vn_number(MAX_ROWS)} câu hỏi: hãy chia thành nhiều tệp.")
        rows.append(_row(number, cells, survey))
    return rows


def _clean(cells: dict[str, Any], name: str, errors: dict[str, str], max_length: int) -> str:
    try:
        return inputs.clean_text(sheets.cell_text(cells.get(name)), label=FIELD_LABELS[name], max_length=max_length)
    except inputs.InputError as exc:
        errors[name] = exc.message
        return ""


def _row(number: int, cells: dict[str, Any], survey: bool) -> BankRow:
    errors: dict[str, str] = {}
    kind_text = sheets.cell_text(cells.get("kind"))
    kind = _KINDS.get(fold(kind_text), "")
    if not kind:
        errors["kind"] = f"Loại câu hỏi «{kind_text}» không có trong danh sách." if kind_text else "Chưa ghi loại."
    elif not survey and kind not in CONTEST_KINDS:
        errors["kind"] = f"Loại «{kind_text}» chỉ dùng cho phiếu khảo sát, không dùng cho cuộc thi."
    text = _clean(cells, "text", errors, TEXT_MAX)
    if not text and "text" not in errors:
        errors["text"] = "Chưa có nội dung câu hỏi."
    options = {letter: _clean(cells, f"option_{letter}", errors, OPTION_MAX) for letter in LETTERS}
    correct_text = sheets.cell_text(cells.get("correct"))
    values: dict[str, Any] = {"kind": kind, "text": text, "options": [], "correct": []}
    if kind == QuestionKind.SCALE:
        values["options"] = [dict(o) for o in SCALE_OPTIONS]
    elif kind == QuestionKind.NUMBER:
        try:
            number_answer = inputs.parse_int(correct_text, label="Đáp án đúng", minimum=-(10**12), maximum=10**12)
        except inputs.InputError as exc:
            errors["correct"] = exc.message
        else:
            if number_answer is None:
                errors["correct"] = "Câu hỏi chưa có đáp án đúng."
            else:
                values["correct"] = [str(number_answer)]
    elif kind == QuestionKind.TRUE_FALSE:
        values["options"] = [{"id": "dung", "text": TRUE_FALSE_LABELS[0]}, {"id": "sai", "text": TRUE_FALSE_LABELS[1]}]
        answer = {"dung": "dung", "d": "dung", "a": "dung", "sai": "sai", "s": "sai", "b": "sai"}.get(
            fold(correct_text)
        )
        if answer is None:
            errors["correct"] = "Câu hỏi chưa có đáp án đúng (ghi «Đúng» hoặc «Sai»)."
        else:
            values["correct"] = [answer]
    elif kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        _choice(kind, options, correct_text, values, errors)
    if survey and not correct_text:
        errors.pop("correct", None)  # a survey asks opinions: no answer is right
    values["pillar"] = _PILLARS.get(fold(sheets.cell_text(cells.get("pillar"))) or fold(Pillar.GENERAL.label))
    if values["pillar"] is None:
        errors["pillar"] = f"Nội dung CCHC «{sheets.cell_text(cells.get('pillar'))}» không có trong danh sách."
    values["difficulty"] = _DIFFICULTIES.get(fold(sheets.cell_text(cells.get("difficulty"))) or "2")
    if values["difficulty"] is None:
        errors["difficulty"] = "Độ khó phải là «Dễ», «Trung bình» hoặc «Khó»."
    tags = _clean(cells, "tags", errors, 200)
    values["tags"] = sorted({t.strip().lower() for t in tags.split(",") if t.strip()})
    return BankRow(number, values, errors)


def _choice(
    kind: str, options: dict[str, str], correct_text: str, values: dict[str, Any], errors: dict[str, str]
) -> None:
    filled = [letter for letter in LETTERS if options[letter]]
    if len(filled) < 2:
        errors["option_A"] = "Câu trắc nghiệm cần ít nhất hai phương án."
    letters = [p.strip().upper() for p in correct_text.replace(";", ",").replace(" ", ",").split(",") if p.strip()]
    # Option ids are assigned when the question is stored (random, so that an id says nothing of its place).
    values["options"] = [{"letter": letter, "text": options[letter]} for letter in filled]
    if not letters:
        errors["correct"] = "Câu hỏi chưa có đáp án đúng."
        return
    bad = [p for p in letters if p not in filled]
    if bad:
        errors["correct"] = f"Đáp án «{', '.join(bad)}» không phải là phương án đã ghi."
        return
    if kind == QuestionKind.SINGLE and len(set(letters)) > 1:
        errors["correct"] = "Câu một đáp án đúng chỉ được ghi một chữ cái ở cột «Đáp án đúng»."
        return
    values["correct"] = sorted(set(letters))
