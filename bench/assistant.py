"""Benchmark of the assistant's retrieval on real citizens' questions and on the team-written sets, beside plain BM25.

Usage: python bench/assistant.py [--questions FILE ...] [--verbose] [--kinds]
First the real citizens' questions (bench/data/assistant_real_questions.tsv): the TEST half, as written and with the
marks stripped (the measure), then the tune half (guided changes, not a held-out figure). Then the team-written
sets (the tuning set, the first held-out set, the citizens'-style set in halves A and B). For each set: recall@1,
recall@3 and MRR (beside plain BM25 on procedure names, measured in the same run), the share of answerable
questions answered, answered with the right procedure first, unanswerable ones declined, aspect accuracy; then
latency p50/p95 on one core and peak memory. --kinds prints, for the real test half only, what still fails: each
outcome with its count and examples, and recall by the field (lĩnh vực) of the procedure a clerk would give.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cchc.assistant.parsing import SHIPPED_CORPUS, parse_record, read_records
from cchc.assistant.retrieval import Index, PlainBM25, doc_for_record

HERE = Path(__file__).resolve().parent


@dataclass
class Item:
    aspect: str
    codes: set[str]
    question: str


def load_questions(path: Path) -> list[Item]:
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        aspect, codes, question = line.split("\t")
        items.append(Item(aspect, set() if codes == "-" else set(codes.split(",")), question))
    return items


def load_real(path: Path, half: str) -> list[Item]:
    """One half ("tune" or "test") of the real questions: id, half, source URL, aspect, codes, question."""
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        _id, its_half, _url, aspect, codes, question = line.split("\t")
        if its_half == half:
            items.append(Item(aspect, set() if codes == "-" else set(codes.split(",")), question))
    return items


def without_marks(text: str) -> str:
    """The question as typed without Vietnamese marks (đ → d), punctuation and case kept."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def rank_of(codes: set[str], ranked: list[str]) -> int | None:
    for n, code in enumerate(ranked, start=1):
        if code in codes:
            return n
    return None


def summarise(ranks: list[int | None]) -> tuple[float, float, float]:
    n = len(ranks) or 1
    r1 = sum(1 for r in ranks if r == 1) / n
    r3 = sum(1 for r in ranks if r is not None and r <= 3) / n
    mrr = sum(1 / r for r in ranks if r is not None) / n
    return r1, r3, mrr


def evaluate(index: Index, baseline: PlainBM25, items: list[Item], verbose: bool) -> list[float]:
    """Print the figures for one question set; return the latencies (ms)."""
    answerable = [i for i in items if i.codes]
    unanswerable = [i for i in items if not i.codes]
    ranks: list[int | None] = []
    base_ranks: list[int | None] = []
    latencies: list[float] = []
    answered = 0
    answered_right = 0
    aspects_right = 0
    for item in answerable:
        t0 = time.perf_counter()
        result = index.search(item.question)
        latencies.append((time.perf_counter() - t0) * 1000)
        rank = rank_of(item.codes, [h.code for h in result.hits])
        ranks.append(rank)
        answered += result.answered
        answered_right += result.answered and rank == 1
        aspects_right += result.aspect == item.aspect
        base_ranks.append(rank_of(item.codes, baseline.search(item.question)))
        if verbose and (rank is None or rank > 3 or not result.answered or result.aspect != item.aspect):
            top = " | ".join(f"{h.code} {h.name[:50]} ({h.score:.2f}/{h.coverage:.2f})" for h in result.hits[:3])
            print(f"MISS r={rank} ans={result.answered} aspect={result.aspect}/{item.aspect} :: {item.question}")
            print(f"    {top}")
    declined = 0
    for item in unanswerable:
        t0 = time.perf_counter()
        result = index.search(item.question)
        latencies.append((time.perf_counter() - t0) * 1000)
        declined += not result.answered
        if verbose and result.answered:
            h = result.hits[0]
            print(f"FALSE ANSWER :: {item.question}\n    {h.code} {h.name[:70]} ({h.score:.2f}/{h.coverage:.2f})")
    r1, r3, mrr = summarise(ranks)
    b1, b3, bmrr = summarise(base_ranks)
    print(f"questions: {len(items)} ({len(answerable)} answerable, {len(unanswerable)} unanswerable)")
    print(f"{'':26}{'assistant':>10}{'plain BM25':>12}")
    print(f"{'recall@1':26}{r1:>10.3f}{b1:>12.3f}")
    print(f"{'recall@3':26}{r3:>10.3f}{b3:>12.3f}")
    print(f"{'MRR':26}{mrr:>10.3f}{bmrr:>12.3f}")
    print(f"{'answered (answerable)':26}{answered / max(len(answerable), 1):>10.3f}")
    print(f"{'answered and right':26}{answered_right / max(len(answerable), 1):>10.3f}")
    print(f"{'declined (unanswerable)':26}{declined / max(len(unanswerable), 1):>10.3f}")
    print(f"{'aspect accuracy':26}{aspects_right / max(len(answerable), 1):>10.3f}")
    return latencies


