"""Rebuild the diacritic-restoration n-gram counts (cchc/core/data/diacritics.npz) from text corpora.

Usage: the shipped file is built with `python tools/train_diacritics.py --shipped /work/shared`, which stands for

    python tools/train_diacritics.py \\
        /work/shared/data/corpus/laws/corpus:3 /work/shared/data/tthc/procedures.jsonl:3 \\
        /work/shared/data/units-2025:3 /work/shared/data/corpus/viwiki/viwiki-articles.tar.gz:1 \\
        cchc/core/data/diacritics-domain.txt:10 cchc/plans/seed_data/documents:10 --exclude 002_0d74eca503c23062 \\
        --exclude luat-thanh-tra --exclude luat-cong-nghe-thong-tin --exclude luat-thi-dua-khen-thuong \\
        --genre cchc/plans/seed_data/documents:1 cchc/core/data/diacritics-domain.txt:1 \\
        tools/data/genre-web.ngrams.tsv.gz:1 --genre-weight 0.5 --genre-discount 0.5 \\
        --out cchc/core/data/diacritics.npz

(further --exclude and --out may follow: bench/diacritics_loo.py builds the model without each seed plan in turn).

Each source is PATH[:WEIGHT]: a .txt file, a .tar.gz of .txt files, a .jsonl/.json file (string values with
Vietnamese marks), or a folder of those, or a counts file (….ngrams.tsv.gz, written by `--write-counts FILE` from
texts, or by tools/build_web_counts.py from pages collected on the web: a text's 4-gram windows, from which the same
model is built as from the text). WEIGHT multiplies its counts (give the administrative register more).

--genre builds a second, small model over the same vocabulary from the genre's own texts (CCHC plans), mixed with
the general one when scoring: P = (1 - w)·P_general + w·P_genre where the genre has an n-gram for the word, the
general model alone where it has none (NgramModel.score). w (--genre-weight) was chosen on the held-out texts of
bench/diacritics.py (0.3, 0.5, 0.8: 0.5 best). --genre-discount D takes D from each of the genre's n-gram counts
before dividing by its context's (absolute discounting: its few texts make many n-grams seen once look certain);
chosen on the held-out sets (docs/ocr.md). `--base FILE` keeps FILE's general model and rebuilds only the genre model
(seconds instead of the general model's minutes).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tarfile
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from multiprocessing import Pool
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cchc.core.diacritics.model import (
    BOS,
    EOS,
    ID_BITS,
    LOGP_STEP,
    MAX_VOCAB,
    NUM,
    SPECIAL_TOKENS,
    UNK,
    normalize_word,
    pack,
    segments,
)
from cchc.core.diacritics.syllables import has_marks

# Abbreviations of the administrative register whose Đ is easily lost (QD-UBND → QĐ-UBND).
ABBREVIATIONS = (
    "QĐ-UBND QĐ-TTg QĐ-BNV QĐ-CTUBND NĐ-CP HĐND HĐND-UBND UBND BCĐ BCĐ-CCHC ĐU ĐTN CĐ TTĐT TTĐT-ĐT BHXH TTHC CCHC"
    " CBCCVC BCH TW TU NQ-TW NQ-TU NQ-CP CT-TTg KH-UBND BC-UBND TB-UBND CV-UBND ĐBQH ĐVHC MTTQ HTX THCS THPT"
)
ABBREVIATION_WEIGHT = 20
ORDER = 4  # the n-gram order the model is built with (--order)
# A source given as n-gram counts instead of text (see write_windows).
COUNTS_SUFFIX = ".ngrams.tsv.gz"
Windows = Counter[tuple[str, ...]]
Grams = tuple[np.ndarray, np.ndarray]


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


def iter_texts(path: Path, exclude: list[str]) -> Iterator[str]:
    """Every text in a source, NFC, skipping files whose name contains an excluded fragment."""
    if any(fragment in path.name for fragment in exclude):
        print(f"  held out: {path.name}", file=sys.stderr)
        return
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            if child.is_file() and child.suffix in (".txt", ".json", ".jsonl") and child.name != "README.md":
                yield from iter_texts(child, exclude)
    elif path.name.endswith(".tar.gz"):
        with tarfile.open(path) as archive:
            for member in archive:
                if member.isfile() and member.name.endswith(".txt") and not member.name.endswith("README.md"):
                    handle = archive.extractfile(member)
                    if handle is not None:
                        yield unicodedata.normalize("NFC", handle.read().decode("utf-8", errors="replace"))
    elif path.suffix == ".jsonl":
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                if line.strip():
                    yield from (unicodedata.normalize("NFC", s) for s in _strings(json.loads(line)))
    elif path.suffix == ".json":
        yield from (unicodedata.normalize("NFC", s) for s in _strings(json.loads(path.read_text(encoding="utf-8"))))
    else:
        yield unicodedata.normalize("NFC", path.read_text(encoding="utf-8", errors="replace"))


def tokenize(text: str) -> list[list[str]]:
    """Runs of normalised lower-case tokens (numbers as <num>); every line break ends a run."""
    return [
        [SPECIAL_TOKENS[NUM] if token.is_number else normalize_word(token.text) for token in run]
        for run in segments(text, break_on_newline=True)
    ]


def read_source(spec: str, exclude: list[str]) -> tuple[list[list[str]] | Windows, int]:
    """A weighted source: the runs of its texts, or the n-gram windows of a counts file (COUNTS_SUFFIX)."""
    path_text, _, weight_text = spec.rpartition(":") if ":" in spec else (spec, "", "1")
    path = Path(path_text)
    weight = int(weight_text)
    if path.name.endswith(COUNTS_SUFFIX):
        windows = read_windows(path)
        print(f"  {path}: {sum(windows.values()):,} windows, weight {weight}", file=sys.stderr)
        return windows, weight
    runs: list[list[str]] = []
    with Pool(2) as pool:
        for result in pool.imap(tokenize, iter_texts(path, exclude), chunksize=16):
            runs.extend(result)
    print(f"  {path}: {sum(map(len, runs)):,} tokens, weight {weight}", file=sys.stderr)
    return runs, weight


def windows_of(runs: list[list[str]], order: int) -> Windows:
    """How often each order-gram window of the padded runs occurs (what count_ngrams counts, as words)."""
    pad = [SPECIAL_TOKENS[BOS]] * (order - 1)
    windows: Windows = Counter()
    for run in runs:
        tokens = [*pad, *run, SPECIAL_TOKENS[EOS]]
        windows.update(tuple(tokens[i - order + 1 : i + 1]) for i in range(order - 1, len(tokens)))
    return windows


def write_windows(windows: Windows, out: Path) -> None:
    """A counts file: one window a line, «count<TAB>word word …», sorted; gzip without a time stamp, so that the
    same texts give the same bytes."""
    lines = "".join(f"{count}\t{' '.join(gram)}\n" for gram, count in sorted(windows.items()))
    with out.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", filename="", mtime=0) as file:
        file.write(lines.encode("utf-8"))


def read_windows(path: Path) -> Windows:
    with gzip.open(path, "rt", encoding="utf-8") as file:
        return Counter(
            {tuple(gram.split(" ")): int(count) for count, gram in (line.rstrip("\n").split("\t") for line in file)}
        )


def token_counts(source: list[list[str]] | Windows) -> Counter[str]:
    """How often each word of a source occurs (a window counts the word it ends with)."""
    counts: Counter[str] = Counter()
    if isinstance(source, list):
        for run in source:
            counts.update(run)
        return counts
    for gram, count in source.items():
        counts[gram[-1]] += count
    counts.pop(SPECIAL_TOKENS[EOS], None)
    return counts


def ngram_source(source: list[list[str]] | Windows, index: dict[str, int], order: int) -> Callable[[int], Grams]:
    """The distinct k-gram keys of a source and their counts, for each k: from its text's id stream, or from its
    windows (each k-gram is the end of one window, and the windows hold no k-gram made of padding alone: a run
    has order - k of those)."""
    if isinstance(source, list):
        stream = id_stream(source, index, order)
        return lambda k: count_ngrams(stream, k)
    if len(next(iter(source), ())) != order:
        raise ValueError(f"the counts file's windows are not {order}-grams")
    ids = np.array([[index.get(token, UNK) for token in gram] for gram in source], dtype=np.int64).reshape(-1, order)
    counts = np.array(list(source.values()), dtype=np.float64)
    runs = counts[(ids[:, : order - 1] == BOS).all(axis=1)].sum()

    def grams(k: int) -> Grams:
        parts = [(pack([ids[:, j] for j in range(order - k, order)]), counts)]
        if k < order:
            parts.append((pack([np.array([BOS])] * k), np.array([runs * (order - k)])))
        return merge(parts)

    return grams


def id_stream(runs: list[list[str]], index: dict[str, int], order: int) -> np.ndarray:
    """All runs as one id array, each run padded with order-1 <s> and one </s>."""
    pad = [BOS] * (order - 1)
    ids: list[int] = []
    for run in runs:
        ids.extend(pad)
        ids.extend(index.get(token, UNK) for token in run)
        ids.append(EOS)
    return np.array(ids, dtype=np.int64)


def count_ngrams(stream: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Distinct k-gram keys of a padded id stream and their counts (windows never span a run's end)."""
    windows = [stream[i : len(stream) - k + 1 + i] for i in range(k)]
    valid = np.ones(len(windows[0]), dtype=bool)
    for column in windows[:-1]:
        valid &= column != EOS
    keys = pack([column[valid] for column in windows])
    return np.unique(keys, return_counts=True)


