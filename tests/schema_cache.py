"""The migrated, empty test database kept between test runs (SQLite), so a run does not replay every migration.

Creating a test database applies all migrations; rendering their model states costs about 8 s of CPU per test
process (each xdist worker, each `pytest` call), and the result depends only on the migration files and the
Django and SQLite versions. The first run on a checkout migrates as before and copies the result (schema, the
migration records, content types and permissions written after migrating) to ``var/test-schema/<key>.sqlite3``;
later runs copy it into their in-memory database instead of migrating. The key hashes every migration file of
every installed app with the Django and SQLite versions, so any change to a migration migrates again.

A fresh checkout (CI) has no copy and migrates on every database; ``CCHC_TEST_SCHEMA_CACHE=0`` migrates anyway;
``pytest --no-migrations`` builds the tables from the models as it always does.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import sqlite3
from pathlib import Path
from typing import Any

CACHE = Path(__file__).resolve().parents[1] / "var" / "test-schema"
FORMAT = "1"  # change to invalidate every kept copy

_handled: set[str] = set()


def schema_key() -> str:
    """A hash of what the migrated schema depends on: every migration file, the Django and SQLite versions."""
    import django
    from django.apps import apps
    from django.db.migrations.loader import MigrationLoader

    digest = hashlib.sha256(f"{FORMAT} {django.__version__} {sqlite3.sqlite_version}".encode())
    for app in apps.get_app_configs():
        name, _ = MigrationLoader.migrations_module(app.label)
        try:
            module = importlib.import_module(name) if name else None
        except ModuleNotFoundError:
            module = None
        for folder in getattr(module, "__path__", []):
            for path in sorted(Path(folder).glob("*.py")):
                digest.update(f"\0{app.label}/{path.name}\0".encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:24]


def _applies(alias: str) -> bool:
    from django.db import connections
    from django.db.migrations.loader import MigrationLoader

    connection = connections[alias]
    return (
        os.environ.get("CCHC_TEST_SCHEMA_CACHE", "1") != "0"
        and alias not in _handled
        and connection.vendor == "sqlite"
        and connection.is_in_memory_db()
        and MigrationLoader.migrations_module("plans")[0] is not None  # not pytest --no-migrations (tables from models)
    )


def install() -> None:
    """Wrap `migrate` so that the first run for each in-memory test database copies the kept schema when there is
    one (and keeps it when there is not). Later `migrate` calls (a test's own) run unchanged."""
    from django.core.management.commands import migrate
    from django.db import connections

    original = migrate.Command.handle
    if getattr(original, "schema_cache", False):
        return

    def handle(self: Any, *args: Any, **options: Any) -> Any:
        alias = options.get("database") or "default"
        if not _applies(alias):
            return original(self, *args, **options)
        _handled.add(alias)
        connection = connections[alias]
        kept = CACHE / f"{schema_key()}.sqlite3"
        connection.ensure_connection()
        if kept.exists():
            source = sqlite3.connect(kept)
            try:
                source.backup(connection.connection)
            finally:
                source.close()
            return None
        result = original(self, *args, **options)
        CACHE.mkdir(parents=True, exist_ok=True)
        partial = kept.with_name(f"{kept.stem}.{os.getpid()}.partial")
        target = sqlite3.connect(partial)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        os.replace(partial, kept)  # atomic: another worker reads a whole copy or none
        for old in CACHE.glob("*.sqlite3"):
            if old != kept:
                old.unlink(missing_ok=True)
        return result

    handle.schema_cache = True  # type: ignore[attr-defined]
    migrate.Command.handle = handle  # type: ignore[method-assign]
