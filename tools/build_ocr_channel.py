"""Learn how Latin-only OCR reads Vietnamese letters (cchc/core/data/ocr-channel.json).

Usage (the shipped file was built with):

    python tools/build_ocr_channel.py pages cchc/plans/seed_data/documents/00[0134]_*.txt \\
        /work/shared/data/corpus/laws/corpus/luat-to-chuc-hoi-dong-nhan-dan-va-uy-ban-nhan-dan.txt:200 \\
        /work/shared/data/corpus/laws/corpus/luat-bao-chi.txt:120 \\
        /work/shared/data/corpus/laws/corpus/luat-khieu-nai-to-cao.txt:120 --out bench/data/ocr_pages_train.jsonl.gz
    python tools/build_ocr_channel.py learn bench/data/ocr_pages_train.jsonl.gz --out cchc/core/data/ocr-channel.json

(the training pages are kept, so `learn` rebuilds the shipped file exactly without Tesseract; `--exclude FRAGMENT`
leaves out the pages of the texts whose name holds it: bench/diacritics_loo.py learns without each seed plan in turn)
and the held-out pages of bench/diacritics.py with:

    python tools/build_ocr_channel.py pages /work/shared/data/corpus/laws/corpus/luat-thanh-tra.txt:240 \\
        /work/shared/data/corpus/laws/corpus/luat-thi-dua-khen-thuong.txt:240 \\
        /work/shared/data/corpus/laws/corpus/luat-cong-nghe-thong-tin.txt:240 \\
        --out bench/data/ocr_pages_heldout.jsonl.gz

(the two forms printed and scanned were added later: `pages ... --forms scan-200 scan-bw-150` on the same texts,
written to another file and appended to each; `cat` joins gzip files).

`pages` renders each text (PATH[:LINES], marked Vietnamese) to page images in eight forms (FORMS: Liberation Serif
at 200 dpi clean, worn, askew, bold and italic, and at 150 dpi; printed and scanned, in grey at 200 dpi and in black
and white at 150 dpi) and reads them back with `tesseract -l eng`, the Latin-only model that damages Vietnamese the
way the OCR text of seed 002 is damaged (needs tesseract and fonts-liberation2). `learn` pairs each word read with
the word meant (the texts' words aligned on their letters without marks, after the same clean-up restoration does)
and estimates, by hard EM over the best alignments (`channel.align`), the probability of each string each letter is
read as: one table from the pages printed clean, one from the pages printed and scanned (restoration weighs the two
per document). Seed 002 is never used: it is the test.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import math
import os
import random
import re
import subprocess
import sys
import tempfile
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from difflib import SequenceMatcher
from multiprocessing import Pool
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cchc.core.diacritics import ocr
from cchc.core.diacritics.channel import KINDS, Channel, align
from cchc.core.diacritics.model import normalize_word, segments
from cchc.core.diacritics.syllables import fold, has_marks, is_folded_syllable

FONTS = "/usr/share/fonts/truetype/liberation2/LiberationSerif-{}.ttf"


class Form(NamedTuple):
    """How a page is drawn and damaged: font style, size in pixels (38 px is 14 pt at 200 dpi, 58 px at 300 dpi),
    blur radius, share of specks, slant of the page in degrees (a scan laid a little askew); and for a printed page
    scanned: ink spread (a minimum filter of this many pixels: toner and a scanner's optics thicken strokes), the
    scale the page is scanned at, a threshold below which a pixel is black (a scan in black and white, 0: in grey)
    and a JPEG quality (0: none)."""

    style: str
    size: int
    blur: float = 0.0
    specks: float = 0.0
    slant: float = 0.0
    spread: int = 0
    scale: float = 1.0
    threshold: int = 0
    jpeg: int = 0

    @property
    def kind(self) -> str:
        """The channel its pages teach: pages printed clean (the file's own table) or printed and scanned."""
        return "scan" if self.spread else ""


FORMS = {
    "clean-200": Form("Regular", 38),
    "worn-200": Form("Regular", 38, blur=0.9, specks=0.02),
    "clean-150": Form("Regular", 29),
    "bold-200": Form("Bold", 38),
    "italic-200": Form("Italic", 38),
    "askew-200": Form("Regular", 38, blur=0.6, slant=0.4),
    # Printed and scanned: drawn at 300 dpi, strokes thickened, then scanned in grey at 200 dpi with JPEG, or in
    # black and white at 150 dpi. Marks merge with their letters («nhân» read «nhén», «tháng» «thing»).
    "scan-200": Form("Regular", 58, blur=1.0, spread=3, scale=2 / 3, jpeg=40),
    "scan-bw-150": Form("Regular", 58, blur=0.8, spread=3, scale=0.5, threshold=150),
}
LINES_PER_PAGE = 40
# Smoothing: a letter's reads lean on those of its base letter (e for ế) with this weight; then a share NOISE of
# every letter is read at random (a speck, a broken glyph of a real scan): nothing with probability UNIFORM[0],
# one of 40 characters or one of 1,600 pairs with the rest.
LETTER_PRIOR = 5.0
NOISE = 1e-4
UNIFORM = (0.2, 0.6 / 40, 0.2 / 1600)
EM_ROUNDS = 3


def _wrap(paragraphs: list[str], font: object, width: float) -> list[str]:
    lines = []
    for paragraph in paragraphs:
        line = ""
        for word in paragraph.split():
            longer = f"{line} {word}".strip()
            if line and font.getlength(longer) > width:  # type: ignore[attr-defined]
                lines.append(line)
                line = word
            else:
                line = longer
        if line:
            lines.append(line)
    return lines


def _read_page(job: tuple[str, str, list[str]]) -> dict[str, str]:
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    name, form, lines = job
    look = FORMS[form]
    font = ImageFont.truetype(FONTS.format(look.style), look.size)
    width, height = int(1654 * look.size / 38), int(look.size * 1.45)
    image = Image.new("L", (width, 80 + len(lines) * height), 255)
    draw = ImageDraw.Draw(image)
    for k, line in enumerate(lines):
        draw.text((int(width * 0.1), 40 + k * height), line, font=font, fill=0)
    if look.spread:
        image = image.filter(ImageFilter.MinFilter(look.spread))
    if look.slant:
        image = image.rotate(look.slant, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    if look.blur:
        image = image.filter(ImageFilter.GaussianBlur(look.blur))
    if look.specks:
        rng, pixels = random.Random(name), image.load()
        assert pixels is not None
        for _ in range(int(look.specks * image.size[0] * image.size[1] / 50)):
            pixels[rng.randrange(image.size[0]), rng.randrange(image.size[1])] = rng.choice((0, 255))
    if look.scale != 1:
        size = (round(image.size[0] * look.scale), round(image.size[1] * look.scale))
        image = image.resize(size, Image.Resampling.BILINEAR)
    if look.threshold:
        image = image.point(lambda value: 255 if value > look.threshold else 0)
    if look.jpeg:
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=look.jpeg)
        image = Image.open(io.BytesIO(buffer.getvalue()))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "page.png"
        image.save(path)
        read = subprocess.run(
            ["tesseract", str(path), "-", "-l", "eng"],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        ).stdout
    return {"page": name, "form": form, "source": "\n".join(lines), "ocr": read}


def pages(sources: list[str], out: Path, forms: list[str]) -> None:
    from PIL import ImageFont

    font = ImageFont.truetype(FONTS.format("Regular"), 38)
    jobs = []
    for spec in sources:
        path, _, limit = spec.partition(":")
        text = unicodedata.normalize("NFC", Path(path).read_text(encoding="utf-8"))
        text = re.sub(r"(?m)^#+\s*", "", text).replace("*", "")
        paragraphs = [line.strip() for line in text.splitlines() if line.strip() and line.strip()[0] not in "|["]
        lines = _wrap(paragraphs, font, 1654 * 0.8)[: int(limit) if limit else None]
        for start in range(0, len(lines), LINES_PER_PAGE):
            for form in forms:
                jobs.append(
                    (f"{Path(path).stem}-{start // LINES_PER_PAGE}", form, lines[start : start + LINES_PER_PAGE])
                )
    print(f"{len(jobs)} pages", file=sys.stderr)
    with Pool(os.cpu_count()) as pool, gzip.open(out, "wt", encoding="utf-8") as file:
        for page in pool.imap(_read_page, jobs):
            file.write(json.dumps(page, ensure_ascii=False) + "\n")


def read_pages(path: Path, exclude: Iterable[str] = ()) -> Iterator[dict[str, str]]:
    """The pages of a file written by `pages` (JSON lines, gzip), but those of texts whose name holds a fragment of
    `exclude`."""
    with gzip.open(path, "rt", encoding="utf-8") as file:
        for line in file:
            page = json.loads(line)
            if not any(fragment in page["page"] for fragment in exclude):
                yield page


def ocr_words(text: str) -> list[str]:
    """The words of OCR output as restoration sees them (symbols cleaned, run-together words put apart)."""
    text = ocr.clean_symbols(unicodedata.normalize("NFC", text))
    text = ocr.split_joined(text, is_folded_syllable, has_marks)
    return [token.text for run in segments(text, break_on_newline=False) for token in run]


def word_pairs(source: str, read: str) -> Counter[tuple[str, str]]:
    """(meant, read) lower-case word pairs: words aligned on their letters without marks; in a stretch that differs,
    words paired in order where both sides have as many."""
    meant = [normalize_word(w) for w in ocr_words(source)]
    seen = [unicodedata.normalize("NFC", w.lower()) for w in ocr_words(read)]
    pairs: Counter[tuple[str, str]] = Counter()
    matcher = SequenceMatcher(None, [fold(w) for w in meant], [fold(w) for w in seen], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("equal", "replace") and i2 - i1 == j2 - j1:
            for m, r in zip(meant[i1:i2], seen[j1:j2], strict=True):
                if m.isalpha() and len(r) <= 2 * len(m) + 2:
                    pairs[(m, r)] += 1
    return pairs


def _base(letter: str) -> str:
    return fold(letter) if letter else ""


def estimate(counts: dict[str, Counter[str]]) -> dict[str, dict[str, float]]:
    """log10 P(read string | letter) from counted steps: smoothed towards the base letter's, mixed with NOISE."""
    by_base: dict[str, Counter[str]] = defaultdict(Counter)
    for letter, reads in counts.items():
        by_base[_base(letter)].update(reads)
    table: dict[str, dict[str, float]] = {}
    for letter, reads in counts.items():
        base = by_base[_base(letter)]
        base_total, total = sum(base.values()), sum(reads.values())
        table[letter] = {
            seen: round(
                math.log10(
                    (1 - NOISE) * (reads[seen] + LETTER_PRIOR * base[seen] / base_total) / (total + LETTER_PRIOR)
                    + NOISE * UNIFORM[len(seen)]
                ),
                3,
            )
            for seen in base
            if len(seen) <= 2
        }
    return table


def learn(pages_path: Path, out: Path, exclude: list[str]) -> None:
    """The channel file: a table learned from the pages printed clean, and one per other kind of page
    (`channel.KINDS`) learned from its own pages, where the pages hold any."""
    pairs: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    for page in read_pages(pages_path, exclude):
        pairs[FORMS[page["form"]].kind].update(word_pairs(page["source"], page["ocr"]))
    data: dict[str, object] = {
        "source": "tools/build_ocr_channel.py: marked texts rendered to pages, read by tesseract -l eng",
        **_learn_table(pairs.pop("", Counter())),
    }
    data.update({kind: _learn_table(pairs[kind]) for kind in KINDS if kind in pairs})
    out.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n", encoding="utf-8")


def _learn_table(pairs: Counter[tuple[str, str]]) -> dict[str, object]:
    """log10 P(read string | letter) learned by hard EM over the best alignments of the word pairs."""
    print(f"{sum(pairs.values())} words, {len(pairs)} distinct pairs", file=sys.stderr)
    floor = [round(math.log10(NOISE * share), 3) for share in UNIFORM]

    def initial(letter: str, seen: str) -> float:
        if not letter:
            return -2.5
        if len(seen) == 1 and fold(seen) == fold(letter):
            return -0.1
        return -2.0 if len(seen) == 1 else -2.5

    logp = initial
    table: dict[str, dict[str, float]] = {}
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for _ in range(EM_ROUNDS):
        counts = defaultdict(Counter)
        for (meant, read), count in pairs.items():
            for letter, seen in align(meant, read, logp)[1]:
                counts[letter][seen] += count
        table = estimate(counts)
        logp = Channel(table, floor).logp
    changed = Counter({(m, s): c for m, reads in counts.items() for s, c in reads.items() if fold(s) != fold(m)})
    print("most frequent misreadings:", changed.most_common(40), file=sys.stderr)
    return {"words": sum(pairs.values()), "reads": table, "floor": floor}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("step", choices=("pages", "learn"))
    parser.add_argument("inputs", nargs="+")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--exclude", action="append", default=[], help="learn: leave out texts whose name holds this")
    parser.add_argument("--forms", nargs="+", choices=FORMS, default=list(FORMS), help="pages: draw these forms")
    args = parser.parse_args()
    if args.step == "pages":
        pages(args.inputs, args.out, args.forms)
    else:
        learn(Path(args.inputs[0]), args.out, args.exclude)


if __name__ == "__main__":
    main()
