"""Backups: the database (SQLite through its backup API, PostgreSQL through pg_dump) and every stored file, in one
tar archive with a manifest of sizes and SHA-256 checksums; restore checks the whole archive before changing anything.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from django.core.files.base import ContentFile, File
from django.core.files.storage import Storage, default_storage
from django.db import connections

FORMAT = 1
MANIFEST = "manifest.json"
DUMPS = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}
CHUNK = 1 << 20


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator (Vietnamese)."""


@dataclass
class Summary:
    path: Path
    database: str
    files: int
    size: int


def engine(alias: str = "default") -> str:
    vendor = connections[alias].vendor
    if vendor not in DUMPS:
        raise BackupError(f"Chưa hỗ trợ sao lưu CSDL loại {vendor}.")
    return vendor


def storage_files(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file name in the storage, depth first (local disk or S3 alike)."""
    folders, files = storage.listdir(folder)
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from storage_files(storage, f"{folder}/{sub}" if folder else sub)


def _sha256(stream: IO[bytes]) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def _pg_env(settings_dict: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = []
    for flag, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if settings_dict.get(key):
            args += [flag, str(settings_dict[key])]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return args, env


def dump_database(target: Path, alias: str = "default") -> None:
    connection = connections[alias]
    if engine(alias) == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
        return
    args, env = _pg_env(connection.settings_dict)
    name = str(connection.settings_dict["NAME"])
    done = subprocess.run(
        ["pg_dump", *args, "-Fc", "--no-owner", "--no-acl", "-f", str(target), name], env=env, capture_output=True
    )
    if done.returncode != 0:
        raise BackupError(f"pg_dump không thành công: {done.stderr.decode(errors='replace').strip()}")


def load_database(source: Path, kind: str, alias: str = "default") -> None:
    connection = connections[alias]
    if kind != engine(alias):
        raise BackupError(
            f"Bản sao lưu là CSDL {kind}, hệ thống đang dùng {engine(alias)}: không khôi phục chéo loại CSDL được."
        )
    if kind == "sqlite":
        connection.ensure_connection()
        origin = sqlite3.connect(source)
        try:
            origin.backup(connection.connection)
        finally:
            origin.close()
        return
    connections.close_all()
    args, env = _pg_env(connection.settings_dict)
    name = str(connection.settings_dict["NAME"])
    options = ["--clean", "--if-exists", "--no-owner", "--no-acl", "--single-transaction"]
    done = subprocess.run(
        ["pg_restore", *args, *options, "-d", name, str(source)],
        env=env,
        capture_output=True,
    )
    if done.returncode != 0:
        raise BackupError(f"pg_restore không thành công: {done.stderr.decode(errors='replace').strip()}")


def backup(output: Path, storage: Storage = default_storage) -> Summary:
    """Write the archive to OUTPUT (written aside and renamed, so a failed backup never leaves a half archive)."""
    kind = engine()
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    entries: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(dir=output.parent) as scratch, tarfile.open(partial, "w") as archive:
        dump = Path(scratch) / DUMPS[kind]
        dump_database(dump)
        with open(dump, "rb") as fh:
            digest, size = _sha256(fh)
        archive.add(dump, DUMPS[kind])
        entries.append({"name": DUMPS[kind], "size": size, "sha256": digest})
        for name in storage_files(storage):
            with storage.open(name, "rb") as fh:
                digest, size = _sha256(fh)
                fh.seek(0)
                info = tarfile.TarInfo(f"media/{name}")
                info.size = size
                archive.addfile(info, fh)
            entries.append({"name": f"media/{name}", "size": size, "sha256": digest})
        manifest = {
            "format": FORMAT,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "database": {"engine": kind, "name": DUMPS[kind]},
            "files": entries,
        }
        data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    partial.replace(output)
    return Summary(output, kind, len(entries) - 1, output.stat().st_size)


def read_manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = archive.extractfile(MANIFEST)
        if member is None:
            raise KeyError(MANIFEST)
        manifest: dict[str, Any] = json.load(member)
    except (KeyError, ValueError) as exc:
        raise BackupError("Tệp không phải bản sao lưu của hệ thống (thiếu hoặc hỏng manifest.json).") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Bản sao lưu định dạng {manifest.get('format')} không được hỗ trợ.")
    return manifest


def verify(path: Path) -> dict[str, Any]:
    """The manifest, after checking that every file it lists is in the archive with its size and checksum."""
    try:
        archive = tarfile.open(path, "r")  # noqa: SIM115 (closed by the with below)
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"Không đọc được bản sao lưu {path}: {exc}") from exc
    with archive:
        manifest = read_manifest(archive)
        for entry in manifest["files"]:
            try:
                member = archive.extractfile(entry["name"])
            except KeyError:
                member = None
            if member is None:
                raise BackupError(f"Bản sao lưu thiếu tệp {entry['name']}.")
            if _sha256(member) != (entry["sha256"], entry["size"]):
                raise BackupError(f"Tệp {entry['name']} trong bản sao lưu bị hỏng (sai mã kiểm tra SHA-256).")
    return manifest


def restore(path: Path, storage: Storage = default_storage) -> Summary:
    """Replace the database and every stored file with the archive's, once the whole archive checked out."""
    manifest = verify(path)
    kind = manifest["database"]["engine"]
    engine()  # refuse early on an unsupported database
    with tarfile.open(path, "r") as archive, tempfile.TemporaryDirectory() as scratch:
        dump = Path(scratch) / DUMPS[kind]
        source = archive.extractfile(manifest["database"]["name"])
        assert source is not None  # verified above
        with open(dump, "wb") as fh:
            shutil.copyfileobj(source, fh, CHUNK)
        load_database(dump, kind)
        for name in list(storage_files(storage)):
            storage.delete(name)
        for entry in manifest["files"]:
            if not entry["name"].startswith("media/"):
                continue
            member = archive.extractfile(entry["name"])
            assert member is not None
            name = entry["name"].removeprefix("media/")
            saved = storage.save(name, File(member, name=name) if entry["size"] else ContentFile(b"", name=name))
            if saved != name:
                raise BackupError(f"Không ghi lại được tệp {name} đúng tên (lưu thành {saved}).")
    return Summary(path, kind, sum(e["name"].startswith("media/") for e in manifest["files"]), path.stat().st_size)
