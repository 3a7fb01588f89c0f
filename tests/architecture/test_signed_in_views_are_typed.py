"""A view behind login_required (or an API route that authenticates) annotates its request as
`accounts.types.AuthenticatedRequest`: its `user` is then a `User` for the type checker, and the services it calls
(which take an `Actor`) are checked against it instead of being passed an anonymous user."""

from __future__ import annotations

import ast
from pathlib import Path

import cchc

PACKAGE = Path(cchc.__file__).parent


def _signed_in(function: ast.FunctionDef) -> bool:
    for decorator in map(ast.unparse, function.decorator_list):
        if decorator.startswith("login_required"):
            return True
        if decorator.split(".")[0].endswith("router") and "auth=None" not in decorator:
            return True
    return False


def _loosely_typed(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        f"{path.relative_to(PACKAGE.parent)}:{node.lineno} {node.name}"
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and _signed_in(node)
        for argument in node.args.args
        if argument.arg == "request" and argument.annotation is not None
        if ast.unparse(argument.annotation) == "HttpRequest"
    ]


def test_signed_in_views_take_an_authenticated_request() -> None:
    modules = [p for p in PACKAGE.glob("*/*.py") if "views" in p.name or p.name == "api.py"]
    modules += list(PACKAGE.glob("*/views/*.py"))
    assert len(modules) >= 10
    found = [line for path in sorted(modules) for line in _loosely_typed(path)]
    assert not found, "Annotate `request: AuthenticatedRequest` (cchc.accounts.types):\n" + "\n".join(found)
