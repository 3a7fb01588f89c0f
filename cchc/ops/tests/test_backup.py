"""The restore drill: fill, back up, wipe, restore, compare every table and every file (SQLite or PostgreSQL,
whichever the suite runs on); a damaged or foreign archive is refused before anything changes."""

from __future__ import annotations

import hashlib
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from cchc.accounts.models import Role
from cchc.ops.backup import storage_files
from cchc.plans.seeds import load_seed_plan
from conftest import make_user, seed_plan_json

FILES = {
    "evidence/2025/07/ảnh hội nghị.png": bytes(range(256)) * 40,
    "evidence/2025/07/biên bản.docx": "Biên bản tuyên truyền CCHC".encode(),
    "imports/kế hoạch.pdf": b"%PDF-1.4\n" + b"\x00\xff" * 5000,
    "empty.txt": b"",
}


def snapshot() -> dict[str, list[str]]:
    """Every row of every table, as text, sorted."""
    tables: dict[str, list[str]] = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            tables[table] = sorted(repr(row) for row in cursor.fetchall())
    return tables


def stored() -> dict[str, str]:
    names = storage_files(default_storage)
    return {name: hashlib.sha256(default_storage.open(name).read()).hexdigest() for name in names}


@pytest.fixture
def filled(transactional_db: Any, settings: Any, tmp_path: Path) -> tuple[dict[str, list[str]], dict[str, str]]:
    settings.MEDIA_ROOT = tmp_path / "media"
    load_seed_plan(None, seed_plan_json("001"))
    make_user("canbo_saoluu", Role.OFFICER, None)
    for name, content in FILES.items():
        assert default_storage.save(name, ContentFile(content)) == name
    return snapshot(), stored()


def test_restore_drill_gives_back_every_row_and_file(filled: Any, tmp_path: Path) -> None:
    tables, files = filled
    assert sum(len(rows) for rows in tables.values()) > 400 and len(files) == len(FILES)
    archive = tmp_path / "saoluu" / "cchc.tar"
    call_command("backup", output=str(archive))
    call_command("restore", str(archive), check=True)

    call_command("flush", interactive=False, verbosity=0)
    for name in list(storage_files(default_storage)):
        default_storage.delete(name)
    assert snapshot() != tables and stored() == {}

    call_command("restore", str(archive), yes=True)
    assert snapshot() == tables
    assert stored() == files


def test_a_damaged_archive_is_refused_and_nothing_changes(filled: Any, tmp_path: Path) -> None:
    tables, files = filled
    archive = tmp_path / "cchc.tar"
    call_command("backup", output=str(archive))
    data = bytearray(archive.read_bytes())
    marker = data.find("Biên bản tuyên truyền".encode())
    data[marker] ^= 0xFF
    damaged = tmp_path / "hong.tar"
    damaged.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="bị hỏng"):
        call_command("restore", str(damaged), yes=True)
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(archive))
    foreign = tmp_path / "khac.tar"
    with tarfile.open(foreign, "w") as tar:
        tar.add(archive, "other.tar")
    with pytest.raises(CommandError, match="manifest"):
        call_command("restore", str(foreign), yes=True)
    not_tar = tmp_path / "rac.tar"
    not_tar.write_bytes(b"khong phai tar")
    with pytest.raises(CommandError, match="Không đọc được"):
        call_command("restore", str(not_tar), yes=True)
    assert snapshot() == tables and stored() == files
