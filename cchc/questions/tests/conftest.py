"""Question content is cached by id without expiry (rows never change); SQLite may give a rolled-back test's ids
to the next test, so each test starts with an empty cache."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()
