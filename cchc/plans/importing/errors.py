"""The one exception the importer raises for unusable input, with a Vietnamese message."""

from __future__ import annotations


class DocumentImportError(ValueError):
    """A document that cannot be imported as a plan; str(error) is a Vietnamese message for the user."""
