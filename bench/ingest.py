"""Ingestion benchmark: import the five seed plans and the unseen-layout plans and score them against their answers.

    .venv/bin/python bench/ingest.py [--detail] [--dump DIR]
    .venv/bin/python bench/ingest.py --scanned [--dpi 150,200,300] [--seeds 1,2] [--docs 000,003] [--pages20]

Prints, per document and overall, the figures of bench/score_plan.py (micro-F1 over all fields), the import
time per document, and the accuracy of diacritic restoration on the documents that lost their marks. The seeds
and the unseen layouts (tests/fixtures/importing/unseen: plans written in layouts the seeds do not show, to
measure generalisation) are reported separately.

--scanned reports scanned documents apart: each seed's answer printed as the official .docx, made a PDF by
LibreOffice (its text layer scored first: the ceiling a scan can reach) and scanned at each dpi with each random
seed by tests/fixtures/importing/scanned/make_scans.py (±2°, grain, JPEG, red stamp). Per document and dpi:
micro-F1, seconds per page (one OCR worker, so one core), CPU seconds per page (this process and its tesseract
children) and peak memory. The answer's references the printed document does not carry (cited only in body text
the printer leaves out) are listed under it: no reading of that document can find them. --pages20 also reads a
20-page scan with the page progress printed.
"""

from __future__ import annotations

import importlib.util
import io
import json
import sys
import time
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cchc.plans.importing import import_document  # noqa: E402

SEEDS = ROOT / "cchc" / "plans" / "seed_data"
UNSEEN = ROOT / "tests" / "fixtures" / "importing" / "unseen"


def seed_pairs() -> list[tuple[Path, Path]]:
    return [(p, SEEDS / "gold" / f"{p.stem}.json") for p in sorted((SEEDS / "documents").glob("*.txt"))]


def unseen_pairs() -> list[tuple[Path, Path]]:
    """Each answer (<stem>.json) with the document it answers (its `source`)."""
    pairs = []
    for gold in sorted(UNSEEN.glob("*.json")):
        pairs.append((UNSEEN / json.loads(gold.read_text(encoding="utf-8"))["source"], gold))
    return pairs


def load_scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_plan", ROOT / "bench" / "score_plan.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def restoration_accuracy(gold: dict, plan: dict) -> tuple[float, int]:
    """Share of words spelt with the right marks, among the words whose letters came out right.

    Texts are paired field by field (objectives, requirements, audiences, duties) and aligned word by word on
    their folded forms, so OCR letter errors (which no restorer can mend) are left out of the count.
    """
    from difflib import SequenceMatcher

    from cchc.core.text import fold

    def texts(p: dict) -> list[list[str]]:
        fields = [p.get(k) or [] for k in ("objectives", "requirements", "audiences")]
        fields += [r.get("duties") or [] for r in p.get("responsibilities") or []]
        return fields

    total = right = 0
    for gold_field, pred_field in zip(texts(gold), texts(plan), strict=False):
        for g, p in zip(gold_field, pred_field, strict=False):
            gw, pw = g.lower().split(), p.lower().split()
            matcher = SequenceMatcher(None, [fold(w) for w in gw], [fold(w) for w in pw], autojunk=False)
            for block in matcher.get_matching_blocks():
                for k in range(block.size):
                    total += 1
                    right += gw[block.a + k] == pw[block.b + k]
    return (right / total if total else 0.0), total


def score_set(label: str, pairs: list[tuple[Path, Path]], scorer: ModuleType, detail: bool, dump: Path | None) -> None:
    print(f"--- {label}")
    overall = scorer.Tally()
    for path, gold_path in pairs:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        started = time.perf_counter()
        draft = import_document(path.read_bytes(), path.name)
        elapsed = time.perf_counter() - started
        tally = scorer.score_plan(gold, draft.plan)
        overall.merge(tally)
        scorer.report(f"{path.stem} ({elapsed:.2f} s)", tally, detail)
        if dump:
            dump.mkdir(parents=True, exist_ok=True)
            (dump / f"{path.stem}.json").write_text(json.dumps(draft.plan, ensure_ascii=False, indent=1), "utf-8")
        if draft.warnings and any("khôi phục dấu" in w for w in draft.warnings):
            accuracy, words = restoration_accuracy(gold, draft.plan)
            print(f"  diacritics restored: {100 * accuracy:.1f} % of {words} words whose letters OCR kept right")
    scorer.report(f"ALL {label}", overall, True)


def main(argv: list[str]) -> int:
    scorer = load_scorer()
    detail = "--detail" in argv
    dump = Path(argv[argv.index("--dump") + 1]) if "--dump" in argv else None
    try:
        from cchc.core.diacritics import get_model

        started = time.perf_counter()
        get_model()
        print(f"diacritics model loaded in {time.perf_counter() - started:.2f} s (once per process, not counted below)")
    except Exception as exc:  # the model is another module's: report and go on without it
        print(f"diacritics model unavailable ({type(exc).__name__}); unmarked texts are parsed without restoration")
    if "--scanned" in argv:
        return scanned(argv, scorer, detail)
    score_set("seeds", seed_pairs(), scorer, detail, dump)
    score_set("unseen layouts", unseen_pairs(), scorer, detail, dump)
    pdf_timing()
    return 0


