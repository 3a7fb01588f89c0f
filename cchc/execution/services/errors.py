"""The error every execution writer raises when a write cannot be made."""

from __future__ import annotations


class ExecutionError(ValueError):
    """A write that cannot be made; the Vietnamese message says why. `errors` maps field → message."""

    def __init__(self, message: str, errors: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.errors = errors or {}
