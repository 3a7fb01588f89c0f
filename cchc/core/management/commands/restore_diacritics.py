"""Command `restore_diacritics`: Vietnamese text without marks on stdin, the restored text on stdout (UTF-8)."""

from __future__ import annotations

import io
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cchc.core.diacritics import restore
from cchc.core.legacy_encodings import NotTextError, decode_bytes


class Command(BaseCommand):
    help = "Khôi phục dấu tiếng Việt: đọc văn bản từ stdin (UTF-8, UTF-16, TCVN3, VNI, Windows-1258), ghi ra stdout."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            text = decode_bytes(sys.stdin.buffer.read())
        except NotTextError as error:
            raise CommandError(str(error)) from error
        if isinstance(sys.stdout, io.TextIOWrapper):
            sys.stdout.reconfigure(encoding="utf-8")
        self.stdout.ending = ""
        self.stdout.write(restore(text))