def pdf_timing(pages: int = 10) -> None:
    """Time the import of a PDF with a text layer of `pages` pages (seed text laid out by the test helper)."""
    from cchc.plans.tests.test_importing_formats import text_to_pdf

    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted((SEEDS / "documents").glob("00[03]_*.txt")))
    data = text_to_pdf(text, lines_per_page=max(1, len(text.splitlines()) // pages + 1))
    started = time.perf_counter()
    draft = import_document(data, "bench.pdf")
    elapsed = time.perf_counter() - started
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        count = len(pdf.pages)
    print(
        f"PDF with a text layer: {count} pages imported in {elapsed:.2f} s ({len(draft.plan['activities'])} activities)"
    )


def _option(argv: list[str], name: str, default: str) -> list[str]:
    return (argv[argv.index(name) + 1] if name in argv else default).split(",")


def _cpu_seconds() -> float:
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _peak_mb() -> tuple[float, float]:
    """Peak resident memory of this process and of its largest child (tesseract, pdftoppm), in MB."""
    import resource

    return (
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    )


def scanned(argv: list[str], scorer: ModuleType, detail: bool) -> int:
    import os

    import pdfplumber

    os.environ["OCR_WORKERS"] = os.environ.get("OCR_WORKERS", "1")  # s/page on one core unless asked otherwise
    spec = importlib.util.spec_from_file_location("make_scans", UNSEEN.parent / "scanned" / "make_scans.py")
    assert spec and spec.loader
    scans = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scans)
    dpis = [int(d) for d in _option(argv, "--dpi", "150,200,300")]
    seeds = [int(s) for s in _option(argv, "--seeds", "1")]
    docs = _option(argv, "--docs", "")
    golds = [g for g in sorted((SEEDS / "gold").glob("*.json")) if not docs[0] or g.stem[:3] in docs]
    print(f"--- scanned seeds (OCR_WORKERS={os.environ['OCR_WORKERS']})")
    by_dpi: dict[int, list[float]] = {}
    printed: dict[str, bytes] = {}
    for gold_path in golds:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        pdf = scans.plan_pdf(gold)
        printed[gold_path.stem] = pdf
        draft = import_document(pdf, "in.pdf")
        scorer.report(f"{gold_path.stem} printed PDF (text layer)", scorer.score_plan(gold, draft.plan), False)
        with pdfplumber.open(io.BytesIO(pdf)) as document:
            printed_text = "".join("".join((page.extract_text() or "").split()) for page in document.pages)
        unprinted = [number for number in gold["references"] if "".join(number.split()) not in printed_text]
        if unprinted:  # the printer prints the answer's fields: documents cited only in body text are not printed
            print(f"  not in the printed document, so no reading can find them: references {', '.join(unprinted)}")
        for dpi in dpis:
            for seed in seeds:
                data = scans.scan_pages(pdf, dpi, seed)
                with pdfplumber.open(io.BytesIO(data)) as document:
                    pages = len(document.pages)
                cpu, started = _cpu_seconds(), time.perf_counter()
                draft = import_document(data, "scan.pdf", time_limit=600)
                elapsed, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
                tally = scorer.score_plan(gold, draft.plan)
                f1 = scorer.prf(*tally.total())[2]
                by_dpi.setdefault(dpi, []).append(f1)
                scorer.report(
                    f"{gold_path.stem} scan {dpi} dpi seed {seed}: {pages} pages, {elapsed / pages:.1f} s/page, "
                    f"{cpu / pages:.1f} CPU s/page, {len(data) / 1e6:.1f} MB",
                    tally,
                    detail,
                )
    for dpi, scores in sorted(by_dpi.items()):
        print(f"scanned {dpi} dpi: micro-F1 min {min(scores):.3f}, mean {sum(scores) / len(scores):.3f}")
    own, child = _peak_mb()
    print(f"peak memory: {own:.0f} MB this process, {child:.0f} MB largest child (tesseract/pdftoppm)")
    if "--pages20" in argv:
        twenty(scans, printed)
    return 0


def twenty(scans: ModuleType, printed: dict[str, bytes]) -> None:
    """A 20-page scan (seed pages one after another) read with its page progress printed."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        names = []
        for k, pdf in enumerate(printed.values()):
            names.append(f"{tmp}/{k}.pdf")
            Path(names[-1]).write_bytes(pdf)
        subprocess.run(["pdfunite", *names, f"{tmp}/all.pdf"], check=True)
        data = scans.scan_pages(Path(f"{tmp}/all.pdf").read_bytes(), 200, 1, pages=list(range(20)))
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        print(f"  page {done}/{total} after {time.perf_counter() - started:.0f} s", flush=True)

    from cchc.plans.importing.readers import read_document

    read_document(data, "20-pages.pdf", progress)
    print(f"20-page scan read in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