def outcome(codes: set[str], rank: int | None, answered: bool) -> str:
    """What happened to one question, in the words of the closing note."""
    if not codes:
        return "none: answered anyway" if answered else "none: declined"
    if rank == 1:
        return "answered right" if answered else "right procedure first, declined"
    where = "2nd-3rd" if rank is not None and rank <= 3 else "not in the top 3"
    return f"right procedure {where}, " + ("wrong one answered" if answered else "declined")


def kinds(index: Index, items: list[Item], fields: dict[str, str]) -> None:
    """Count the test half's outcomes, with two examples each, and recall@3 by the field of the right procedure."""
    found: dict[str, list[str]] = {}
    by_field: dict[str, list[bool]] = {}
    for item in items:
        result = index.search(item.question)
        rank = rank_of(item.codes, [h.code for h in result.hits])
        kind = outcome(item.codes, rank, result.answered)
        top = result.hits[0].name[:60] if result.hits else "-"
        found.setdefault(kind, []).append(f"«{item.question[:110]}» → {top}")
        if item.codes:
            field = fields.get(min(item.codes), "?")
            by_field.setdefault(field, []).append(rank is not None and rank <= 3)
    for kind, examples in sorted(found.items(), key=lambda kv: -len(kv[1])):
        print(f"{len(examples):4}  {kind}")
        for example in examples[:2]:
            print(f"        {example}")
    print("\nrecall@3 by field of the right procedure (fields with 3 or more questions):")
    for field, hits in sorted(by_field.items(), key=lambda kv: -len(kv[1])):
        if len(hits) >= 3:
            print(f"{len(hits):4}  {sum(hits) / len(hits):.2f}  {field}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--questions",
        type=Path,
        action="append",
        help="question file(s); default: all the sets in bench/data",
    )
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--kinds", action="store_true", help="what kinds of real test-half question still fail")
    args = parser.parse_args()
    real = HERE / "data" / "assistant_real_questions.tsv"
    real_sets = (
        []
        if args.questions
        else [
            ("real citizens' questions, TEST half (the measure)", load_real(real, "test")),
            (
                "real TEST half, marks stripped",
                [Item(i.aspect, i.codes, without_marks(i.question)) for i in load_real(real, "test")],
            ),
            ("real citizens' questions, tune half (tuned on: not held-out)", load_real(real, "tune")),
        ]
    )
    files = args.questions or [
        HERE / "data" / "assistant_questions.tsv",
        HERE / "data" / "assistant_questions_heldout.tsv",
        HERE / "data" / "assistant_questions_citizens_heldout_a.tsv",
        HERE / "data" / "assistant_questions_citizens_heldout_b.tsv",
    ]

    started = time.perf_counter()
    records = [parse_record(raw) for raw in read_records(SHIPPED_CORPUS)]
    parsed = time.perf_counter()
    docs = [doc_for_record(r.as_dict()) for r in records]
    index = Index(docs)
    built = time.perf_counter()
    baseline = PlainBM25(docs)
    index.search("khởi động")  # first-call costs are not a citizen's latency
    print(f"corpus: {len(records)} procedures (parse {parsed - started:.1f} s, index {built - parsed:.2f} s)")
    if args.kinds:
        kinds(index, load_real(real, "test"), {r.code: r.field for r in records})
        return
    latencies: list[float] = []
    for title, items in real_sets:
        print(f"\n== {title}")
        latencies += evaluate(index, baseline, items, args.verbose)
    for path in files:
        print(f"\n== {path.name}")
        latencies += evaluate(index, baseline, load_questions(path), args.verbose)
    latencies.sort()
    p95 = latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"\nlatency over {len(latencies)} questions, one core: p50 {statistics.median(latencies):.1f} ms, "
        f"p95 {p95:.1f} ms, max {latencies[-1]:.1f} ms"
    )
    print(f"peak memory (whole process, corpus parsed + index + baseline): {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
