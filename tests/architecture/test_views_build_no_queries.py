"""Views (and the API's routes) parse input, call access, selectors and services, and render: they build no queries
and look up no object themselves (get_object_or_404 decides what the user may see: that is access.py's job).
import-linter cannot forbid a subpackage of an external package (django.db.models), so this test reads every views
and api module instead."""

from __future__ import annotations

import ast
from pathlib import Path

import cchc

PACKAGE = Path(cchc.__file__).parent
LOOKUPS = {"get_object_or_404", "get_list_or_404"}


def _views_modules() -> list[Path]:
    found = [*PACKAGE.glob("*/views.py"), *PACKAGE.glob("*/views/*.py"), *PACKAGE.glob("*/api.py")]
    return sorted(p for p in found if "tests" not in p.parts)


def _queries(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    where = path.relative_to(PACKAGE.parent)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("django.db.models"):
            found.append(f"{where}:{node.lineno} imports {node.module}")
        if (
            isinstance(node, ast.ImportFrom)
            and node.module == "django.db"
            and any(a.name == "models" for a in node.names)
        ):
            found.append(f"{where}:{node.lineno} imports django.db.models")
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            found.append(f"{where}:{node.lineno} uses a model manager ({ast.unparse(node)})")
        if isinstance(node, ast.ImportFrom) and node.module == "django.shortcuts":
            found += [f"{where}:{node.lineno} imports {a.name}" for a in node.names if a.name in LOOKUPS]
    return found


def test_there_are_views_to_check() -> None:
    assert len(_views_modules()) >= 8


def test_no_view_queries_the_database_itself() -> None:
    found = [line for path in _views_modules() for line in _queries(path)]
    assert not found, "Move these reads to the app's selectors (or, for a lookup, access.py):\n" + "\n".join(found)