def merge(parts: list[Grams]) -> Grams:
    keys = np.concatenate([part[0] for part in parts])
    counts = np.concatenate([part[1] for part in parts])
    unique, inverse = np.unique(keys, return_inverse=True)
    return unique, np.bincount(inverse, weights=counts)


def count_tables(
    sources: list[tuple[list[list[str]] | Windows, int]],
    index: dict[str, int],
    order: int,
    min_count: list[float],
    prefix: str,
    started: float,
    discount: float = 0.0,
) -> dict[str, np.ndarray]:
    """Unigram counts and quantised 2- to order-gram log probabilities of weighted sources, as named arrays
    ("unigram_counts", "n2_q", "n2_c0" … for the general model; prefix "g" names the genre model's)."""
    streams = [(ngram_source(source, index, order), weight) for source, weight in sources]
    arrays: dict[str, np.ndarray] = {}
    unigram_keys, unigram_counts = merge([(k, c * w) for grams, w in streams for k, c in [grams(1)]])
    counts = np.zeros(len(index))
    counts[unigram_keys.astype(np.int64)] = unigram_counts
    counts[BOS] = 0
    if prefix == "n":  # the genre model has no unigram of its own (the general one's stands for it)
        arrays["unigram_counts"] = np.round(counts).astype(np.uint32)
    mask = np.uint64((1 << ID_BITS) - 1)
    for k in range(2, order + 1):
        keys, weighted = merge([(key, c * w) for grams, w in streams for key, c in [grams(k)]])
        prefixes = keys >> np.uint64(ID_BITS)
        _, group = np.unique(prefixes, return_inverse=True)
        context = np.bincount(group, weights=weighted)[group]
        keep = weighted >= min_count[k - 2]
        logp = np.log10((weighted[keep] - discount) / context[keep])
        keys = keys[keep]
        arrays[f"{prefix}{k}_q"] = np.clip(np.round(-logp / LOGP_STEP), 0, 255).astype(np.uint8)
        for i in range(k):
            shift = np.uint64(ID_BITS * (k - 1 - i))
            arrays[f"{prefix}{k}_c{i}"] = ((keys >> shift) & mask).astype(np.uint16)
        print(
            f"{prefix}: {k}-grams kept {keep.sum():,} of {len(keep):,} ({time.monotonic() - started:.0f} s)",
            file=sys.stderr,
        )
    return arrays


