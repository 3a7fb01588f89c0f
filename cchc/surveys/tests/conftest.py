"""Fixtures of the survey tests: an empty cache for each test (question content, per-address limits)."""

from cchc.questions.tests.conftest import _empty_cache

__all__ = ["_empty_cache"]
