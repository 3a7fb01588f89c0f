"""Benchmark for hostile uploads: peak memory and time of each reader given a bomb, a lying header, the largest
document it still accepts, and the Excel cell 1e1500000. Each case runs in its own process (peak RSS is per process).

Usage: .venv/bin/python bench/uploads.py

Figures (2 cores, this machine): baseline 92 MB; xlsx whose styles declare 1 GiB refused in 0.10 s at 93 MB (the
probe saw 2.25 GB before); xlsx whose header understates a 20 MB part refused at 132 MB; .docx declaring 1 GiB
refused in 0.7 s at 101 MB (probe: 2.24 GB); 5 absurd Excel cells (1e1500000, ², 2^63, 10^30, inf) refused in
under 15 ms (probe: 61 s).
"""

from __future__ import annotations

import io
import os
import resource
import struct
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")


def _lie(data: bytes, member: str, declared: int) -> bytes:
    """Rewrite `member`'s uncompressed size in both zip headers."""
    blob, name = bytearray(data), member.encode()
    for magic, size_at, name_len_at, name_at in ((b"PK\x03\x04", 22, 26, 30), (b"PK\x01\x02", 24, 28, 46)):
        pos = blob.find(magic)
        while pos != -1:
            length = struct.unpack_from("<H", blob, pos + name_len_at)[0]
            if bytes(blob[pos + name_at : pos + name_at + length]) == name:
                struct.pack_into("<I", blob, pos + size_at, declared)
            pos = blob.find(magic, pos + 4)
    return bytes(blob)


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


def _workbook_with(member: str, data: bytes) -> bytes:
    from cchc.execution import excel

    source = zipfile.ZipFile(io.BytesIO(excel.build_template([])))
    return _zip({i.filename: data if i.filename == member else source.read(i.filename) for i in source.infolist()})


def _docx(document_xml: bytes) -> bytes:
    import docx

    out = io.BytesIO()
    docx.Document().save(out)
    source = zipfile.ZipFile(out)
    return _zip(
        {
            i.filename: document_xml if i.filename == "word/document.xml" else source.read(i.filename)
            for i in source.infolist()
        }
    )


def case_baseline() -> str:
    return "django set up, nothing read"


def case_xlsx_styles_1gib() -> str:
    from cchc.execution import excel

    bomb = _lie(_workbook_with("xl/styles.xml", b" " * 4096), "xl/styles.xml", 1 << 30)
    try:
        excel.read_rows(bomb)
    except excel.WorkbookError as exc:
        return f"refused ({len(bomb) / 1024:.0f} KB file): {exc}"
    return "ACCEPTED"


def case_xlsx_lying_small_header() -> str:
    from cchc.execution import excel

    liar = _lie(_workbook_with("xl/styles.xml", b" " * (20 * 1024 * 1024)), "xl/styles.xml", 1000)
    try:
        excel.read_rows(liar)
    except excel.WorkbookError as exc:
        return f"refused ({len(liar) / 1024:.0f} KB file, 20 MB inside, header says 1000 B): {exc}"
    return "ACCEPTED"


def case_docx_lying_1gib() -> str:
    from cchc.plans.importing.errors import DocumentImportError
    from cchc.plans.importing.readers import read_docx

    bomb = _lie(_docx(b"<w:document/>"), "word/document.xml", 1 << 30)
    try:
        read_docx(bomb)
    except DocumentImportError as exc:
        return f"refused: {exc}"
    return "ACCEPTED"


def case_excel_cell_1e1500000() -> str:
    from cchc.execution.excel import _number

    errors: dict[str, str] = {}
    started = time.perf_counter()
    for value in ("1e1500000", "²", str(2**63), "1" + "0" * 30, float("inf")):
        _number("participants", value, errors)
    return f"5 absurd cells refused in {(time.perf_counter() - started) * 1000:.2f} ms: {errors['participants']}"


CASES: dict[str, Callable[[], str]] = {
    name.removeprefix("case_"): fn for name, fn in globals().items() if name.startswith("case_") and callable(fn)
}


def _run_one(name: str) -> None:
    import django

    django.setup()
    started = time.perf_counter()
    outcome = CASES[name]()
    elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{name:28} peak RSS {peak_mb:7.0f} MB  {elapsed:6.2f} s  {outcome}")


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--case":
        _run_one(sys.argv[2])
        return
    for name in CASES:
        subprocess.run([sys.executable, __file__, "--case", name], check=False)


if __name__ == "__main__":
    main()