def build_general(args: argparse.Namespace, started: float) -> tuple[dict[str, np.ndarray], dict[str, int]]:
    """The general model's vocabulary and counts from the weighted sources (and the abbreviations)."""
    sources = [read_source(spec, args.exclude) for spec in args.sources]
    sources.append((tokenize(ABBREVIATIONS), ABBREVIATION_WEIGHT))
    frequency: Counter[str] = Counter()
    for source, weight in sources:
        for token, count in token_counts(source).items():
            frequency[token] += count * weight
    frequency.pop(SPECIAL_TOKENS[NUM], None)
    # Most frequent first, ties by the word: the same counts give the same vocabulary whatever form a source has.
    ranked = sorted(frequency.items(), key=lambda item: (-item[1], item[0]))[: MAX_VOCAB - len(SPECIAL_TOKENS)]
    kept = [token for token, count in ranked if count >= 3]
    vocab = [*SPECIAL_TOKENS, *kept]
    index = {token: i for i, token in enumerate(vocab)}
    print(f"vocabulary {len(vocab):,} ({time.monotonic() - started:.0f} s)", file=sys.stderr)

    arrays: dict[str, np.ndarray] = {
        "order": np.array(args.order),
        "vocab": np.frombuffer("\n".join(vocab).encode("utf-8"), dtype=np.uint8),
    }
    arrays.update(count_tables(sources, index, args.order, args.min_count, "n", started))
    return arrays, index


