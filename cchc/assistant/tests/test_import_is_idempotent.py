"""Importing the corpus: creates, then updates without duplicating; xlsx lists fill gaps only; audit; index reload."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from django.core.management import call_command

from cchc.assistant.models import CorpusImport, Procedure
from cchc.assistant.services import get_index, import_procedures
from cchc.assistant.tests.conftest import SMALL_SIZE, write_jsonl
from cchc.core.models import AuditEntry


def test_import_creates_every_record_with_parsed_parts(corpus: Path) -> None:
    assert Procedure.objects.count() == SMALL_SIZE
    p = Procedure.objects.get(code="1.001193")
    assert p.name == "Thủ tục đăng ký khai sinh"
    assert p.channels and p.documents and p.steps
    assert p.levels == "Cấp xã"


def test_reimport_changes_nothing_and_duplicates_nothing(corpus: Path) -> None:
    run = import_procedures(corpus)
    assert (run.created, run.updated, run.unchanged) == (0, 0, SMALL_SIZE)
    assert Procedure.objects.count() == SMALL_SIZE


def test_a_changed_record_is_updated_in_place(corpus: Path, small_raw: list[dict], tmp_path: Path) -> None:
    changed = [dict(r) for r in small_raw]
    changed[0]["ten_thu_tuc"] = changed[0]["ten_thu_tuc"] + " (sửa đổi)"
    run = import_procedures(write_jsonl(tmp_path / "changed.jsonl", changed))
    assert (run.created, run.updated) == (0, 1)
    assert Procedure.objects.get(code=changed[0]["ma_thu_tuc"]).name.endswith("(sửa đổi)")
    assert Procedure.objects.count() == SMALL_SIZE


def test_each_import_writes_one_audit_entry(corpus: Path) -> None:
    entries = AuditEntry.objects.filter(action="assistant.procedures.imported")
    assert entries.count() == 1
    assert entries.get().after["created"] == SMALL_SIZE


def test_the_index_is_rebuilt_after_a_reimport_that_changes_something(
    corpus: Path, small_raw: list[dict], tmp_path: Path
) -> None:
    assert get_index().search("đăng ký khai sinh").hits[0].code == "1.001193"
    extra = {**small_raw[0], "ma_thu_tuc": "9.999999", "ten_thu_tuc": "Cấp giấy phép nuôi chim yến thử nghiệm"}
    import_procedures(write_jsonl(tmp_path / "extra.jsonl", [extra]))
    from cchc.assistant import services

    services._state["checked"] = 0.0
    assert get_index().search("giấy phép nuôi chim yến").hits[0].code == "9.999999"


def test_an_xlsx_list_adds_missing_procedures_but_never_overwrites_full_records(corpus: Path, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Mã số", "Tên", "Cơ quan ban hành", "Cơ quan thực hiện", "Lĩnh vực"])
    sheet.append(["1.001193", "Tên khác trong danh sách", "Bộ Tư pháp", "UBND cấp xã", "Hộ tịch"])
    sheet.append(["8.000001", "Thủ tục chỉ có trong danh sách Excel", "Bộ Tư pháp", "Sở Tư pháp", "Hộ tịch"])
    path = tmp_path / "list.xlsx"
    book.save(path)
    run = import_procedures(path)
    assert (run.created, run.unchanged) == (1, 1)
    assert Procedure.objects.get(code="1.001193").name == "Thủ tục đăng ký khai sinh"
    assert Procedure.objects.get(code="8.000001").agency == "Sở Tư pháp"


def test_the_command_imports_a_given_file(db: None, small_file: Path) -> None:
    call_command("import_procedures", str(small_file))
    assert Procedure.objects.count() == SMALL_SIZE
    assert CorpusImport.objects.get().created == SMALL_SIZE


def test_a_broken_file_is_refused_with_a_message_and_nothing_saved(db: None, tmp_path: Path) -> None:
    path = tmp_path / "broken.jsonl"
    path.write_text(json.dumps({"ma_thu_tuc": "1.1", "ten_thu_tuc": "A"}) + "\n{not json\n", encoding="utf-8")
    import pytest
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Không đọc được tệp"):
        call_command("import_procedures", str(path))
    assert not Procedure.objects.exists()
