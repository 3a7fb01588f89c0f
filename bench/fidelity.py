"""Print fidelity: how much of each seed document's wording the printed .docx keeps.

    .venv/bin/python bench/fidelity.py [--keep DIR]

Each seed document is imported as a user would (the importer, then the plan JSON through the import service into
the database), printed with the plan printer, and the printed text compared with the source: the share of the
source's word 3-grams (diacritics, case and punctuation ignored) that the printed .docx contains. For the OCR seed
(002) only the 3-grams whose three words are correctly spelled in the source count (a correct repair differs from
the OCR-damaged words, so those are left out): a word is correctly spelled when the hand-checked transcription
(`cchc/plans/seed_data/reviewed/002_*.txt`) has the same letters at that place, or, without a transcription, when
it has the shape of a Vietnamese syllable. Where the transcription exists, the share of words the importer's
restoration leaves wrong is printed too. The decision that issues a plan (`seed_data/decisions/`) is printed and
measured the same way (decision and plan together). `--keep DIR` writes the printed documents there.
"""

from __future__ import annotations

import io
import os
import re
import sys
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")

SEEDS = ROOT / "cchc" / "plans" / "seed_data"
REVIEWED = SEEDS / "reviewed"
TARGETS = {"000": 0.97, "001": 0.97, "002": 0.92, "003": 0.97, "004": 0.97}
_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    from cchc.core.text import fold

    return _WORD.findall(fold(text.replace("_", " ")))


def trigrams(items: list[str]) -> set[tuple[str, ...]]:
    return {tuple(items[k : k + 3]) for k in range(len(items) - 2)}


def docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]

    def cells(table: object) -> None:
        seen: list[object] = []
        for row in table.rows:  # type: ignore[attr-defined]
            for cell in row.cells:
                if any(cell._tc is done for done in seen):
                    continue
                seen.append(cell._tc)
                parts.extend(p.text for p in cell.paragraphs)
                for inner in cell.tables:
                    cells(inner)

    for table in document.tables:
        cells(table)
    return "\n".join(parts)


def source_words(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^#+\s*", "", text).replace("*", " ")
    return words(text)


def spelled_right(source: list[str], reviewed: list[str] | None) -> list[bool]:
    """Per source word: are its letters right (the transcription agrees; else: it is a Vietnamese syllable)."""
    if reviewed is None:
        from cchc.core.diacritics.syllables import is_folded_syllable

        return [w.isdigit() or is_folded_syllable(w) for w in source]
    right = [False] * len(source)
    matcher = SequenceMatcher(None, source, reviewed, autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            right[block.a + k] = True
    return right


def kept_share(source: list[str], printed: list[str], usable: list[bool] | None = None) -> tuple[float, int]:
    wanted = {tuple(source[k : k + 3]) for k in range(len(source) - 2) if usable is None or all(usable[k : k + 3])}
    found = trigrams(printed)
    return (len(wanted & found) / len(wanted) if wanted else 1.0), len(wanted)


def restoration_errors(restored: str, reviewed: str, corrections: list[Any] = ()) -> tuple[float, int, int]:
    """Share of the transcription's words (marks and letters compared, case and punctuation ignored) that the
    restored text gets wrong, aligning word by word; and how many of the wrong ones the review screen marks with the
    right reading among its suggestions (one click away)."""
    found = list(_WORD.finditer(restored))
    got = [m.group().lower() for m in found]
    want = [w.lower() for w in _WORD.findall(reviewed)]
    offered = {c.start: {w.lower() for w in c.suggestions} for c in corrections}
    matcher = SequenceMatcher(None, want, got, autojunk=False)
    right = sum(block.size for block in matcher.get_matching_blocks())
    one_click = sum(
        1
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag == "replace" and i2 - i1 == j2 - j1
        for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
        if want[i] in offered.get(found[j].start(), ())
    )
    return (1 - right / len(want) if want else 0.0), len(want), one_click


def main(argv: list[str]) -> int:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from cchc.plans.docx_export import print_plan
    from cchc.plans.importing import import_document
    from cchc.plans.services import import_plan_json

    keep = Path(argv[argv.index("--keep") + 1]) if "--keep" in argv else None
    failed = False
    for path in [*sorted((SEEDS / "documents").glob("*.txt")), *sorted((SEEDS / "decisions").glob("*.txt"))]:
        seed = path.name[:3]
        draft = import_document(path.read_bytes(), path.name)
        plan = import_plan_json(None, draft.plan).plan
        data = print_plan(plan)
        if keep:
            keep.mkdir(parents=True, exist_ok=True)
            (keep / f"{path.stem}.docx").write_bytes(data)
        printed = words(docx_text(data))
        source = source_words(path)
        reviewed_path = (
            next((SEEDS / "reviewed").glob(f"{seed}_*.txt"), None) if (SEEDS / "reviewed").exists() else None
        )
        usable = None
        line = ""
        if draft.plan and any("khôi phục dấu" in w for w in draft.warnings):
            reviewed_text = reviewed_path.read_text(encoding="utf-8") if reviewed_path else None
            usable = spelled_right(source, words(reviewed_text) if reviewed_text else None)
            if reviewed_text:
                from cchc.plans.importing import restore_marks
                from cchc.plans.importing.readers import read_document

                doc = restore_marks(read_document(path.read_bytes(), path.name))
                rate, count, one_click = restoration_errors(doc.restored_text, reviewed_text, doc.corrections)
                line = (
                    f"; words wrong after restoration {100 * rate:.2f} % of {count} (transcription),"
                    f" {one_click} of them marked with the right reading one click away"
                )
        share, count = kept_share(source, printed, usable)
        target = TARGETS.get(seed, 0.97)
        failed |= share < target
        basis = " (correctly spelled only)" if usable is not None else ""
        print(f"{path.stem}: 3-grams kept {share:.3f} of {count}{basis}, target {target:.2f}{line}")
    return 1 if failed and "--strict" in argv else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
