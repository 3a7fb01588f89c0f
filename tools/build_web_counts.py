"""Turn pages of the genre collected from the web into the n-gram counts the genre model is built from.

Usage (the shipped files were built with):

    python tools/build_web_counts.py /work/runs/genre/[A-P].txt --shared /work/shared \\
        --out tools/data/genre-web.ngrams.tsv.gz --sources tools/data/genre-web-sources.txt

(the collected records are not in the repository, only what this writes). Each input holds records, each a line
«=== URL: <address>» followed by the text of the page as stored: public web pages of Vietnamese government bodies,
their document databases and press on administrative reform, found with the project's search of stored public pages
(December 2026; the opening of each page, about 2,000 characters). A record is kept when

- its address and its opening are new;
- it has at least 40 words, at least 35 % of them with marks (a page that lost its marks would teach unmarked words);
- it does not name Tuyên Quang: seed 002, the test of restoration, is that province's plan;
- at most 20 % of its 8-word sequences (marks and case ignored) are found in any text the benches hold out: seed 002
  (its OCR text and its transcription), each other seed plan (bench/diacritics_loo.py leaves each out in turn) and
  the three held-out laws. What plans share with each other (the resolutions and decrees they cite) stays under that.

Only the counts are written (tools/train_diacritics.py COUNTS_SUFFIX: the 4-gram windows of the text, as
train_diacritics counts them), with the list of the pages' addresses; not the pages' text.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.diacritics import HELD_OUT_LAWS
from cchc.core.diacritics.syllables import fold, has_marks
from tools.train_diacritics import ORDER, tokenize, windows_of, write_windows

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "cchc" / "plans" / "seed_data"
RECORD = re.compile(r"^=== URL: (.*)$", re.MULTILINE)
_WORD = re.compile(r"[^\W\d_]+")
MIN_WORDS, MIN_MARKED, MAX_SHARED, SPAN = 40, 0.35, 0.2, 8
# Letters some sites print for Đ and đ (Icelandic eth).
_LOOKALIKES = str.maketrans({"\u00d0": "Đ", "\u00f0": "đ"})


def records(paths: list[Path]) -> list[tuple[str, str]]:
    """(address, text) of every record of the inputs, in order."""
    found = []
    for path in paths:
        parts = RECORD.split(path.read_text(encoding="utf-8"))
        found += [(url.strip(), text.strip()) for url, text in zip(parts[1::2], parts[2::2], strict=True)]
    return found


def spans(text: str) -> set[tuple[str, ...]]:
    words = [fold(word.lower()) for word in _WORD.findall(unicodedata.normalize("NFC", text))]
    return {tuple(words[i : i + SPAN]) for i in range(len(words) - SPAN + 1)}


def held_out(shared: Path) -> dict[str, set[tuple[str, ...]]]:
    """The word sequences of every text the benches hold out, by text."""
    texts = {path.stem: path for path in sorted((SEEDS / "documents").glob("*.txt"))}
    texts.update({f"reviewed {path.stem}": path for path in sorted((SEEDS / "reviewed").glob("*.txt"))})
    texts.update({law: shared / "data" / "corpus" / "laws" / "corpus" / f"{law}.txt" for law in HELD_OUT_LAWS})
    return {name: spans(path.read_text(encoding="utf-8")) for name, path in texts.items()}


def rejection(url: str, text: str, protected: dict[str, set[tuple[str, ...]]]) -> str | None:
    """Why a record is not kept, or None."""
    words = _WORD.findall(text)
    if "tuyên quang" in text.lower() or "tuyenquang" in url.lower():
        return "Tuyên Quang"
    if len(words) < MIN_WORDS:
        return "short"
    if sum(map(has_marks, words)) < MIN_MARKED * len(words):
        return "few marks"
    own = spans(text)
    for name, sequences in protected.items():
        if len(own & sequences) > MAX_SHARED * len(own):
            return f"shares text with {name}"
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("inputs", nargs="+", type=Path)
    parser.add_argument("--shared", type=Path, default=Path("/work/shared"))
    parser.add_argument("--out", type=Path, default=ROOT / "tools" / "data" / "genre-web.ngrams.tsv.gz")
    parser.add_argument("--sources", type=Path, default=ROOT / "tools" / "data" / "genre-web-sources.txt")
    args = parser.parse_args()
    protected = held_out(args.shared)
    kept: dict[str, str] = {}
    openings: set[str] = set()
    rejected: Counter[str] = Counter()
    for url, raw in records(args.inputs):
        text = unicodedata.normalize("NFC", raw.translate(_LOOKALIKES))
        reason = "repeated" if url in kept or text[:300] in openings else rejection(url, text, protected)
        openings.add(text[:300])
        if reason:
            rejected[reason.split(" with ")[0]] += 1
            continue
        kept[url] = text
    runs = [run for text in kept.values() for run in tokenize(text)]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    write_windows(windows_of(runs, ORDER), args.out)
    args.sources.write_text("".join(f"{url}\n" for url in sorted(kept)), encoding="utf-8")
    print(f"kept {len(kept)} pages, {sum(map(len, runs)):,} words; not kept: {dict(rejected)}", file=sys.stderr)


if __name__ == "__main__":
    main()
