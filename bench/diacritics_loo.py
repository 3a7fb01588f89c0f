"""Restoring OCR output in the genre, each seed plan left out: the four marked seed plans (000, 001, 003, 004)
rendered to pages and read back by Tesseract's Latin-only model (in the training pages,
bench/data/ocr_pages_train.jsonl.gz, eight forms each), each restored with a language model and an OCR channel built
without it. The held-out set for choices about plans; bench/diacritics.py's OCR pages are laws.

Usage: python bench/diacritics_loo.py [--shared /work/shared] [--work var/bench-loo] [--dump FILE]

Per seed: `tools/train_diacritics.py --shipped SHARED --exclude <seed>` (about a minute; kept in --work for as long as
the training code and the texts in the repository are unchanged) and `tools/build_ocr_channel.py learn ... --exclude
<seed>` (a second). Prints the words wrong per seed and overall, and the distinct errors: each text is read in eight
forms, so a choice should be judged by the distinct errors it fixes and makes (--dump writes them, one a line, to
compare two runs with `comm`), not by a difference of a few words.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.diacritics import page_errors, print_page_errors
from cchc.core import diacritics
from tools.build_ocr_channel import read_pages

ROOT = Path(__file__).resolve().parent.parent
TRAIN_PAGES = ROOT / "bench" / "data" / "ocr_pages_train.jsonl.gz"
SEEDS = ("000_", "001_", "003_", "004_")
# What the language model is built from in the repository: a model in --work built from other versions is rebuilt.
MODEL_INPUTS = (
    "tools/train_diacritics.py",
    "cchc/core/diacritics/model.py",
    "cchc/core/diacritics/syllables.py",
    "cchc/core/data/diacritics-domain.txt",
    "tools/data/genre-web.ngrams.tsv.gz",
    *sorted(str(path.relative_to(ROOT)) for path in (ROOT / "cchc/plans/seed_data/documents").iterdir()),
)


def build(seed: str, shared: Path, work: Path) -> tuple[Path, Path]:
    """The model and the channel built without the seed."""
    digest = hashlib.sha256(b"".join((ROOT / name).read_bytes() for name in MODEL_INPUTS)).hexdigest()[:12]
    model, channel = work / f"model-without-{seed}{digest}.npz", work / f"channel-without-{seed}json"
    work.mkdir(parents=True, exist_ok=True)
    tools = ROOT / "tools"
    if not model.exists():
        print(f"building the language model without {seed}…", file=sys.stderr)
        command = [sys.executable, tools / "train_diacritics.py", "--shipped", shared, "--exclude", seed]
        subprocess.run([*command, "--out", model], cwd=ROOT, check=True, capture_output=True)
    command = [sys.executable, tools / "build_ocr_channel.py", "learn", TRAIN_PAGES, "--exclude", seed]
    subprocess.run([*command, "--out", channel], cwd=ROOT, check=True, capture_output=True)
    return model, channel


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=Path("/work/shared"))
    parser.add_argument("--work", type=Path, default=ROOT / "var" / "bench-loo")
    parser.add_argument("--dump", type=Path, help="write the distinct errors to this file")
    args = parser.parse_args()
    by_form: dict[str, tuple[int, int]] = {}
    distinct: set[str] = set()
    for seed in SEEDS:
        diacritics.use_files(*build(seed, args.shared.resolve(), args.work))
        pages = (page for page in read_pages(TRAIN_PAGES) if page["page"].startswith(seed))
        seed_forms, seed_distinct = page_errors(pages)
        print_page_errors(f"seed {seed[:3]}", seed_forms, seed_distinct, None)
        distinct |= {f"{seed[:3]}: {stretch}" for stretch in seed_distinct}
        for form, (total, wrong) in seed_forms.items():
            before = by_form.get(form, (0, 0))
            by_form[form] = (before[0] + total, before[1] + wrong)
    print_page_errors("seed plans", by_form, distinct, args.dump)


if __name__ == "__main__":
    main()