def shipped_arguments(shared: Path) -> list[str]:
    """The arguments the shipped model was built with (see the module's usage), with the shared data at `shared`."""
    data = shared / "data"
    return [
        f"{data}/corpus/laws/corpus:3",
        f"{data}/tthc/procedures.jsonl:3",
        f"{data}/units-2025:3",
        f"{data}/corpus/viwiki/viwiki-articles.tar.gz:1",
        "cchc/core/data/diacritics-domain.txt:10",
        "cchc/plans/seed_data/documents:10",
        *("--exclude", "002_0d74eca503c23062", "--exclude", "luat-thanh-tra"),
        *("--exclude", "luat-cong-nghe-thong-tin", "--exclude", "luat-thi-dua-khen-thuong"),
        *("--genre-weight", "0.5", "--genre-discount", "0.5", "--out", "cchc/core/data/diacritics.npz"),
        "--genre",
        "cchc/plans/seed_data/documents:1",
        "cchc/core/data/diacritics-domain.txt:1",
        "tools/data/genre-web.ngrams.tsv.gz:1",
    ]


def main() -> None:
    argv = sys.argv[1:]
    if argv[:1] == ["--shipped"]:
        argv = [*shipped_arguments(Path(argv[1])), *argv[2:]]
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sources", nargs="*", help="PATH[:WEIGHT]")
    parser.add_argument("--base", type=Path, help="keep this file's general model, rebuild the genre model only")
    parser.add_argument("--exclude", action="append", default=[], help="hold out files whose name contains this")
    parser.add_argument("--order", type=int, default=ORDER)
    parser.add_argument("--min-count", type=float, nargs="+", default=[2, 3, 4], help="per order from 2 up")
    parser.add_argument("--genre", nargs="*", default=[], help="PATH[:WEIGHT] of the genre's own model")
    parser.add_argument("--genre-weight", type=float, default=0.3, help="its share when mixed with the general")
    parser.add_argument("--genre-discount", type=float, default=0.0)
    parser.add_argument("--genre-min-count", type=float, nargs="+", default=[1, 1, 1], help="per order from 2 up")
    parser.add_argument("--out", type=Path, default=Path("cchc/core/data/diacritics.npz"))
    parser.add_argument("--write-counts", type=Path, help=f"write the sources' n-gram counts here (…{COUNTS_SUFFIX})")
    args = parser.parse_args(argv)
    started = time.monotonic()
    if args.write_counts:
        windows: Windows = Counter()
        for spec in args.sources:
            source, _ = read_source(spec, args.exclude)
            windows.update(source if isinstance(source, Counter) else windows_of(source, args.order))
        write_windows(windows, args.write_counts)
        return

    if args.base:
        # Keep the general model of an existing file (its vocabulary and counts), rebuild only the genre model.
        with np.load(args.base, allow_pickle=False) as data:
            arrays = {name: data[name] for name in data.files if name == "order" or not name.startswith("g")}
        vocab = bytes(arrays["vocab"]).decode("utf-8").split("\n")
        index = {token: i for i, token in enumerate(vocab)}
        args.order = int(arrays["order"])
    else:
        arrays, index = build_general(args, started)
    if args.genre:
        # The genre's own model over the same vocabulary, interpolated with the general one when scoring.
        genre = [read_source(spec, args.exclude) for spec in args.genre]
        arrays.update(count_tables(genre, index, args.order, args.genre_min_count, "g", started, args.genre_discount))
        arrays["genre_weight"] = np.array(args.genre_weight)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, **arrays)  # type: ignore[arg-type]
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)", file=sys.stderr)


if __name__ == "__main__":
    main()
