"""Benchmark of diacritic restoration: syllable accuracy on held-out texts, speed, load time and memory.

Usage: python bench/diacritics.py [--shared /work/shared] [--laws NAME ...] [--dump FILE]

Texts: the seed plans 000, 001, 003, 004 with their marks stripped (since 4 December 2026 they are also in-domain
training text, so their lines measure fit, not generalisation); held out: for 002 (OCR output that lost its marks)
the text values of its gold answer, stripped, and the laws left out of training ("held out overall").

OCR pages (`--ocr-pages`, default bench/data/ocr_pages_heldout.jsonl.gz): the held-out laws rendered to page images
in eight forms (six printed clean, two printed and scanned) and read back by Tesseract's Latin-only model
(`tools/build_ocr_channel.py pages`); the share of the words that restore(OCR text) gets wrong, each text's pages
joined into one document as the importer restores a plan, aligned word by word (tone placement and case ignored), and
the distinct errors (`--dump FILE` writes them: compare two runs by what each fixes and makes). These pages were used
to choose the OCR channel's settings; seed 002 was not. The seed plans read the same way: bench/diacritics_loo.py.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import resource
import sys
import time
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cchc.core import diacritics
from cchc.core.diacritics import get_model, needs_restoration, ocr, restore
from cchc.core.diacritics.syllables import (
    fold,
    has_marks,
    is_folded_syllable,
    letter_runs,
    normalize_syllable,
)
from tools.build_ocr_channel import read_pages

HELD_OUT_LAWS = ("luat-thanh-tra", "luat-cong-nghe-thong-tin", "luat-thi-dua-khen-thuong")
OCR_PAGES = Path(__file__).resolve().parent / "data" / "ocr_pages_heldout.jsonl.gz"


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        if has_marks(value):
            yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def held_out_texts(shared: Path, laws: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    for seed in sorted((shared / "seeds").glob("*.txt")):
        if seed.name.startswith("002_"):
            gold = json.loads((shared / "gold" / f"{seed.stem}.json").read_text(encoding="utf-8"))
            yield f"gold {seed.stem}", "\n".join(_strings(gold))
        else:
            yield f"seed {seed.stem}", seed.read_text(encoding="utf-8")
    for name in laws:
        yield f"law {name}", (shared / "data/corpus/laws/corpus" / f"{name}.txt").read_text(encoding="utf-8")


def compare(original: str, restored: str) -> tuple[int, int, list[tuple[str, str]]]:
    """Syllables compared, syllables right, and the wrong ones (expected, got)."""
    total = right = 0
    errors: list[tuple[str, str]] = []
    for expected, got in zip(letter_runs(original), letter_runs(restored), strict=True):
        word = expected.group()
        if not (has_marks(word) or is_folded_syllable(word)):
            continue
        total += 1
        if normalize_syllable(word) == normalize_syllable(got.group()):
            right += 1
        else:
            errors.append((word, got.group()))
    return total, right, errors


def syllable_errors(expected_text: str, got_text: str) -> tuple[int, int, list[str]]:
    """The expected text's syllables, how many of them the other text gets wrong (aligned in order; tone placement
    and case ignored), and each stretch it gets wrong, with two syllables of context each side."""
    expected = [normalize_syllable(m.group().lower()) for m in letter_runs(expected_text)]
    got = [normalize_syllable(m.group().lower()) for m in letter_runs(got_text)]
    matcher = difflib.SequenceMatcher(None, expected, got, autojunk=False)
    stretches = [
        f"{' '.join(expected[max(0, i1 - 2) : i1])} [{' '.join(expected[i1:i2])}] {' '.join(expected[i2 : i2 + 2])}"
        for tag, i1, i2, _, _ in matcher.get_opcodes()
        if tag in ("replace", "delete")
    ]
    right = sum(block.size for block in matcher.get_matching_blocks())
    return len(expected), len(expected) - right, stretches


def ocr_recall(shared: Path) -> tuple[int, int]:
    """Seed 002 is OCR output: gold syllables (its answer's text values) found in order in restore(OCR text)."""
    seed = next((shared / "seeds").glob("002_*.txt"))
    gold = json.loads((shared / "gold" / f"{seed.stem}.json").read_text(encoding="utf-8"))
    total, wrong, _ = syllable_errors("\n".join(_strings(gold)), restore(seed.read_text(encoding="utf-8")))
    return total - wrong, total


def documents(pages: Iterable[dict[str, str]]) -> Iterator[dict[str, str]]:
    """The pages of each text in each form joined in page order into one document, restored whole as the importer
    restores a document (what one page reads may decide another's words)."""
    grouped: dict[tuple[str, str], list[tuple[int, dict[str, str]]]] = {}
    for page in pages:
        text, number = page["page"].rsplit("-", 1)
        grouped.setdefault((text, page["form"]), []).append((int(number), page))
    for (text, form), numbered in grouped.items():
        ordered = [page for _, page in sorted(numbered, key=lambda item: item[0])]
        yield {
            "page": text,
            "form": form,
            "source": "\n".join(page["source"] for page in ordered),
            "ocr": "\n".join(page["ocr"] for page in ordered),
        }


def page_errors(pages: Iterable[dict[str, str]]) -> tuple[dict[str, tuple[int, int]], set[str]]:
    """Per page form: words of the source and words restore(OCR text) gets wrong (aligned word by word; each text's
    pages restored as one document); and the distinct errors. The eight forms read the same texts, so an error counts
    up to eight times in the words, once in the distinct errors: compare two choices by the distinct errors each fixes
    and makes (`--dump`)."""
    result: dict[str, tuple[int, int]] = {}
    distinct: set[str] = set()
    for document in documents(pages):
        words, wrong, stretches = syllable_errors(document["source"], restore(document["ocr"]))
        distinct.update(stretches)
        total, errors = result.get(document["form"], (0, 0))
        result[document["form"]] = (total + words, errors + wrong)
    return result, distinct


def print_page_errors(label: str, by_form: dict[str, tuple[int, int]], distinct: set[str], dump: Path | None) -> None:
    for form, (total, wrong) in sorted(by_form.items()):
        print(f"{label} {form:35s} {wrong:6d}/{total:6d} = {100 * wrong / total:6.2f} % words wrong")
    total, wrong = (sum(column) for column in zip(*by_form.values(), strict=True))
    print(f"{label + ' overall':45s} {wrong:6d}/{total:6d} = {100 * wrong / total:6.2f} % words wrong,", end=" ")
    print(f"{len(distinct)} distinct errors")
    if dump:
        dump.write_text("".join(f"{stretch}\n" for stretch in sorted(distinct)), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=Path("/work/shared"))
    parser.add_argument("--laws", nargs="*", default=list(HELD_OUT_LAWS))
    parser.add_argument("--errors", type=int, default=0, help="print this many most frequent errors")
    parser.add_argument("--model", type=Path, default=diacritics.MODEL_PATH, help="count file to evaluate")
    parser.add_argument("--ocr-pages", type=Path, default=OCR_PAGES, help="OCR pages to restore (JSON lines, gzip)")
    parser.add_argument("--dump", type=Path, help="write the OCR pages' distinct errors to this file")
    args = parser.parse_args()
    diacritics.use_files(args.model, ocr.CHANNEL_PATH)

    started, cpu_started = time.perf_counter(), time.process_time()
    get_model()
    load_seconds, load_cpu = time.perf_counter() - started, time.process_time() - cpu_started
    rss_loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    grand_total = grand_right = held_total = held_right = 0
    seconds = cpu = 0.0
    all_errors: dict[tuple[str, str], int] = {}
    for name, text in held_out_texts(args.shared, tuple(args.laws)):
        original = unicodedata.normalize("NFC", text)
        stripped = fold(original)
        started, cpu_started = time.perf_counter(), time.process_time()
        restored = restore(stripped)
        seconds += time.perf_counter() - started
        cpu += time.process_time() - cpu_started
        total, right, errors = compare(original, restored)
        grand_total += total
        grand_right += right
        if not name.startswith("seed "):
            held_total += total
            held_right += right
        for pair in errors:
            key = (pair[0].lower(), pair[1].lower())
            all_errors[key] = all_errors.get(key, 0) + 1
        flags = f"needs_restoration: original={needs_restoration(original)} stripped={needs_restoration(stripped)}"
        print(f"{name:45s} {right:6d}/{total:6d} = {100 * right / total:6.2f} %   {flags}")
    print(f"{'overall':45s} {grand_right:6d}/{grand_total:6d} = {100 * grand_right / grand_total:6.2f} %")
    print(f"{'held out overall':45s} {held_right:6d}/{held_total:6d} = {100 * held_right / held_total:6.2f} %")
    found, total = ocr_recall(args.shared)
    print(f"OCR seed 002 restored as is: {found}/{total} = {100 * found / total:.2f} % of gold syllables in order")
    print_page_errors("OCR pages", *page_errors(read_pages(args.ocr_pages)), args.dump)
    rss_final = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"speed: {grand_total / seconds:,.0f} syllables/s wall, {grand_total / cpu:,.0f} per CPU second")
    print(
        f"  ({grand_total} syllables in {seconds:.2f} s wall, {cpu:.2f} s CPU; load average {os.getloadavg()[0]:.1f})"
    )
    print(f"load time: {load_seconds:.2f} s wall, {load_cpu:.2f} s CPU")
    print(f"peak RSS: {rss_loaded:.0f} MB after load, {rss_final:.0f} MB after the run")
    for (expected, got), count in sorted(all_errors.items(), key=lambda item: -item[1])[: args.errors]:
        print(f"  {count:4d}  {expected} -> {got}")


if __name__ == "__main__":
    main()
